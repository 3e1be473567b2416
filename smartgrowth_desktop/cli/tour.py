"""``user`` (who uses this profile) and ``tour`` (demo data, indicators, a few searches)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from smartgrowth_desktop import __version__
from smartgrowth_desktop.cli.common import Command
from smartgrowth_desktop.cli.data import cmd_demo_data
from smartgrowth_desktop.cli.records import cmd_search, cmd_stats

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


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


def register(command: Command) -> None:
    """Add the commands to the CLI's parser."""
    p = command("user", cmd_user, "show or set who uses this profile")
    p.add_argument("--name")
    p.add_argument("--organization")

    command("tour", cmd_tour, "a short tour: demo data, indicators, searches")
