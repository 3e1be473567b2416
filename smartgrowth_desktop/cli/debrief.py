"""``debrief``: a mission's debrief (or one SME's part of it) as PDF or Word."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command, print_json

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def cmd_debrief(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.reports.model import DEFAULT_HOME_TZ
    from smartgrowth_desktop.services.debrief import DebriefService

    out = Path(args.out)
    fmt = args.format or (out.suffix.lower().lstrip(".") if out.suffix else "pdf")
    home_tz = args.home_tz or profile.home_zone_name or DEFAULT_HOME_TZ
    result = DebriefService(profile).write(args.mission, out, fmt, sme=args.sme, home_tz=home_tz)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print_json(result.to_json())
    else:
        pages = f", {result.pages} pages" if result.pages else ""
        print(
            f"wrote {result.path} ({result.meetings} meetings, {result.leads} leads, "
            f"{result.follow_ups} open follow-ups{pages})",
            file=sys.stderr,
        )
    return 0


def register(command: Command) -> None:
    """Add the command to the CLI's parser."""
    p = command("debrief", cmd_debrief, "write a mission's debrief (PDF or Word), or one SME's")
    p.add_argument(
        "--mission", required=True, metavar="ID_OR_NAME", help="a mission's id or (part of) name"
    )
    p.add_argument("--sme", metavar="ID_OR_NAME", help="only this SME's part of the mission")
    p.add_argument(
        "--format",
        choices=("pdf", "docx"),
        help="pdf or docx (default: from the file name's ending, else pdf)",
    )
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    p.add_argument(
        "--home-tz",
        metavar="ZONE",
        help="home time zone (default: the one chosen in Settings, else Europe/Stockholm)",
    )
    p.add_argument("--json", action="store_true")
