"""``smartgrowth-cli review``: contact cards due for review, kept to a next date."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command, print_json

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.services.review import ReviewService


def _error(text: str) -> int:
    print(f"error: {text}", file=sys.stderr)
    return 2


def cmd_review(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.review import ReviewService

    service = ReviewService(profile)
    if args.action == "months":
        return _months(service, args.value)
    if args.action == "keep":
        return _keep(service, args.value, args.until)
    if args.value is not None:
        return _error(f"'review list' takes no value (got {args.value!r})")
    cards = service.due()
    if args.json:
        print_json([card.to_json() for card in cards])
        return 0
    if not cards:
        print(
            f"no cards to review (none past its review date, none untouched for "
            f"{service.months()} months)"
        )
    for card in cards:
        where = f" ({card.organization})" if card.organization else ""
        print(f"{card.id}  {card.name}{where}: {card.reason}")
    return 0


def _months(service: ReviewService, value: str | None) -> int:
    if value is not None:
        if not value.isdigit():
            return _error(f"the months must be a whole number, not {value!r}")
        service.set_months(int(value))
    print(service.months())
    return 0


def _keep(service: ReviewService, contact: str | None, until: str | None) -> int:
    if not contact:
        return _error("review keep needs the id of a contact (see 'review')")
    day = None
    if until is not None:
        try:
            day = date.fromisoformat(until)
        except ValueError:
            return _error(f"--until must be a date as YYYY-MM-DD, not {until!r}")
    kept = service.keep(contact, day)
    print(f"kept {contact} until {kept.isoformat()} (its next review date)")
    return 0


def register(command: Command) -> None:
    """Add the command to the CLI's parser."""
    p = command(
        "review",
        cmd_review,
        "contact cards due for review (review date passed, or untouched for N months); "
        "keep one to a next review date, or set N",
    )
    p.add_argument("action", nargs="?", choices=("list", "keep", "months"), default="list")
    p.add_argument("value", nargs="?", help="keep: the contact's id; months: a number")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="keep: the next review date")
    p.add_argument("--json", action="store_true", help="list: one JSON document")
