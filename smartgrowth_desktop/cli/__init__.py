"""``smartgrowth-cli``: everything the desktop app does, headless.

Errors go to stderr with a non-zero exit (1 for a problem with the data or the profile,
2 for a wrong command line); ``--json`` prints one JSON document on stdout.

One module per group of commands, each adding its own with ``register(command)``. At
import they need the standard library only (and the table of record kinds): a handler
imports its services when it runs, so ``--version`` and ``--help`` start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from smartgrowth_desktop import __version__

if TYPE_CHECKING:
    import argparse

#: the command modules (of this package), in the order ``--help`` lists their commands;
#: imported when the parser is built, so ``--version`` alone loads none of them
GROUPS = (
    "data",
    "records",
    "report",
    "pack",
    "debrief",
    "mails",
    "sync",
    "changes",
    "tour",
    "contacts",
    "cards",
    "calendar",
    "privacy",
    "review",
    "travel",
    "devices",
    "deletions",
    "backup",
    "encryption",
    "tables",
    "selftest",
)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; each one's handler is in ``args.handler``."""
    import argparse
    from pathlib import Path

    from smartgrowth_desktop.cli import encryption
    from smartgrowth_desktop.cli.common import Handler
    from smartgrowth_desktop.core.paths import default_data_dir

    parser = argparse.ArgumentParser(
        prog="smartgrowth-cli", description="SmartGrowth Field Desk, headless."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help=f"profile folder (default: $SMARTGROWTH_DATA_DIR or {default_data_dir()})",
    )
    encryption.add_global_options(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    for group in GROUPS:
        import_module(f"smartgrowth_desktop.cli.{group}").register(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``smartgrowth-cli``; returns the exit status."""
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:  # before any import
        print(f"smartgrowth-cli {__version__}")
        return 0
    args = build_parser().parse_args(argv)
    from smartgrowth_desktop.cli import encryption
    from smartgrowth_desktop.core.errors import SmartGrowthError
    from smartgrowth_desktop.services.profile import Profile

    try:
        if not getattr(args, "needs_profile", True):  # e.g. selftest: its own temporary ones
            return int(args.handler(None, args))
        passphrase = encryption.profile_passphrase(args)
        with Profile.open(args.data_dir, passphrase=passphrase) as profile:
            return int(args.handler(profile, args))
    except SmartGrowthError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # the disk, not the data: say which file and what to do
        if isinstance(error, BrokenPipeError):
            return 0
        from smartgrowth_desktop.core.disk import describe_os_error

        print(f"error: {describe_os_error(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
