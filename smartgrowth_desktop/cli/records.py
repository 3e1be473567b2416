"""Finding and changing records: ``search``, ``stats``, ``add``, ``edit``, ``delete``,
``show``, ``list``, ``move-lead`` and ``attach``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartgrowth_desktop.cli.common import Command, print_json
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.labels import COLLATIONS, LEAD_STAGES, RECORD_KINDS

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.services.search import SearchResult


def cmd_search(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.search import SearchService

    kinds = [args.kind] if args.kind else None
    return _show(args, SearchService(profile).search(args.query, kinds=kinds, limit=args.limit))


def quick_search(folder: Path, args: argparse.Namespace) -> int | None:
    """``search`` on a profile read with sqlite3 alone (None: it needs the full open)."""
    from smartgrowth_desktop.services.search import search_plain

    kinds = [args.kind] if args.kind else None
    results = search_plain(folder, args.query, kinds=kinds, limit=args.limit)
    return None if results is None else _show(args, results)


def _show(args: argparse.Namespace, results: list[SearchResult]) -> int:
    if args.json:
        print_json({"query": args.query, "results": [r.to_json() for r in results]})
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
        print_json({"indicators": [i.to_json() for i in indicators]})
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

    print_json(RecordService(profile).get_wire(args.kind, args.id))
    return 0


def _label(kind: str, row: dict[str, Any]) -> str:
    """A record as the window's lists name it: a contact by its whole name in its order."""
    if kind == "contact":
        from smartgrowth_desktop.core.names import whole_name

        return whole_name(row)
    field = {"meeting": "title", "lead": "title", "follow_up": "text"}.get(kind, "name")
    return str(row.get(field) or "")


def cmd_list(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.core.schema import KINDS
    from smartgrowth_desktop.core.wire import to_wire
    from smartgrowth_desktop.services.records import RecordService

    records = RecordService(profile).list(args.kind, deleted=args.deleted, limit=args.limit)
    if args.by_name:  # as the window's lists sort names: by the profile's collation
        records.sort(key=lambda r: (getattr(r, "sort_name", None) or "\uffff", str(r.id)))
    rows = [to_wire(KINDS[args.kind], r) for r in records]
    if args.json:
        print_json(rows)
        return 0
    clashes = _clashes(profile, args.kind, [r.id for r in records if not args.deleted])
    for row, record in zip(rows, records, strict=True):
        said = clashes.get(record.id)
        print(
            f"{row['id']}  {_label(args.kind, row)}"
            + (f"  [double booked: {said}]" if said else "")
        )
    return 0


def _clashes(profile: Profile, kind: str, ids: list[Any]) -> dict[Any, str]:
    """What the window says beside a double-booked meeting, by meeting id."""
    if kind != "meeting" or not ids:
        return {}
    from smartgrowth_desktop.services.meeting_clashes import find_clashes, summary

    return {record_id: summary(found) for record_id, found in find_clashes(profile, ids).items()}


def cmd_sort_names(profile: Profile, args: argparse.Namespace) -> int:
    """Show or choose how names sort in this profile (Settings → General → Sort names)."""
    from smartgrowth_desktop.services.sorting import (
        collation_choices,
        current_collation,
        set_collation,
    )

    if args.collation:
        set_collation(profile, args.collation)
    current = current_collation(profile)
    for code, label in collation_choices().items():
        print(f"{'*' if code == current else ' '} {code:5} {label}")
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


def register(command: Command) -> None:
    """Add the commands to the CLI's parser."""
    kinds = sorted(RECORD_KINDS)
    p = command("search", cmd_search, "search every record kind")
    p.set_defaults(quick=quick_search)
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
    p.add_argument("--by-name", action="store_true", help="in name order, as the window sorts")
    p.add_argument("--json", action="store_true")

    p = command("sort-names", cmd_sort_names, "show or choose how names sort (a collation)")
    p.add_argument("collation", nargs="?", choices=list(COLLATIONS))

    p = command("move-lead", cmd_move_lead, "move a lead to another stage")
    p.add_argument("id")
    p.add_argument("stage", choices=LEAD_STAGES)
    p.add_argument("--note")

    p = command("attach", cmd_attach, "attach a file to a record")
    p.add_argument("kind", choices=["contact", "organization", "meeting", "lead", "mission"])
    p.add_argument("id")
    p.add_argument("file")
    p.add_argument("--role", choices=["photo", "business_card", "file"], default="file")
