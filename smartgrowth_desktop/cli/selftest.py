"""``smartgrowth-cli selftest``: the product checks itself on throwaway profiles.

One line per step (``PASS step (12 ms)`` or ``FAIL step: reason``), or one JSON document
with ``--json``; exit 0 only when every step passed. It never opens the user's profile.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command

if TYPE_CHECKING:
    from smartgrowth_desktop.services.selftest import StepResult


def cmd_selftest(_profile: object, args: argparse.Namespace) -> int:
    """Run the self-check and print its result."""
    from smartgrowth_desktop.services.selftest import SelfTest

    def show(step: StepResult) -> None:
        if not args.json:
            print(step.line(), flush=True)

    report = SelfTest(on_step=show).run(keep=args.keep)
    if args.json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif not report.ok:
        failed = sum(not step.ok for step in report.steps)
        print(f"selftest: {failed} of {len(report.steps)} steps failed", file=sys.stderr)
    return 0 if report.ok else 1


def register(command: Command) -> None:
    """Add ``selftest`` through the CLI's ``command(name, handler, help)`` helper."""
    p = command(
        "selftest", cmd_selftest, "check this installation on temporary profiles (PASS/FAIL)"
    )
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--keep", type=Path, metavar="DIR", help="work in DIR and leave it there (to inspect)"
    )
    p.set_defaults(needs_profile=False)
