"""Travel mode: leaving with some missions, syncing abroad, coming back, leaving for good.

Vân travels to Da Nang. Before she leaves, the team's shared folder must hold every
change and file of hers; then everything that is not Da Nang's is gone from her laptop,
checked on the raw bytes of every file of the profile. Abroad, Minh at home edits both a
Da Nang meeting and a Guangzhou card and adds a Da Nang meeting with a new person: only
the Da Nang side reaches her. Back home, everything comes back, Minh's Guangzhou edit
included, and her profile equals his again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from smartgrowth_desktop.core import travel_state
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.backups import BackupService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.search import SearchService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.services.sync_target import SyncTarget
from smartgrowth_desktop.services.travel_leave import LEAVING, TravelRefused, leave
from smartgrowth_desktop.services.travel_return import come_back
from tests.conftest import run_cli
from tests.test_travel_plan import _two_missions

#: what only Guangzhou's side of the profile says (it must leave the laptop)
GONE = ["Zhang", "Xiaoyan", "广州市科学技术局", "Bureau visit", "Call back", "other card"]
SECRET = "Guangzhou-only note 4471"
#: what Da Nang's side says (it stays)
KEPT = ["DOST visit", "Send the offer", "Flood sensors pilot"]


def _bytes_of(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _leaks(folder: Path, words: list[str]) -> list[str]:
    data = _bytes_of(folder)
    return [w for w in words if w.encode("utf-8") in data]


def _records(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every record table's rows (what a person sees), to compare two laptops."""
    import sqlite3

    conn = sqlite3.connect(folder / "profile.sqlite3")
    try:
        tables = [
            "contacts", "organizations", "missions", "meetings", "leads", "follow_ups",
            "stage_changes", "attachments", "markets",
        ]  # fmt: skip
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
    finally:
        conn.close()


def _file(profile: Profile, attachment: uuid.UUID) -> bytes:
    content_hash = RecordService(profile).get("attachment", attachment).content_hash
    return AttachmentService(profile).read(content_hash)


@pytest.fixture
def team(tmp_path: Path) -> dict[str, object]:
    """Vân's profile with two missions and a backup, Minh's from the shared folder."""
    van, minh, shared = tmp_path / "van", tmp_path / "minh", tmp_path / "shared"
    shared.mkdir()
    ids = _two_missions(van)
    with Profile(van) as profile:
        RecordService(profile).update("contact", ids["zhang"], {"notes": SECRET})
        BackupService(profile).back_up_now()
        SyncService(profile).sync_folder(shared)
    with Profile(minh) as profile:
        SyncService(profile).sync_folder(shared)
    return {"van": van, "minh": minh, "shared": shared, "ids": ids}


def _leave(team: dict[str, object]) -> None:
    ids = team["ids"]
    assert isinstance(ids, dict)
    profile = Profile(team["van"])  # type: ignore[arg-type]
    done = leave(profile, [ids["danang"]], SyncTarget(folder=team["shared"]))  # type: ignore[arg-type]
    assert done.travel.names == ("Da Nang, December 2026",)
    assert done.removed["contact"] == 2 and done.files_removed == 1 and done.backups_removed


def test_leaving_keeps_the_mission_and_nothing_else_on_raw_bytes(team: dict) -> None:
    van, ids = team["van"], team["ids"]
    assert _leaks(van, [*GONE, SECRET]) == [*GONE, SECRET]  # before: all there
    _leave(team)

    assert _leaks(van, [*GONE, SECRET]) == []  # database, WAL, attachments, backups
    assert not (van / LEAVING).exists()
    with Profile(van) as profile:
        records = RecordService(profile)
        assert records.get("meeting", ids["visit"]).title == "DOST visit"
        assert records.get("contact", ids["ha"]).family_name == "Nguyễn"
        assert _file(profile, ids["photo"]) == b"%PDF-1.4 card"
        search = SearchService(profile)
        assert [h.label for h in search.search("DOST")] == ["DOST visit"]
        assert search.search("Zhang") == [] and search.search("Bureau") == []
        with profile.database.connection() as conn:
            travel = travel_state.load(conn)
        assert travel is not None and travel.missions == (ids["danang"].hex,)
    assert _leaks(van, [*GONE, SECRET]) == []  # opening it brought nothing back
    assert all(_leaks(van, [word]) for word in KEPT)


def test_nothing_leaves_when_the_target_cannot_be_confirmed(team: dict, tmp_path: Path) -> None:
    van, ids = team["van"], team["ids"]
    not_a_folder = tmp_path / "stick.txt"
    not_a_folder.write_text("a file, not a folder")
    before = _records(van)
    with pytest.raises(TravelRefused, match="nothing left this laptop"):
        leave(Profile(van), [ids["danang"]], SyncTarget(folder=not_a_folder))
    assert _records(van) == before and _leaks(van, GONE) == GONE

    # the folder lost one of Vân's files after her last sync: it is named, nothing leaves
    shared = team["shared"]
    mine = sorted((shared / "devices").glob("*/*.sgc"))
    lost = next(p for p in mine if b"Zhang" in p.read_bytes() or True)
    with Profile(van) as profile:
        engine = SyncTarget(folder=shared).engine(profile)
        lost.unlink()
        with SyncTarget(folder=shared).store(profile) as store:
            lacking = engine.missing(store, None)
    assert len(lacking) == 1 and "are not on" in lacking[0]
    assert _records(van) == before


def test_sync_abroad_carries_the_mission_only_and_everything_comes_back(team: dict) -> None:
    van, minh, shared, ids = team["van"], team["minh"], team["shared"], team["ids"]
    _leave(team)
    with Profile(minh) as profile:  # at home, Minh works on both missions
        records = RecordService(profile)
        records.update("contact", ids["zhang"], {"notes": "Minh's Guangzhou note 9081"})
        records.update("meeting", ids["visit"], {"agenda": "Minh's agenda for DOST"})
        new_person = records.create("contact", {"family_name": "Trần", "given_name": "Minh Tú"})
        new_meeting = records.create(
            "meeting",
            {
                "title": "Hoà Khánh park tour",
                "mission_id": str(ids["danang"]),
                "attendee_ids": [str(new_person)],
            },
        )
        SyncService(profile).sync_folder(shared)
    with Profile(van) as profile:  # abroad, Vân syncs and writes
        report = SyncService(profile).sync_folder(shared)
        assert report.ok and report.not_carried >= 1, report.summary()
        assert "not carried on this trip" in report.summary()
        records = RecordService(profile)
        assert records.get("meeting", ids["visit"]).agenda == "Minh's agenda for DOST"
        assert records.get("meeting", new_meeting).title == "Hoà Khánh park tour"
        assert records.get("contact", new_person).given_name == "Minh Tú"
        records.update("meeting", ids["visit"], {"notes": "Vân in Da Nang: pilot agreed"})
        SyncService(profile).sync_folder(shared)
    assert _leaks(van, ["Minh's Guangzhou note 9081", *GONE]) == []
    with Profile(minh) as profile:
        SyncService(profile).sync_folder(shared)
        visit = RecordService(profile).get("meeting", ids["visit"])
        assert visit.notes == "Vân in Da Nang: pilot agreed"

    with Profile(van) as profile:  # back home
        done = come_back(profile, SyncTarget(folder=shared))
        assert done.brought_back.applied >= 2 and done.synced.ok
        with profile.database.connection() as conn:
            assert travel_state.load(conn) is None
        records = RecordService(profile)
        assert records.get("contact", ids["zhang"]).notes == "Minh's Guangzhou note 9081"
        assert _file(profile, ids["gz_file"]) == b"%PDF-1.4 other card"
        assert [h.label for h in SearchService(profile).search("Bureau visit")]
    with Profile(minh) as profile:
        SyncService(profile).sync_folder(shared)
    assert _records(van) == _records(minh)


#: leaves for travel, printing each step, and stops for good at the one named
STOPPING = """
import sys, time, uuid
from pathlib import Path
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync_target import SyncTarget
from smartgrowth_desktop.services.travel_leave import leave
folder, shared, mission, stop = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
def step(name):
    print(name, flush=True)
    if name == stop:
        time.sleep(600)
leave(Profile(folder), [uuid.UUID(mission)], SyncTarget(folder=shared), step=step)
print("finished", flush=True)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
@pytest.mark.parametrize("stop", ["write", "swap", "files"])
def test_killed_while_leaving_leaves_one_usable_profile(team: dict, stop: str) -> None:
    van, ids = team["van"], team["ids"]
    before = _records(van)
    process = subprocess.Popen(
        [sys.executable, "-c", STOPPING, str(van), str(team["shared"]), ids["danang"].hex, stop],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline().strip()
        if line == stop or not line:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()

    with Profile(van) as profile:  # opens, and finishes a departure killed after its rename
        with profile.database.connection() as conn:
            travelling = travel_state.load(conn) is not None
        records = RecordService(profile)
        assert records.get("meeting", ids["visit"]).title == "DOST visit"
    assert travelling == (stop == "files")  # "swap" is said just before the rename
    if travelling:  # the files of what left went when the profile was opened
        assert _leaks(van, [*GONE, SECRET]) == [] and not (van / LEAVING).exists()
    else:
        assert _records(van) == before


def test_the_cli_leaves_tells_comes_back_and_removes_the_profile(team: dict) -> None:
    van, shared = team["van"], team["shared"]
    asked = run_cli("travel-start", "--mission", "Da Nang", "--folder", str(shared), data_dir=van)
    assert asked.returncode == 2 and "--yes" in asked.stderr
    started = run_cli(
        "travel-start", "--mission", "Da Nang", "--folder", str(shared), "--yes", data_dir=van
    )
    assert started.returncode == 0, started.stderr
    assert "travelling with Da Nang, December 2026" in started.stdout
    ended = run_cli("travel-end", data_dir=van)  # the saved folder
    assert ended.returncode == 0, ended.stderr
    assert "back from travel" in ended.stdout
    assert run_cli("travel-status", data_dir=van).stdout.startswith("at home")
    assert _leaks(van, [SECRET]) == [SECRET]

    nowhere = run_cli("remove-profile", "--yes", "--folder", str(van / "nope"), data_dir=van)
    assert nowhere.returncode == 1 and "nope" in nowhere.stderr and van.is_dir()
    removed = run_cli("remove-profile", "--yes", "--folder", str(shared), data_dir=van)
    assert removed.returncode == 0, removed.stderr
    assert not van.exists()
    with Profile(team["minh"]) as profile:  # the team still has everything
        ids = team["ids"]
        assert RecordService(profile).get("contact", ids["zhang"]).notes == SECRET


def test_leaving_needs_a_mission_and_only_once(team: dict) -> None:
    van = team["van"]
    with pytest.raises(TravelRefused, match="at least one mission"):
        leave(Profile(van), [uuid.uuid4()], SyncTarget(folder=team["shared"]))
    _leave(team)
    with pytest.raises(TravelRefused, match="already in travel mode"):
        leave(Profile(van), [team["ids"]["danang"]], SyncTarget(folder=team["shared"]))


def test_an_encrypted_profile_travels_and_comes_back(
    team: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smartgrowth_desktop.core import profile_key
    from smartgrowth_desktop.core.errors import NotFoundError
    from smartgrowth_desktop.services.profile_crypto import encrypt_profile

    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")
    van, ids, target = team["van"], team["ids"], SyncTarget(folder=team["shared"])
    encrypt_profile(van, "a passphrase for the trip")
    profile = Profile(van, passphrase="a passphrase for the trip")
    try:
        leave(profile, [ids["danang"]], target)  # the same object, opened again after
        records = RecordService(profile)
        assert records.get("meeting", ids["visit"]).title == "DOST visit"
        with pytest.raises(NotFoundError):
            records.get("contact", ids["zhang"])
        come_back(profile, target)
        assert RecordService(profile).get("contact", ids["zhang"]).notes == SECRET
    finally:
        profile.close()


#: comes back from travel, and stops for good once the first changeset is back
RETURNING = """
import sys, time
from pathlib import Path
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync_target import SyncTarget
from smartgrowth_desktop.services.travel_return import come_back
folder, shared = Path(sys.argv[1]), Path(sys.argv[2])
def progress(message, done, total):
    if message.startswith("bringing back") and done >= 1:
        print("stopping", flush=True)
        time.sleep(600)
come_back(Profile(folder), SyncTarget(folder=shared), progress)
print("finished", flush=True)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_killed_while_coming_back_goes_on_at_the_next_run(team: dict) -> None:
    van, minh, shared, ids = team["van"], team["minh"], team["shared"], team["ids"]
    with Profile(minh) as profile:  # a second changeset of Minh's for the way back
        RecordService(profile).update("contact", ids["zhang"], {"title": "Deputy Director"})
        SyncService(profile).sync_folder(shared)
    _leave(team)
    process = subprocess.Popen(
        [sys.executable, "-c", RETURNING, str(van), str(shared)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "stopping"
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()

    with Profile(van) as profile:
        with profile.database.connection() as conn:
            travel = travel_state.load(conn)
        assert travel is not None and travel.returning  # said: "coming back"
        come_back(profile, SyncTarget(folder=shared))
        assert RecordService(profile).get("contact", ids["zhang"]).title == "Deputy Director"
    with Profile(minh) as profile:
        SyncService(profile).sync_folder(shared)
    assert _records(van) == _records(minh)
