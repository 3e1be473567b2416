"""``follow-up-mails``: a meeting's follow-up e-mails as .eml files, one per person met."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command, print_json

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def cmd_follow_up_mails(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.core.errors import ValidationError
    from smartgrowth_desktop.services.follow_up_mail import FollowUpMailService, file_name

    service = FollowUpMailService(profile)
    folder = Path(args.out_dir)
    if not folder.is_dir():
        raise ValidationError("out-dir", f"{folder} is not a folder")
    drafts = service.drafts(args.meeting)  # the template checked first: nothing half-done
    files = service.attachments(args.meeting, args.attach)
    written = []
    for draft in drafts:
        path = service.write_eml(draft, folder / file_name(draft.name or "e-mail", ".eml"), files)
        for warning in draft.warnings:
            print(f"warning: {draft.name}: {warning}", file=sys.stderr)
        if args.mark_sent:
            service.mark_sent(draft)
        written.append({"to": draft.name, "address": draft.address, "path": str(path)})
    if args.json:
        print_json(written)
    else:
        sent = " and marked as sent" if args.mark_sent else ""
        print(f"wrote {len(written)} e-mail(s) to {folder}{sent}", file=sys.stderr)
    return 0


def register(command: Command) -> None:
    """Add the command to the CLI's parser."""
    p = command(
        "follow-up-mails",
        cmd_follow_up_mails,
        "write a meeting's follow-up e-mails (.eml, one per person met) from your template",
    )
    p.add_argument("--meeting", required=True, metavar="ID", help="the meeting's id")
    p.add_argument("--out-dir", required=True, metavar="DIR", help="the folder to write into")
    p.add_argument(
        "--attach",
        choices=("none", "pack", "one_pager"),
        default="none",
        help="attach the mission's briefing pack or the SMEs' one-pagers (default: none)",
    )
    p.add_argument(
        "--mark-sent", action="store_true", help="record on the meeting that they were sent"
    )
    p.add_argument("--json", action="store_true")
