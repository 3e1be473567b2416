"""Contacts and calendars: vCard import/export, duplicates and merges, iCalendar export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartgrowth_desktop.cli.common import Command, print_json
from smartgrowth_desktop.core.errors import ValidationError

if TYPE_CHECKING:
    import uuid

    from smartgrowth_desktop.services.profile import Profile


def _mission_id(profile: Profile, wanted: str | None) -> uuid.UUID | None:
    if not wanted:
        return None
    from smartgrowth_desktop.services.packs import PackService

    return PackService(profile).find_mission(wanted).id


def cmd_import_vcard(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.contact_import import import_cards, preview_files

    preview = preview_files(profile, [Path(f) for f in args.files])
    for plan in preview.good:
        if plan.matches and args.on_duplicate != "merge":
            plan.action = args.on_duplicate
    report = import_cards(profile, preview, dry_run=args.dry_run)
    if args.json:
        print_json({**report.to_json(), "cards": [p.to_json() for p in preview.cards]})
        return 0
    for plan in preview.rejected:
        print(f"rejected: {plan.error}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for plan in preview.good:
        if plan.matches:
            reasons = "; ".join(plan.matches[0].reasons)
            print(f"{plan.action:>6}  {plan.card.label} ~ {plan.matches[0].label} ({reasons})")
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{verb}: {report.created} new, {report.merged} merged, {report.skipped} skipped, "
        f"{len(report.rejected)} rejected; {report.organizations_created} new organizations, "
        f"{report.photos} photos"
    )
    _print_phones(report.phones.lines())
    return 0


def _print_phones(lines: list[str]) -> None:
    """How the phone numbers were read (national ones in which country, from what)."""
    if lines:
        print("phone numbers:")
        for line in lines:
            print(f"  {line}")


def cmd_export_vcard(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.contacts_export import load_cards, write_vcards

    cards = load_cards(profile, _mission_id(profile, args.mission))
    count = write_vcards(cards, Path(args.file), version=args.vcard_version)
    print(f"exported {count} contacts to {args.file}", file=sys.stderr)
    return 0


def cmd_export_ics(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.calendar_export import export_calendar

    count = export_calendar(profile, Path(args.file), _mission_id(profile, args.mission))
    print(f"exported {count} meetings to {args.file}", file=sys.stderr)
    return 0


def cmd_duplicates(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.duplicates import find_duplicates

    pairs = find_duplicates(profile, include_dismissed=args.all)
    if args.json:
        print_json({"pairs": [p.to_json() for p in pairs]})
        return 0
    for pair in pairs:
        print(f"{pair.keep.id}  {pair.keep.label}")
        print(f"{pair.other.id}  {pair.other.label}")
        print(f"    {'; '.join(pair.reasons)}\n")
    print(f"{len(pairs)} likely duplicate pairs", file=sys.stderr)
    return 0


def cmd_not_duplicates(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.duplicates import dismiss_pair

    dismiss_pair(profile, args.first, args.second)
    print("noted: two different people; `duplicates` no longer lists them", file=sys.stderr)
    return 0


def cmd_merge_contacts(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.contact_merge import MERGE_FIELDS, merge_contacts

    take: dict[str, Any] = {}
    for item in args.take or []:
        name, sep, choice = item.partition("=")
        if not sep or name not in MERGE_FIELDS:
            raise ValidationError("--take", f"expected FIELD=keep|other|both, got {item!r}")
        take[name] = choice
    result = merge_contacts(profile, args.keep, args.other, take)
    if args.json:
        print_json(result.to_json())
    else:
        fields = ", ".join(sorted(result.after)) or "no field"
        print(
            f"merged {result.other_id} into {result.keep_id} ({fields} changed, "
            f"{len(result.repointed)} references moved); the other card is in the trash"
        )
    return 0


def register(command: Command) -> None:
    """Add the commands to the parser (``command(name, handler, help)`` makes a subparser)."""
    p = command("import-vcard", cmd_import_vcard, "import contacts from vCard files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument(
        "--on-duplicate",
        choices=("merge", "skip", "new"),
        default="merge",
        help="what to do with a card that matches a stored contact (default: merge)",
    )
    p.add_argument("--json", action="store_true")

    p = command("export-vcard", cmd_export_vcard, "export contacts as a vCard file")
    p.add_argument("file")
    p.add_argument("--mission", metavar="ID_OR_NAME", help="only the people of one mission")
    p.add_argument("--vcard-version", choices=("3.0", "4.0"), default="3.0")

    p = command("export-ics", cmd_export_ics, "export meetings as an iCalendar (.ics) file")
    p.add_argument("file")
    p.add_argument("--mission", metavar="ID_OR_NAME", help="only one mission's meetings")

    p = command("duplicates", cmd_duplicates, "list likely duplicate contacts")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="also the pairs marked not duplicates")

    p = command("not-duplicates", cmd_not_duplicates, "mark two contacts as different people")
    p.add_argument("first", metavar="ID")
    p.add_argument("second", metavar="ID")

    p = command("merge-contacts", cmd_merge_contacts, "merge OTHER_ID into KEEP_ID")
    p.add_argument("keep", metavar="KEEP_ID")
    p.add_argument("other", metavar="OTHER_ID")
    p.add_argument(
        "--take",
        action="append",
        metavar="FIELD=other",
        help="take this field from the other card (or keep, or both for lists); repeatable",
    )
    p.add_argument("--json", action="store_true")
