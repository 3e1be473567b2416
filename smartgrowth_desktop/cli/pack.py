"""``pack``: a mission's PDF briefing pack, or one meeting's brief."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartgrowth_desktop.cli.common import Command, print_json

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


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
        print_json(result.to_json())
    else:
        print(f"wrote {result.path} ({result.pages} pages)", file=sys.stderr)
    return 0


def register(command: Command) -> None:
    """Add the command to the CLI's parser."""
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
