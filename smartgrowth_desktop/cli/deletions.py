"""``smartgrowth-cli deletions``: mass deletions from colleagues, held for confirmation."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def cmd_deletions(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.deletions import HeldDeletionService

    service = HeldDeletionService(profile)
    if args.action == "threshold":
        if args.value is not None:
            if not args.value.isdigit():
                print(f"error: the threshold must be a whole number, not {args.value!r}",
                      file=sys.stderr)  # fmt: skip
                return 2
            service.set_threshold(int(args.value))
        print(service.threshold())
        return 0
    if args.action in ("apply", "keep"):
        if not args.value:
            print(f"error: deletions {args.action} needs the id of a held deletion",
                  file=sys.stderr)  # fmt: skip
            return 2
        held_id = str(args.value)
        report = service.apply(held_id) if args.action == "apply" else service.keep(held_id)
        verb = "applied" if args.action == "apply" else "kept the records of"
        print(f"{verb} {held_id}: {report.summary()}")
        return 0
    held = service.held()
    if args.json:
        json.dump([h.to_json() for h in held], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not held:
        print("no deletions are waiting for you")
    for item in held:
        kinds = ", ".join(f"{n} {k}" for k, n in item.by_kind.items())
        print(f"{item.key}  changes {item.first}–{item.last} delete {item.count} ({kinds}): "
              f"{'; '.join(item.sample)}")  # fmt: skip
    return 0


def register(command: Command) -> None:
    """Add the command to the CLI's parser."""
    p = command("deletions", cmd_deletions, "deletions of many records received from a "
                "colleague, held until you apply them or keep the records")  # fmt: skip
    p.add_argument("action", nargs="?", choices=("list", "apply", "keep", "threshold"),
                   default="list")  # fmt: skip
    p.add_argument("value", nargs="?", help="apply/keep: the held id; threshold: a number")
    p.add_argument("--json", action="store_true")
