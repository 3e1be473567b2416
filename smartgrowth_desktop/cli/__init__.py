"""``smartgrowth-cli``: everything the desktop app does, headless.

Errors go to stderr with a non-zero exit (1 for a problem with the data or the profile,
2 for a wrong command line); ``--json`` prints one JSON document on stdout.

One module per group of commands, each adding its own with ``register(command)``, called
only when one of its commands is used (``cli/lazy.py``). At import they need the standard
library only (and the table of record kinds): a handler imports its services when it
runs, so ``--version`` and ``--help`` start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from smartgrowth_desktop import __version__

if TYPE_CHECKING:
    import argparse

#: every command, in the order ``--help`` lists them: (name, its module in this package,
#: its one line of help, as the module's ``register`` gives it: tests/test_cli_start.py
#: checks the two agree). The parser names the commands from here and lets a command's
#: module add its options only when that command is used (run, or asked for its
#: ``--help``), so a start builds one group's parsers, not all of them.
COMMANDS = (
    ("demo-data", "data", "load the demo programme (and synthetic volume)"),
    ("import-json", "data", "import a smartgrowth/1 JSON document"),
    ("export-json", "data", "export the profile as smartgrowth/1 JSON"),
    ("search", "records", "search every record kind"),
    ("stats", "records", "the programme's indicators against their targets"),
    ("add", "records", "create a record: add KIND field=value …"),
    ("edit", "records", "change fields: edit KIND ID field=value …"),
    ("delete", "records", "move a record to the trash (or --restore it)"),
    ("show", "records", "print one record as JSON"),
    ("list", "records", "list records of one kind"),
    ("sort-names", "records", "show or choose how names sort (a collation)"),
    ("move-lead", "records", "move a lead to another stage"),
    ("attach", "records", "attach a file to a record"),
    ("report", "report", "the programme report and its settings"),
    ("rates", "report", "the reporting currency and the exchange-rate table"),
    ("pack", "pack", "write a PDF briefing pack (a mission) or brief (a meeting)"),
    ("debrief", "debrief", "write a mission's debrief (PDF or Word), or one SME's"),
    (
        "follow-up-mails",
        "mails",
        "write a meeting's follow-up e-mails (.eml, one per person met) from your template",
    ),
    ("sync", "sync", "sync with colleagues through a folder, a bundle file or a server"),
    ("conflicts", "sync", "list conflicts, or: conflicts resolve ID --keep X"),
    (
        "changes",
        "changes",
        "what colleagues changed since a date (or since you last looked), grouped by "
        "colleague and record",
    ),
    ("user", "tour", "show or set who uses this profile"),
    ("tour", "tour", "a short tour: demo data, indicators, searches"),
    ("import-vcard", "contacts", "import contacts from vCard files"),
    ("export-vcard", "contacts", "export contacts as a vCard file"),
    ("export-ics", "contacts", "export meetings as an iCalendar (.ics) file"),
    ("duplicates", "contacts", "list likely duplicate contacts"),
    ("not-duplicates", "contacts", "mark two contacts as different people"),
    ("merge-contacts", "contacts", "merge OTHER_ID into KEEP_ID"),
    (
        "import-cards",
        "cards",
        "read business-card photos (JPEG, PNG, HEIC) offline and add them as contacts",
    ),
    ("import-ics", "calendar", "import meetings from a calendar (.ics) file"),
    (
        "subject-export",
        "privacy",
        "everything held on one person (GDPR art. 15), as JSON and PDF",
    ),
    (
        "erase-contact",
        "privacy",
        "erase a person everywhere the profile syncs (GDPR art. 17); cannot be undone",
    ),
    (
        "review",
        "review",
        "contact cards due for review (review date passed, or untouched for N months); "
        "keep one to a next review date, or set N",
    ),
    (
        "travel-plan",
        "travel",
        "what travel mode would keep on this laptop for some missions, and what would leave",
    ),
    (
        "travel-start",
        "travel",
        "travel mode: keep only some missions here, once the sync target holds everything",
    ),
    ("travel-status", "travel", "whether this laptop is in travel mode"),
    ("travel-end", "travel", "back from travel: bring everything back from the target"),
    (
        "remove-profile",
        "travel",
        "delete this profile from this laptop, once the sync target holds all of it",
    ),
    (
        "device",
        "devices",
        "this laptop's device id and key fingerprint, and the keys trusted for colleagues' laptops",
    ),
    (
        "trust-device",
        "devices",
        "trust only this key for a colleague's laptop (compare the fingerprint with them first)",
    ),
    (
        "deletions",
        "deletions",
        "deletions of many records received from a colleague, held until you apply them or "
        "keep the records",
    ),
    ("backup", "backup", "back up the profile (database and attachments)"),
    ("backups", "backup", "list the profile's automatic backups"),
    ("restore", "backup", "replace the profile by a backup (verified first)"),
    ("encrypt-profile", "encryption", "encrypt the profile (prints its recovery key once)"),
    ("decrypt-profile", "encryption", "turn an encrypted profile back into plain"),
    ("change-passphrase", "encryption", "change the passphrase (nothing is re-encrypted)"),
    ("import-table", "tables", "import organizations or contacts (CSV/XLSX)"),
    ("export-table", "tables", "export one record kind to CSV or XLSX"),
    ("selftest", "selftest", "check this installation on temporary profiles (PASS/FAIL)"),
)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; each one's handler is in ``args.handler``."""
    from pathlib import Path

    from smartgrowth_desktop.cli import encryption
    from smartgrowth_desktop.cli.lazy import MainParser, add_commands

    parser = MainParser(prog="smartgrowth-cli", description="SmartGrowth Field Desk, headless.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="profile folder (default: $SMARTGROWTH_DATA_DIR or {data_dir})",
    )
    encryption.add_global_options(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_commands(sub, COMMANDS)  # each command's parser made (and filled) when used
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``smartgrowth-cli``; returns the exit status."""
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:  # before any import
        print(f"smartgrowth-cli {__version__}")
        return 0
    args = build_parser().parse_args(argv)
    from smartgrowth_desktop.cli import encryption
    from smartgrowth_desktop.core.errors import SmartGrowthError
    from smartgrowth_desktop.core.paths import default_data_dir

    try:
        if not getattr(args, "needs_profile", True):  # e.g. selftest: its own temporary ones
            return int(args.handler(None, args))
        passphrase = encryption.profile_passphrase(args)
        # a command's quick way (search, a sync with nothing new): the profile read with
        # sqlite3 alone; None when it needs the full open (and SQLAlchemy)
        quick = getattr(args, "quick", None)
        status = quick(args.data_dir or default_data_dir(), args) if quick else None
        if status is not None:
            return int(status)
        from smartgrowth_desktop.services.profile import Profile  # SQLAlchemy: only here

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
