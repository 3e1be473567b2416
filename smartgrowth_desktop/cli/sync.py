"""``sync`` (a folder, a bundle file or a team server) and ``conflicts``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command, print_json
from smartgrowth_desktop.core.errors import ValidationError

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.sync.report import SyncReport


def read_passphrase(path: str | None) -> str | None:
    """The team passphrase from ``--passphrase-file`` (its one line), or None."""
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
    passphrase = read_passphrase(args.passphrase_file)
    if args.export_bundle:
        report = service.export_bundle(Path(args.export_bundle), passphrase)
    elif args.import_bundle:
        report = service.import_bundle(Path(args.import_bundle), passphrase)
    elif args.server:
        from smartgrowth_desktop.cli.sync_server import sync_server

        report = sync_server(service, profile, args, passphrase)
    else:
        folder = args.folder or service.folder()
        if not folder:
            raise ValidationError(
                "--folder",
                "this profile has no shared folder yet: give one with --folder DIR "
                "(or --server URL, --export-bundle FILE, --import-bundle FILE)",
            )
        report = service.sync_folder(Path(folder), passphrase=passphrase)
    return _show(args, report)


def quick_sync(folder: Path, args: argparse.Namespace) -> int | None:
    """A folder sync with nothing new, on the profile read with sqlite3 alone (None: the
    engine is needed: something to send or receive, a team passphrase, another target)."""
    if args.export_bundle or args.import_bundle or args.server or args.passphrase_file:
        return None
    from smartgrowth_desktop.services.quiet_sync import sync_folder_quietly

    report = sync_folder_quietly(folder, args.folder)
    return None if report is None else _show(args, report)


def _show(args: argparse.Namespace, report: SyncReport) -> int:
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
        print_json(report.to_json())
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
        print_json({"conflicts": [c.to_json() for c in conflicts]})
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


def register(command: Command) -> None:
    """Add the commands to the CLI's parser."""
    p = command(
        "sync", cmd_sync, "sync with colleagues through a folder, a bundle file or a server"
    )
    p.set_defaults(quick=quick_sync)
    target = p.add_mutually_exclusive_group()
    target.add_argument(
        "--folder",
        metavar="DIR",
        help="a shared folder, USB stick or cloud folder (default: the one synced with last)",
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
