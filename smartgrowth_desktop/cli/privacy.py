"""``smartgrowth-cli subject-export`` and ``erase-contact``: what we hold on a person,
and forgetting them everywhere."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def cmd_subject_export(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.subject_access import gather, write_subject_export

    if args.json:
        json.dump(gather(profile, args.contact).to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    json_path, pdf_path = write_subject_export(profile, args.contact, Path(args.out))
    print(f"wrote {json_path}")
    print(f"wrote {pdf_path}")
    return 0


def cmd_erase_contact(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.erasure import erase_contact

    if not args.yes:
        print(
            "erasing a person cannot be undone: their card, photo and files, and every value "
            "they had in the change log, here and on every laptop it syncs to. Run again with "
            "--yes to erase.",
            file=sys.stderr,
        )
        return 2
    result = erase_contact(profile, args.contact)
    if args.json:
        json.dump(result.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(
        f"erased {result.name} ({result.contact_id}): the card, {result.files_removed} file(s), "
        f"{result.changesets_rewritten} changeset(s) rewritten; the erasure goes to colleagues "
        "at the next sync"
    )
    for mention in result.mentions:
        print(f"  still named in {mention.kind} {mention.label!r} ({mention.field}): "
              f"{mention.passage}")  # fmt: skip
    if result.mentions:
        print("  those texts were not changed: edit them by hand if they must go too")
    return 0


def register(command: Command) -> None:
    """Add the commands to the parser (``command(name, handler, help)`` makes a subparser)."""
    p = command(
        "subject-export",
        cmd_subject_export,
        "everything held on one person (GDPR art. 15), as JSON and PDF",
    )
    p.add_argument("contact", metavar="CONTACT_ID")
    p.add_argument("--out", default=".", metavar="FOLDER", help="where to write (default: here)")
    p.add_argument("--json", action="store_true", help="print the JSON document, write nothing")

    p = command(
        "erase-contact",
        cmd_erase_contact,
        "erase a person everywhere the profile syncs (GDPR art. 17); cannot be undone",
    )
    p.add_argument("contact", metavar="CONTACT_ID")
    p.add_argument("--yes", action="store_true", help="confirm: erase without asking")
    p.add_argument("--json", action="store_true")
