"""Travel mode in the CLI: ``travel-plan``, ``travel-start``, ``travel-status``,
``travel-end`` ("Back from travel") and ``remove-profile``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from smartgrowth_desktop.cli.common import Command

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.services.sync_target import SyncTarget


def _target(profile: Profile, args: argparse.Namespace) -> SyncTarget:
    """The sync target from ``--folder`` or ``--server``, else the profile's folder."""
    from pathlib import Path

    from smartgrowth_desktop.cli.sync import read_passphrase
    from smartgrowth_desktop.services.sync_target import SyncTarget

    passphrase = read_passphrase(args.passphrase_file)
    if args.server:
        from smartgrowth_desktop.cli.sync_server import token_for
        from smartgrowth_desktop.sync.http_store import check_url

        url = check_url(args.server)
        return SyncTarget(
            url=url, token=token_for(profile, url, args.token_file), passphrase=passphrase
        )
    if args.folder:
        return SyncTarget(folder=Path(args.folder), passphrase=passphrase)
    return SyncTarget.saved_folder(profile, passphrase)


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _refused(error: Exception) -> int:
    print(f"error: {error}", file=sys.stderr)
    for reason in getattr(error, "reasons", []):
        print(f"  {reason}", file=sys.stderr)
    return 1


def cmd_travel_plan(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.core.labels import counted_list
    from smartgrowth_desktop.services.packs import PackService
    from smartgrowth_desktop.services.travel import plan

    missions = [PackService(profile).find_mission(wanted).id for wanted in args.mission]
    found = plan(profile, missions)
    if args.json:
        _print_json(found.to_json())
        return 0
    staying = {k: n for k, n in found.staying.items() if n}
    leaving = {k: n for k, n in found.leaving.items() if n}
    print(f"stays on this laptop: {counted_list(staying) or 'nothing'}")
    print(f"would leave it:       {counted_list(leaving) or 'nothing'}")
    print("(a plan only: `travel-start` leaves, once the sync target holds everything)")
    return 0


def cmd_travel_start(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.core.labels import counted_list
    from smartgrowth_desktop.services.packs import PackService
    from smartgrowth_desktop.services.travel_leave import TravelRefused, leave

    missions = [PackService(profile).find_mission(wanted).id for wanted in args.mission]
    target = _target(profile, args)
    if not args.yes:
        print(
            f"travel mode keeps only these missions' records on this laptop; everything else "
            f"is deleted from it (database, search index, attachments, backups) once "
            f"{target.label} is confirmed to hold every change. Run `travel-plan` to see "
            "what stays, then again with --yes to leave.",
            file=sys.stderr,
        )
        return 2
    try:
        done = leave(profile, missions, target)
    except TravelRefused as error:
        return _refused(error)
    if args.json:
        _print_json(
            {
                "travel": json.loads(done.travel.to_json()),
                "removed": done.removed,
                "changes_removed": done.changes_removed,
                "files_removed": done.files_removed,
                "backups_removed": done.backups_removed,
                "seconds": round(done.seconds, 3),
            }
        )
        return 0
    removed = {k: n for k, n in done.removed.items() if n}
    print(f"travelling with {', '.join(done.travel.names)}")
    print(f"carried: {counted_list(done.travel.carried) or 'nothing'}")
    print(
        f"left this laptop: {counted_list(removed) or 'no records'}, {done.changes_removed} "
        f"logged change(s), {done.files_removed} file(s), {done.backups_removed} backup(s); "
        f"{target.label} holds all of it"
    )
    return 0


def cmd_travel_status(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.core import travel_state
    from smartgrowth_desktop.core.labels import counted_list

    with profile.database.connection() as conn:
        travel = travel_state.load(conn)
    if args.json:
        _print_json(None if travel is None else json.loads(travel.to_json()))
        return 0
    if travel is None:
        print("at home: this laptop carries the whole profile")
        return 0
    state = "coming back (run travel-end again)" if travel.returning else "travelling"
    print(f"{state} since {travel.since} with {', '.join(travel.names)}")
    print(f"carried: {counted_list(travel.carried) or 'nothing'}")
    return 0


def cmd_travel_end(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.travel_leave import TravelRefused
    from smartgrowth_desktop.services.travel_return import come_back

    target = _target(profile, args)
    try:
        done = come_back(profile, target)
    except TravelRefused as error:
        return _refused(error)
    if args.json:
        _print_json(
            {
                "brought_back": done.brought_back.to_json(),
                "synced": done.synced.to_json(),
                "seconds": round(done.seconds, 3),
            }
        )
        return 0
    back = done.brought_back
    print(
        f"back from travel: {back.applied} changeset(s) applied again from {target.label} "
        f"({back.applied_changes} changes); then {done.synced.summary()}"
    )
    return 0


def cmd_remove_profile(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.travel_leave import TravelRefused
    from smartgrowth_desktop.services.travel_return import remove_from_laptop

    target = _target(profile, args)
    folder = profile.folder
    if not args.yes:
        print(
            f"this deletes the whole profile in {folder} from this laptop once {target.label} "
            "is confirmed to hold every change and attachment. Run again with --yes.",
            file=sys.stderr,
        )
        return 2
    try:
        others = remove_from_laptop(profile, target)
    except TravelRefused as error:
        return _refused(error)
    print(f"the profile is gone from this laptop; {target.label} holds all of it")
    if others:
        print(f"left in {folder} (not the profile's): {', '.join(others)}", file=sys.stderr)
    return 0


def _target_arguments(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument("--folder", metavar="DIR", help="the shared folder (default: the saved one)")
    where.add_argument("--server", metavar="URL", help="a team sync server")
    p.add_argument("--token-file", metavar="FILE", help="with --server: your token (or keyring)")
    p.add_argument("--passphrase-file", metavar="FILE", help="the team passphrase (encrypts)")


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
    p = command(
        "travel-start",
        cmd_travel_start,
        "travel mode: keep only some missions here, once the sync target holds everything",
    )
    p.add_argument(
        "--mission", action="append", required=True, metavar="ID_OR_NAME", help="repeatable"
    )
    _target_arguments(p)
    p.add_argument("--yes", action="store_true", help="confirm: leave without asking")
    p.add_argument("--json", action="store_true")
    p = command("travel-status", cmd_travel_status, "whether this laptop is in travel mode")
    p.add_argument("--json", action="store_true")
    p = command(
        "travel-end", cmd_travel_end, "back from travel: bring everything back from the target"
    )
    _target_arguments(p)
    p.add_argument("--json", action="store_true")
    p = command(
        "remove-profile",
        cmd_remove_profile,
        "delete this profile from this laptop, once the sync target holds all of it",
    )
    _target_arguments(p)
    p.add_argument("--yes", action="store_true", help="confirm: delete without asking")
