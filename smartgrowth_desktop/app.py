"""``smartgrowth``: the desktop app's entry point.

The desktop window is the next piece of work (issue "The desktop app"); until it lands,
``smartgrowth`` runs the command-line tour on the user's profile so that ``make run``
shows the data core working.
"""

from __future__ import annotations

import sys

from smartgrowth_desktop.cli import main as cli_main


def main() -> int:
    """Start the app (for now: the CLI tour on the default or given profile)."""
    args = sys.argv[1:]
    return cli_main([*args, "tour"])


if __name__ == "__main__":
    sys.exit(main())
