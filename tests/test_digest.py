"""While you were away (#18): three real profiles syncing through a real shared folder.

Anna's laptop looks at what Bình and Chi changed: the digest lists exactly their changes
after her mark, grouped by colleague and by record, never her own nor those she had
marked read; an erased person shows no value; a deletion reads "deleted"; a conflict is
flagged. The CLI is run as a subprocess on her profile.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smartgrowth_desktop.services.digest import Digest, DigestService
from smartgrowth_desktop.services.erasure import erase_contact
from smartgrowth_desktop.services.leads import LeadService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from tests.conftest import run_cli
from tests.sync_support import new_profile, sync

ERASED_NAME = "Hoàng Thị Erasable"


@dataclass
class Team:
    anna: Profile
    binh: Profile
    chi: Profile
    shared: Path
    ids: dict[str, uuid.UUID]
    mark_moment: datetime


def _laptop(folder: Path, user: str, name: str) -> Profile:
    profile = new_profile(folder, user)
    SyncService(profile).set_device_name(name)
    return profile


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    root = tmp_path_factory.mktemp("digest")
    shared = root / "shared"
    shared.mkdir()
    anna = _laptop(root / "anna", "Anna Berg", "Anna's ThinkPad")
    binh = _laptop(root / "binh", "Trần Bình", "Bình HP")
    chi = _laptop(root / "chi", "Chi Lin", "Chi's Mac")
    records = RecordService(anna)
    ids = {
        "old": records.create("contact", {"family_name": "Lý", "given_name": "Thu Hà"}),
        "ngo": records.create("contact", {"family_name": "Ngô", "given_name": "Văn An"}),
        "mine": records.create("contact", {"family_name": "Åberg", "given_name": "Johan"}),
        "erased": records.create(
            "contact", {"family_name": "Hoàng", "given_name": "Thị Erasable", "notes": "x"}
        ),
        "visit": records.create(
            "meeting",
            {
                "title": "Factory visit",
                "starts_at": "2026-12-04T07:00:00+00:00",
                "time_zone": "Asia/Ho_Chi_Minh",
            },
        ),
        "dinner": records.create("meeting", {"title": "Dinner with DOST"}),
        "lead": records.create(
            "lead", {"title": "Smart lighting pilot", "kind": "pilot", "stage": "contacted"}
        ),
    }
    for laptop in (anna, binh, chi):
        sync(laptop, shared)
    # before the mark: Bình renames an old contact; Anna syncs and marks it read
    RecordService(binh).update("contact", ids["old"], {"title": "Deputy director"})
    sync(binh, shared)
    sync(anna, shared)
    service = DigestService(anna)
    service.mark_read(service.since_mark().upto)
    mark_moment = datetime.now(UTC)
    # after the mark: Bình and Chi work, Anna too (her own changes are not listed)
    RecordService(binh).update("contact", ids["ngo"], {"title": "Director", "notes": "Pilot?"})
    RecordService(binh).update("meeting", ids["visit"], {"title": "Factory visit (moved)"})
    LeadService(binh).move(ids["lead"], "proposal")
    RecordService(binh).delete("meeting", ids["dinner"])
    erase_contact(binh, ids["erased"])
    RecordService(chi).update("meeting", ids["visit"], {"title": "Factory tour"})  # a conflict
    RecordService(anna).update("contact", ids["mine"], {"title": "Programme manager"})
    sync(binh, shared)
    sync(chi, shared)
    sync(anna, shared)
    yield Team(anna, binh, chi, shared, ids, mark_moment)
    for laptop in (anna, binh, chi):
        laptop.close()


def _by_record(digest: Digest) -> dict[uuid.UUID, dict[str, str]]:
    """record id -> colleague's laptop name -> event."""
    found: dict[uuid.UUID, dict[str, str]] = {}
    for first, entries in digest.by_record():
        found[first.record_id] = {digest.colleagues[e.device].name: e.event for e in entries}
    return found


def test_the_digest_lists_exactly_the_colleagues_changes_since_the_mark(team: Team) -> None:
    digest = DigestService(team.anna).since_mark()
    ids = team.ids
    assert _by_record(digest) == {
        ids["ngo"]: {"Bình HP": "edited"},
        ids["visit"]: {"Bình HP": "edited", "Chi's Mac": "edited"},
        ids["lead"]: {"Bình HP": "edited"},
        ids["dinner"]: {"Bình HP": "deleted"},
        ids["erased"]: {"Bình HP": "erased"},
    }
    groups = {colleague.name: entries for colleague, entries in digest.by_colleague()}
    assert list(groups) == ["Bình HP", "Chi's Mac"]  # the most active first
    assert {e.record_id for e in groups["Chi's Mac"]} == {ids["visit"]}
    colleague = next(c for c, _ in digest.by_colleague() if c.name == "Bình HP")
    assert colleague.label == "Bình HP (Trần Bình)"


def test_entries_read_in_words(team: Team) -> None:
    digest = DigestService(team.anna).since_mark()
    entry = {(e.record_id, e.device): e for e in digest.entries}
    by_name = {c.name: d for d, c in digest.colleagues.items()}
    ngo = entry[(team.ids["ngo"], by_name["Bình HP"])]
    assert (ngo.title, ngo.subtitle) == ("Ngô Văn An", "Director")
    assert ngo.fields == [("Title", "“Director”"), ("Notes", "“Pilot?”")]
    assert ngo.opens == ("contact", team.ids["ngo"])
    visit = entry[(team.ids["visit"], by_name["Chi's Mac"])]
    assert visit.subtitle == "4 Dec 2026 14:00"  # its own zone: Ho Chi Minh City
    assert visit.conflict and entry[(team.ids["visit"], by_name["Bình HP"])].conflict
    lead = entry[(team.ids["lead"], by_name["Bình HP"])]
    assert lead.fields == [("Stage", "Proposal")]  # its stage history folded in, not twice
    dinner = entry[(team.ids["dinner"], by_name["Bình HP"])]
    assert dinner.opens == ("trash", team.ids["dinner"])
    erased = entry[(team.ids["erased"], by_name["Bình HP"])]
    assert (erased.fields, erased.opens) == ([], None)
    text = json.dumps(digest.to_json(), ensure_ascii=False)
    assert "Erasable" not in text and "Hoàng" not in text


def test_since_a_date_and_mark_as_read(team: Team) -> None:
    service = DigestService(team.anna)
    earlier = service.since(team.mark_moment - timedelta(hours=1))
    assert team.ids["old"] in _by_record(earlier)  # before the mark, but after that date
    assert team.ids["mine"] not in _by_record(earlier)
    assert not service.since(datetime.now(UTC) + timedelta(hours=1)).entries
    only_chi = service.since_mark("chi's mac")
    assert _by_record(only_chi) == {team.ids["visit"]: {"Chi's Mac": "edited"}}
    unseen = service.unseen()
    assert set(unseen.changes) == {"Bình HP", "Chi's Mac"}
    assert sum(unseen.changes.values()) == service.since_mark().change_count
    assert unseen.records_text == "6 records"  # a stage change is a record of its own


def test_the_cli_lists_the_changes(team: Team) -> None:
    folder = team.anna.folder
    listed = run_cli("changes", "--since", "last", "--json", data_dir=folder)
    assert listed.returncode == 0, listed.stderr
    document = json.loads(listed.stdout)
    names = [c["name"] for c in document["colleagues"]]
    assert names == ["Bình HP", "Chi's Mac"]
    titles = {r["title"] for r in document["colleagues"][0]["records"]}
    assert titles == {
        "Ngô Văn An",
        "Factory tour",  # the conflict shows the newest value, as every laptop does
        "Smart lighting pilot",
        "Dinner with DOST",
        "A person whose card was erased",
    }
    text = run_cli("changes", "--since", "2026-01-01", "--by", "Bình HP", data_dir=folder)
    assert text.returncode == 0, text.stderr
    assert "Bình HP (Trần Bình)" in text.stdout and "Chi's Mac" not in text.stdout
    assert "Lý Thu Hà" in text.stdout  # before the mark, but after that date
    bad = run_cli("changes", "--since", "2026-02-30", data_dir=folder)
    assert bad.returncode == 2 and "'2026-02-30' is not a date" in bad.stderr
    unknown = run_cli("changes", "--since", "last", "--by", "Eve", data_dir=folder)
    assert unknown.returncode == 1 and "'Eve'" in unknown.stderr


def test_mark_as_read_moves_the_mark(team: Team) -> None:
    service = DigestService(team.anna)  # last in this module: the others read before it
    service.mark_read(service.since_mark().upto)
    assert not service.since_mark().entries and service.unseen().changes == {}
    RecordService(team.chi).update("contact", team.ids["ngo"], {"title": "CEO"})
    sync(team.chi, team.shared)
    sync(team.anna, team.shared)
    assert _by_record(service.since_mark()) == {team.ids["ngo"]: {"Chi's Mac": "edited"}}
    listed = run_cli("changes", "--since", "last", "--mark-read", data_dir=team.anna.folder)
    assert listed.returncode == 0 and "Ngô Văn An" in listed.stdout
    assert service.unseen().changes == {}


def test_a_mark_past_the_end_of_the_log_reads_by_time(tmp_path: Path) -> None:
    with new_profile(tmp_path / "solo", "Solo") as profile:
        service = DigestService(profile)
        service.mark_read(10**9)  # as if an older backup, with a shorter log, came back
        assert service.since_mark().entries == []
        assert service.since_mark().since_position == 0
