"""``smartgrowth-cli subject-export``: everything the profile holds on one person."""

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
