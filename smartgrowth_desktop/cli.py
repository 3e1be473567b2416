"""``smartgrowth-cli``: everything the desktop app does, headless.

Errors go to stderr with a non-zero exit (1 for a problem with the data or the profile,
2 for a wrong command line); ``--json`` prints one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from smartgrowth_desktop import __version__
from smartgrowth_desktop.core.errors import SmartGrowthError, ValidationError
from smartgrowth_desktop.core.schema import KINDS, LEAD_STAGES
from smartgrowth_desktop.services.profile import Profile, default_data_dir

Handler = Callable[[Profile, argparse.Namespace], int]


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- commands -----------------------------------------------------------------------------


def cmd_demo_data(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.demo import DemoService

    service = DemoService(profile)
    summary = service.load_programme() if args.scale == 0 or not args.only_volume else {}
    if args.scale:
        summary = {**summary, **service.add_volume(args.scale)}
    if args.json:
        _print_json(summary)
    else:
        for kind, count in summary.items():
            print(f"{count:>8}  {kind}")
    return 0


def cmd_import_json(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.interchange import import_document, load_document

    report = import_document(profile, load_document(Path(args.file)), dry_run=args.dry_run)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        _print_json(report.to_json())
        return 0
    verb = "would create" if args.dry_run else "created"
    for label, counter in (
        (verb, report.created),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("kept (newer here)", report.kept_local),
    ):
        for kind, count in counter.items():
            print(f"{label:>18}: {count} {kind}")
    if not (report.created or report.updated or report.unchanged or report.kept_local):
        print("nothing to import")
    return 0


def cmd_export_json(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.interchange import export_document, write_document

    document = export_document(profile, include_deleted=args.include_deleted)
    if args.file == "-":
        _print_json(document)
        return 0
    write_document(document, Path(args.file))
    counts = ", ".join(f"{len(document[k])} {k}" for k in document if isinstance(document[k], list))
    print(f"exported {counts} to {args.file}", file=sys.stderr)
    return 0


def cmd_search(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.search import SearchService

    kinds = [args.kind] if args.kind else None
    results = SearchService(profile).search(args.query, kinds=kinds, limit=args.limit)
    if args.json:
        _print_json({"query": args.query, "results": [r.to_json() for r in results]})
        return 0
    for result in results:
        detail = f"  — {result.detail}" if result.detail else ""
        print(f"{result.kind:<13} {result.record_id}  {result.label}{detail}")
    if not results:
        print(f"no results for {args.query!r}", file=sys.stderr)
    return 0


def cmd_stats(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.stats import StatsService

    today = date.fromisoformat(args.today) if args.today else None
    indicators = StatsService(profile).indicators(today)
    if args.json:
        _print_json({"indicators": [i.to_json() for i in indicators]})
        return 0
    for indicator in indicators:
        target = indicator.to_json()["target"]
        mark = "reached" if indicator.reached else "not yet"
        print(f"{indicator.label:<28} {indicator.value:>4} / {target:<5} {mark}")
    return 0


def _parse_values(pairs: Sequence[str], json_text: str | None) -> dict[str, Any]:
    values: dict[str, Any] = json.loads(json_text) if json_text else {}
    if not isinstance(values, dict):
        raise ValidationError("--json-values", "expected a JSON object")
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep:
            raise ValidationError(pair, "expected FIELD=VALUE")
        try:
            values[name.strip()] = json.loads(text)
        except json.JSONDecodeError:
            values[name.strip()] = text
    return values


def cmd_add(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.records import RecordService

    values = _parse_values(args.set, args.values)
    record_id = RecordService(profile).create(args.kind, values)
    print(record_id)
    return 0


def cmd_edit(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.records import RecordService

    values = _parse_values(args.set, args.values)
    changed = RecordService(profile).update(args.kind, args.id, values)
    print(", ".join(sorted(changed)) if changed else "nothing changed", file=sys.stderr)
    return 0


def cmd_delete(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.records import RecordService

    service = RecordService(profile)
    done = (
        service.restore(args.kind, args.id) if args.restore else service.delete(args.kind, args.id)
    )
    if not done:
        state = "not in the trash" if args.restore else "already in the trash"
        print(f"{args.kind} {args.id} is {state}", file=sys.stderr)
    return 0


def cmd_show(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.records import RecordService

    _print_json(RecordService(profile).get_wire(args.kind, args.id))
    return 0


def cmd_list(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.core.schema import kind as kind_of
    from smartgrowth_desktop.core.wire import to_wire
    from smartgrowth_desktop.services.records import RecordService

    records = RecordService(profile).list(args.kind, deleted=args.deleted, limit=args.limit)
    rows = [to_wire(kind_of(args.kind), r) for r in records]
    if args.json:
        _print_json(rows)
        return 0
    label = {"contact": "family_name", "meeting": "title", "lead": "title", "follow_up": "text"}
    for row in rows:
        print(f"{row['id']}  {row.get(label.get(args.kind, 'name')) or ''}")
    return 0


def cmd_move_lead(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.leads import LeadService

    moved = LeadService(profile).move(args.id, args.stage, args.note)
    print("moved" if moved else f"already at {args.stage}", file=sys.stderr)
    return 0


def cmd_attach(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.attachments import AttachmentService

    record_id = AttachmentService(profile).attach_file(
        args.kind, args.id, Path(args.file), role=args.role
    )
    print(record_id)
    return 0


def cmd_pack(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.packs import PackService

    service = PackService(profile)
    options: dict[str, Any] = {"page_size": "letter" if args.letter else "A4"}
    home_tz = args.home_tz or profile.home_zone_name
    if home_tz:
        options["home_tz"] = home_tz
    if args.mission is not None:
        result = service.mission_pack(args.mission, Path(args.out), **options)
    else:
        result = service.meeting_brief(args.meeting, Path(args.out), **options)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        _print_json(result.to_json())
    else:
        print(f"wrote {result.path} ({result.pages} pages)", file=sys.stderr)
    return 0


def _read_passphrase(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as error:
        raise ValidationError(
            "--passphrase-file", f"cannot read {path}: {error.strerror}"
        ) from None
    if not text:
        raise ValidationError("--passphrase-file", f"{path} is empty")
    return text


def cmd_sync(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.sync import SyncService

    service = SyncService(profile)
    passphrase = _read_passphrase(args.passphrase_file)
    if args.export_bundle:
        report = service.export_bundle(Path(args.export_bundle), passphrase)
    elif args.import_bundle:
        report = service.import_bundle(Path(args.import_bundle), passphrase)
    elif args.server:
        from smartgrowth_desktop.cli_server import sync_server

        report = sync_server(service, profile, args, passphrase)
    else:
        report = service.sync_folder(Path(args.folder), passphrase=passphrase)
    for line in [*report.cloned, *report.warnings, *report.waiting]:
        print(f"warning: {line}", file=sys.stderr)
    if report.waiting_files:
        print(f"{report.waiting_for()} still arriving (tried at the next sync):", file=sys.stderr)
        for problem in report.waiting_files:
            print(f"  {problem}", file=sys.stderr)
    for line in report.unlinked:
        print(f"note: {line}", file=sys.stderr)
    for line in report.held_deletions:
        print(f"held: {line}", file=sys.stderr)
    if report.ignored:
        print(f"warning: ignored {len(report.ignored)} file(s) that are not ours:", file=sys.stderr)
        for problem in report.ignored:
            print(f"  {problem}", file=sys.stderr)
    for problem in report.errors:
        print(f"error: refused {problem}", file=sys.stderr)
    if args.json:
        _print_json(report.to_json())
    else:
        print(report.summary())
    return 0 if report.ok else 1


def cmd_conflicts(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.conflicts import ConflictService

    service = ConflictService(profile)
    if args.conflicts_action == "resolve":
        conflict = service.resolve(args.id, args.keep)
        print(f"resolved {conflict.id}: {conflict.kind} {conflict.label} {conflict.field}")
        return 0
    conflicts = service.list()
    if args.json:
        _print_json({"conflicts": [c.to_json() for c in conflicts]})
        return 0
    for conflict in conflicts:
        what = "deleted on one laptop, edited on another" if conflict.is_deletion else ""
        what = what or conflict.field
        print(f"{conflict.id}  {conflict.kind} {conflict.label!r}  {what}")
        for value in conflict.values:
            who = value.author or "?"
            where = value.device_name or value.device[:8]
            shown = conflict.describe(value)
            mark = "*" if value.shown else " "
            mine = " (mine)" if value.mine else ""
            print(f"   {mark} {shown}  — {who}, {where}, {value.at}{mine}")
    if not conflicts:
        print("no conflicts", file=sys.stderr)
    return 0


def cmd_user(profile: Profile, args: argparse.Namespace) -> int:
    if args.name:
        profile.set_user(args.name, args.organization)
    settings = profile.settings()
    print(f"user: {profile.author}")
    if settings.get("user_organization"):
        print(f"organization: {settings['user_organization']}")
    print(f"device: {settings.get('device_id', '(none yet)')}")
    print(f"data folder: {profile.folder}")
    return 0


def cmd_tour(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.records import RecordService

    print(f"SmartGrowth Field Desk {__version__} — profile in {profile.folder}\n")
    if RecordService(profile).count("mission") == 0:
        print("Loading the demo programme (smartgrowth-cli demo-data)…")
        cmd_demo_data(profile, argparse.Namespace(scale=0, only_volume=False, json=False))
    print("\nProgramme indicators (smartgrowth-cli stats):")
    cmd_stats(profile, argparse.Namespace(today=None, json=False))
    for query in ("nguyen thi", "广州", "li wei"):
        print(f"\nsmartgrowth-cli search {query!r}:")
        cmd_search(profile, argparse.Namespace(query=query, kind=None, limit=5, json=False))
    print("\nMore: smartgrowth-cli --help")
    return 0


# -- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smartgrowth-cli", description="SmartGrowth Field Desk, headless."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help=f"profile folder (default: $SMARTGROWTH_DATA_DIR or {default_data_dir()})",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    kinds = sorted(KINDS)

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command("demo-data", cmd_demo_data, "load the demo programme (and synthetic volume)")
    p.add_argument("--scale", type=float, default=0, help="add N × 100,000 synthetic contacts…")
    p.add_argument("--only-volume", action="store_true", help="with --scale: skip the programme")
    p.add_argument("--json", action="store_true")

    p = command("import-json", cmd_import_json, "import a smartgrowth/1 JSON document")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    p.add_argument("--json", action="store_true")

    p = command("export-json", cmd_export_json, "export the profile as smartgrowth/1 JSON")
    p.add_argument("file", help="output file, or - for standard output")
    p.add_argument("--include-deleted", action="store_true", help="also records in the trash")

    p = command("search", cmd_search, "search every record kind")
    p.add_argument("query")
    p.add_argument("--kind", choices=kinds)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")

    p = command("stats", cmd_stats, "the programme's indicators against their targets")
    p.add_argument("--today", help="count as of this date (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true")

    for name, handler, text in (
        ("add", cmd_add, "create a record: add KIND field=value …"),
        ("edit", cmd_edit, "change fields: edit KIND ID field=value …"),
    ):
        p = command(name, handler, text)
        p.add_argument("kind", choices=kinds)
        if name == "edit":
            p.add_argument("id")
        p.add_argument("set", nargs="*", metavar="FIELD=VALUE", help="values (JSON or text)")
        p.add_argument("--values", metavar="JSON", help="values as one JSON object")

    p = command("delete", cmd_delete, "move a record to the trash (or --restore it)")
    p.add_argument("kind", choices=kinds)
    p.add_argument("id")
    p.add_argument("--restore", action="store_true")

    p = command("show", cmd_show, "print one record as JSON")
    p.add_argument("kind", choices=kinds)
    p.add_argument("id")

    p = command("list", cmd_list, "list records of one kind")
    p.add_argument("kind", choices=kinds)
    p.add_argument("--deleted", action="store_true", help="list the trash instead")
    p.add_argument("--limit", type=int)
    p.add_argument("--json", action="store_true")

    p = command("move-lead", cmd_move_lead, "move a lead to another stage")
    p.add_argument("id")
    p.add_argument("stage", choices=LEAD_STAGES)
    p.add_argument("--note")

    p = command("attach", cmd_attach, "attach a file to a record")
    p.add_argument("kind", choices=["contact", "organization", "meeting", "lead", "mission"])
    p.add_argument("id")
    p.add_argument("file")
    p.add_argument("--role", choices=["photo", "business_card", "file"], default="file")

    p = command("pack", cmd_pack, "write a PDF briefing pack (a mission) or brief (a meeting)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--mission", metavar="ID_OR_NAME", help="a mission's id or (part of) name")
    which.add_argument("--meeting", metavar="ID", help="one meeting's id")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    p.add_argument("--letter", action="store_true", help="US Letter paper (default: A4)")
    p.add_argument(
        "--home-tz",
        metavar="ZONE",
        help="home time zone (default: the one chosen in Settings, else Europe/Stockholm)",
    )
    p.add_argument("--json", action="store_true")

    p = command(
        "sync", cmd_sync, "sync with colleagues through a folder, a bundle file or a server"
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--folder", metavar="DIR", help="a shared folder, USB stick or cloud folder"
    )
    target.add_argument("--export-bundle", metavar="FILE", help="write everything held here")
    target.add_argument("--import-bundle", metavar="FILE", help="take in a colleague's bundle")
    target.add_argument("--server", metavar="URL", help="a team sync server (https://host)")
    p.add_argument("--token-file", metavar="FILE", help="with --server: your token (or keyring)")
    p.add_argument(
        "--save-token", action="store_true", help="with --token-file: keep it for next time"
    )
    p.add_argument("--passphrase-file", metavar="FILE", help="the team passphrase (encrypts)")
    p.add_argument("--json", action="store_true")

    p = command("conflicts", cmd_conflicts, "list conflicts, or: conflicts resolve ID --keep X")
    p.add_argument("--json", action="store_true")
    p.set_defaults(conflicts_action=None)
    actions = p.add_subparsers(dest="conflicts_action", metavar="ACTION")
    resolve = actions.add_parser("resolve", help="settle one conflict")
    resolve.add_argument("id", help="the conflict's id (or the start of it)")
    resolve.add_argument(
        "--keep", required=True, metavar="mine|theirs|VALUE", help="which value to keep"
    )

    p = command("user", cmd_user, "show or set who uses this profile")
    p.add_argument("--name")
    p.add_argument("--organization")

    command("tour", cmd_tour, "a short tour: demo data, indicators, searches")
    from smartgrowth_desktop import cli_contacts

    cli_contacts.register(command)
    from smartgrowth_desktop import cli_deletions, cli_devices

    cli_devices.register(command)
    cli_deletions.register(command)
    from smartgrowth_desktop import cli_backup

    cli_backup.register(command)
    from smartgrowth_desktop import cli_tables

    cli_tables.register(command)
    from smartgrowth_desktop import cli_selftest

    cli_selftest.register(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``smartgrowth-cli``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if not getattr(args, "needs_profile", True):  # e.g. selftest: its own temporary ones
            return int(args.handler(None, args))
        with Profile.open(args.data_dir) as profile:
            return int(args.handler(profile, args))
    except SmartGrowthError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # the disk, not the data: say which file and what to do
        if isinstance(error, BrokenPipeError):
            return 0
        from smartgrowth_desktop.core.disk import describe_os_error

        print(f"error: {describe_os_error(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
