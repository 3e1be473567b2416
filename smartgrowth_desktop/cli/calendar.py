"""Calendar invitations in: ``import-ics FILE [--mission ID] [--dry-run] [--json]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command, print_json

if TYPE_CHECKING:
    from smartgrowth_desktop.services.calendar_import import CalendarPlan
    from smartgrowth_desktop.services.profile import Profile

#: the exit status when meetings fit several missions and none was given
UNCLEAR = 2


def cmd_import_ics(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.calendar_import import import_calendar, preview_calendar

    mission_id = None
    if args.mission:
        from smartgrowth_desktop.services.packs import PackService

        mission_id = PackService(profile).find_mission(args.mission).id
    plan = preview_calendar(profile, Path(args.file), mission_id)
    if plan.unclear:
        _print_unclear(plan)
        return UNCLEAR
    report = import_calendar(profile, plan, dry_run=args.dry_run)
    if args.json:
        print_json({**plan.to_json(), "written": not args.dry_run, **report.to_json()})
        return 0
    for meeting in plan.meetings:
        when = meeting.starts_at.strftime("%Y-%m-%d %H:%M") if meeting.starts_at else "?"
        mission = plan.missions[meeting.mission_id].name if meeting.mission_id else "no mission"
        note = f"  ({meeting.reason})" if meeting.reason else ""
        print(f"{meeting.action:>9}  {when} {meeting.zone:<18} {meeting.title} [{mission}]{note}")
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{verb}: {plan.count('create')} new, {plan.count('update')} updated, "
        f"{plan.count('trash')} trashed, {plan.count('unchanged')} unchanged, "
        f"{plan.count('stale')} stale; contacts {len(plan.new_people())} new, "
        f"{sum(1 for v in plan.known_people.values() if v)} matched",
        file=sys.stderr,
    )
    return 0


def _print_unclear(plan: CalendarPlan) -> None:
    print("error: some meetings fit several missions; choose one with --mission:", file=sys.stderr)
    for meeting in plan.unclear:
        names = ", ".join(plan.missions[c].label() for c in meeting.candidates)
        print(f"  {meeting.title}: {names}", file=sys.stderr)
    print("nothing was imported", file=sys.stderr)


def register(command: Command) -> None:
    """Add ``import-ics`` to the parser."""
    p = command("import-ics", cmd_import_ics, "import meetings from a calendar (.ics) file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--mission", metavar="ID_OR_NAME", help="attach every meeting to this mission")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--json", action="store_true")
