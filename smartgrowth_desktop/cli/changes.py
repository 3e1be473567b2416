"""``smartgrowth-cli changes --since DATE``: what colleagues changed, by colleague and record."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command, print_json

if TYPE_CHECKING:
    from smartgrowth_desktop.services.digest import Digest, Entry
    from smartgrowth_desktop.services.profile import Profile

LAST = "last"


def since_value(text: str) -> str | datetime:
    """``--since``: "last" (the mark), a date (its start, local time) or an ISO date and
    time (local time unless it has an offset); anything else is named as refused."""
    text = text.strip()
    if text.casefold() == LAST:
        return LAST
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (YYYY-MM-DD), an ISO date and time "
            "(2026-12-04T09:30, 2026-12-04T09:30+07:00) or 'last'"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def _line(entry: Entry) -> str:
    what = entry.event + (" · conflict to review" if entry.conflict else "")
    name = entry.title + (f" · {entry.subtitle}" if entry.subtitle else "")
    fields = "; ".join(f"{label}: {value}" if value else label for label, value in entry.fields)
    text = f"  {entry.kind.replace('_', '-'):<12} {name}  [{what}]"
    return text + (f"\n  {'':<12}   {fields}" if fields and entry.event == "edited" else "")


def _print(digest: Digest, heading: str) -> None:
    records = len({(e.kind, e.record_id) for e in digest.entries})
    print(f"{heading}: {records} record(s), {digest.change_count} change(s) by colleagues")
    for colleague, entries in digest.by_colleague():
        print(f"\n{colleague.label}: {len(entries)} record(s)")
        for entry in entries:
            print(_line(entry))
    if digest.more_changes or digest.more_records:
        print(
            f"\n… and more not listed: {digest.more_changes:,} older change(s), "
            f"{digest.more_records:,} record(s); narrow with --since or --by"
        )


def cmd_changes(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.digest import DigestService

    service = DigestService(profile)
    if args.since == LAST:
        mark = service.mark()
        digest = service.since_mark(args.by)
        heading = (
            f"Since you last looked ({mark.at:%Y-%m-%d %H:%M} UTC)"
            if mark.at
            else ("Since you first synced (never marked as read)")
        )
    else:
        digest = service.since(args.since, args.by)
        heading = f"Since {args.since.isoformat(timespec='minutes')}"
    if args.json:
        print_json(digest.to_json())
    else:
        _print(digest, heading)
    if args.mark_read:
        service.mark_read(digest.upto)
    return 0


def register(command: Command) -> None:
    """Add the command to the CLI's parser."""
    p = command("changes", cmd_changes, "what colleagues changed since a date (or since you "
                "last looked), grouped by colleague and record")  # fmt: skip
    p.add_argument(
        "--since",
        required=True,
        type=since_value,
        metavar="DATE",
        help="YYYY-MM-DD, an ISO date and time, or 'last' (since you last marked as read)",
    )
    p.add_argument("--by", metavar="DEVICE", help="one colleague's laptop (its id or name)")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--mark-read", action="store_true", help="move the 'last looked' mark past these"
    )
