"""``import-cards PHOTO...``: business-card photos read offline and saved as contacts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartgrowth_desktop.cli.common import Command, print_json

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def _one(profile: Profile, photo: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Read, match and (unless ``--dry-run``) save one photo; what became of it."""
    from smartgrowth_desktop.core.errors import SmartGrowthError
    from smartgrowth_desktop.services.card_import import (
        find_duplicates_for,
        propose_card,
        save_card,
    )

    result: dict[str, Any] = {"photo": str(photo)}
    try:
        proposal = propose_card(profile, photo)
    except SmartGrowthError as error:
        return {**result, "status": "rejected", "error": str(error)}
    result["card"] = proposal.to_json()
    if proposal.is_empty:
        reason = f"photo: {photo.name}: no name, organization, e-mail or phone could be read"
        return {**result, "status": "rejected", "error": reason}
    matches = find_duplicates_for(profile, proposal)
    result["duplicates"] = [m.to_json() for m in matches]
    merge_into = matches[0].contact_id if matches and args.on_duplicate == "merge" else None
    if matches and args.on_duplicate == "skip":
        return {**result, "status": "skipped"}
    status = "merged" if merge_into else "created"
    if args.dry_run:
        return {**result, "status": f"would be {status}"}
    try:
        contact_id = save_card(profile, proposal, merge_into)
    except SmartGrowthError as error:
        return {**result, "status": "rejected", "error": str(error)}
    return {**result, "status": status, "contact_id": str(contact_id)}


def _describe(proposal: dict[str, Any]) -> str:
    def value(name: str) -> str:
        return str(proposal.get(name, {}).get("value") or "")

    latin = f"{value('given_name')} {value('family_name')}".strip()
    name = value("native_name") or latin or "(no name)"
    org = value("organization") or value("native_organization")
    return f"{name}, {org}" if org else name


def _print_text(results: list[dict[str, Any]]) -> None:
    for result in results:
        if result["status"] == "rejected":
            print(f"rejected: {result['error']}", file=sys.stderr)
            continue
        card = result["card"]
        line = f"{result['status']:>16}  {Path(result['photo']).name}: {_describe(card)}"
        print(line + (f"  [{result['contact_id']}]" if "contact_id" in result else ""))
        for match in result.get("duplicates", [])[:1]:
            print(f"{'':>18}looks like {match['label']} ({'; '.join(match['reasons'])})")
        for warning in card["warnings"]:
            print(f"warning: {Path(result['photo']).name}: {warning}", file=sys.stderr)


def cmd_import_cards(profile: Profile, args: argparse.Namespace) -> int:
    results = [_one(profile, Path(photo), args) for photo in args.photos]
    counts: dict[str, int] = {}
    for result in results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    if args.json:
        print_json({"dry_run": args.dry_run, "counts": counts, "photos": results})
    else:
        _print_text(results)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        print(f"{len(results)} photos: {summary}", file=sys.stderr)
    return 1 if counts.get("rejected") else 0


def register(command: Command) -> None:
    """Add ``import-cards``."""
    p = command(
        "import-cards",
        cmd_import_cards,
        "read business-card photos (JPEG, PNG, HEIC) offline and add them as contacts",
    )
    p.add_argument("photos", nargs="+", metavar="PHOTO")
    p.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
    p.add_argument(
        "--on-duplicate",
        choices=("merge", "skip", "new"),
        default="merge",
        help="a card that matches a stored contact: fill in that contact (default), "
        "skip it, or add a new one",
    )
    p.add_argument("--json", action="store_true")
