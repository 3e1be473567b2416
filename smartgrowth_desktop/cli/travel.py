"""``smartgrowth-cli travel plan``: what the laptop would carry abroad for some missions."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def cmd_travel_plan(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.core.labels import counted_list
    from smartgrowth_desktop.services.packs import PackService
    from smartgrowth_desktop.services.travel import plan

    missions = [PackService(profile).find_mission(wanted).id for wanted in args.mission]
    found = plan(profile, missions)
    if args.json:
        json.dump(found.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    staying = {k: n for k, n in found.staying.items() if n}
    leaving = {k: n for k, n in found.leaving.items() if n}
    print(f"stays on this laptop: {counted_list(staying) or 'nothing'}")
    print(f"would leave it:       {counted_list(leaving) or 'nothing'}")
    print("(a plan only: leaving for travel is not in this version yet)")
    return 0


def register(command: Command) -> None:
    """Add the commands to the parser (``command(name, handler, help)`` makes a subparser)."""
    p = command(
        "travel-plan",
        cmd_travel_plan,
        "what travel mode would keep on this laptop for some missions, and what would leave",
    )
    p.add_argument(
        "--mission", action="append", required=True, metavar="ID_OR_NAME", help="repeatable"
    )
    p.add_argument("--json", action="store_true")
