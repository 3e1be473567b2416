"""``smartgrowth-cli review``: list, keep, months; bad input exits non-zero, in subprocesses."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.review import add_months
from tests.conftest import run_cli


def _profile(folder: Path) -> tuple[str, str]:
    """Two cards: one past its review date (Nguyễn), one not due (Lý)."""
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    later = (date.today() + timedelta(days=90)).isoformat()
    with Profile(folder) as profile:
        records = RecordService(profile)
        due = records.create(
            "contact",
            {"family_name": "Nguyễn", "given_name": "Thị Mai", "review_by": yesterday},
        )
        fine = records.create(
            "contact", {"family_name": "Lý", "given_name": "Thu Hà", "review_by": later}
        )
    return str(due), str(fine)


def test_review_lists_keeps_and_sets_months(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    due, fine = _profile(folder)
    listed = run_cli("review", data_dir=folder)
    assert listed.returncode == 0, listed.stderr
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert f"{due}  Nguyễn Thị Mai: review date {yesterday} passed" in listed.stdout
    assert fine not in listed.stdout

    as_json = run_cli("review", "--json", data_dir=folder)
    cards = json.loads(as_json.stdout)
    assert [c["id"] for c in cards] == [due]
    assert cards[0]["reason"] == f"review date {yesterday} passed"

    kept = run_cli("review", "keep", due, data_dir=folder)
    assert kept.returncode == 0, kept.stderr
    next_review = add_months(date.today(), 24).isoformat()
    assert f"until {next_review}" in kept.stdout
    chosen = (date.today() + timedelta(days=400)).isoformat()
    again = run_cli("review", "keep", fine, "--until", chosen, data_dir=folder)
    assert again.returncode == 0, again.stderr

    months = run_cli("review", "months", "6", data_dir=folder)
    assert (months.returncode, months.stdout.strip()) == (0, "6")
    empty = run_cli("review", data_dir=folder)
    assert "no cards to review" in empty.stdout and "6 months" in empty.stdout
    with Profile(folder) as profile:
        assert RecordService(profile).get_wire("contact", due)["review_by"] == next_review
        assert RecordService(profile).get_wire("contact", fine)["review_by"] == chosen


def test_review_refuses_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    due, _fine = _profile(folder)
    cases = {
        ("review", "months", "many"): (2, "whole number"),
        ("review", "months", "0"): (1, "from 1 to 1200"),
        ("review", "keep"): (2, "needs the id"),
        ("review", "keep", due, "--until", "31/12/2027"): (2, "YYYY-MM-DD"),
        ("review", "keep", due, "--until", date.today().isoformat()): (1, "after today"),
        ("review", "keep", "not-an-id"): (1, "not a record id"),
        ("review", "list", "extra"): (2, "takes no value"),
    }
    for args, (status, message) in cases.items():
        done = run_cli(*args, data_dir=folder)
        assert done.returncode == status, (args, done.stderr)
        assert message in done.stderr, (args, done.stderr)
    listed = run_cli("review", "--json", data_dir=folder)
    assert [c["id"] for c in json.loads(listed.stdout)] == [due]  # nothing was changed
