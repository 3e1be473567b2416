"""Orders of work the sync model (``test_sync_model.py``) found broken, as plain tests.

Each test is the shortest order of operations that showed the bug, with what went wrong
in its docstring.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smartgrowth_desktop.core.device import CLOCK_OFFSET_KEY, write_state
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from tests.sync_support import new_profile, sync, tables
from tests.sync_world import SyncServer

HOUR_MS = 3_600_000
SECRET = "Hebei delegation 2026"


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyncServer]:
    server = SyncServer(tmp_path_factory.mktemp("sync-server"))
    yield server
    server.close()


def _skewed(folder: Path, user: str, offset_ms: int) -> Profile:
    """A fresh profile whose wall clock runs ``offset_ms`` ahead (negative: behind)."""
    profile = new_profile(folder, user)
    with profile.database.connection(immediate=True) as conn:
        write_state(conn, {CLOCK_OFFSET_KEY: str(offset_ms)})
    return profile


def test_a_list_edited_on_a_laptop_behind_keeps_the_same_order_everywhere(
    tmp_path: Path,
) -> None:
    """A laptop whose clock is a day ahead creates a market with two focus areas; a laptop
    with the right clock adds a third. Its own list put the new area last, but the stamp
    of that change is older than the other two, so every other laptop (and a replay of the
    log) sorted it first: the two laptops held the same list in different orders."""
    share = tmp_path / "share"
    share.mkdir()
    with (
        _skewed(tmp_path / "a", "Anna", 26 * HOUR_MS) as a,
        new_profile(tmp_path / "b", "Binh") as b,
    ):
        market = RecordService(a).create(
            "market",
            {"name": "Da Nang", "country": "VN", "time_zone": "Asia/Ho_Chi_Minh",
             "focus_areas": ["lighting", "water"]},
        )  # fmt: skip
        sync(a, share)
        sync(b, share)
        RecordService(b).update(
            "market", market, {"focus_areas": ["lighting", "water", "mobility"]}
        )
        sync(b, share)
        sync(a, share)
        assert tables(a) == tables(b)
        shown = RecordService(b).get_wire("market", market)["focus_areas"]
        assert sorted(shown) == ["lighting", "mobility", "water"]


def test_a_sealed_relay_before_its_author_reached_the_server_refuses_nothing(
    tmp_path: Path, sync_server: SyncServer
) -> None:
    """In a team that encrypts, Anna syncs with the shared folder only; Binh takes her
    changes from the folder and then syncs with the server, relaying them (as a USB stick
    would). The server declines the relayed copy until Anna herself has uploaded; Binh's
    sync used to say that one file was refused (a red status for a sync that did nothing
    wrong). It now says the copy waits for Anna, and her own sync sends it."""
    share = tmp_path / "share"
    share.mkdir()
    tokens = sync_server.team(["Anna", "Binh", "Chi"])
    with new_profile(tmp_path / "a", "Anna") as a, new_profile(tmp_path / "b", "Binh") as b:
        RecordService(a).create("contact", {"family_name": "Nguyễn"})
        assert SyncService(a).sync_folder(share, passphrase=SECRET).ok
        assert SyncService(b).sync_folder(share, passphrase=SECRET).ok
        report = SyncService(b).sync_server(sync_server.url, tokens["Binh"], passphrase=SECRET)
        assert report.errors == [] and report.ok, [str(e) for e in report.errors]
        assert any("once that colleague's laptop has synced" in w for w in report.waiting)
        assert SyncService(a).sync_server(sync_server.url, tokens["Anna"], passphrase=SECRET).ok
    with new_profile(tmp_path / "c", "Chi") as newcomer:
        report = SyncService(newcomer).sync_server(
            sync_server.url, tokens["Chi"], passphrase=SECRET
        )
        assert report.ok and RecordService(newcomer).count("contact") == 1


def test_two_laptops_that_set_up_one_encrypted_folder_at_once_both_get_through(
    tmp_path: Path,
) -> None:
    """Anna and Binh each sync into the team's new cloud folder before their cloud clients
    have met: each finds it empty and writes a team.json of its own (a random salt, so
    another key), and seals its changesets with it. The cloud client then keeps Binh's
    team.json (the last written) and both laptops' changesets. The model met the same with
    two syncs at one moment on one disk: the check that team.json is not there yet and the
    rename that puts it there are two steps, so the second laptop's file replaced the
    first's. Anna's changesets are then sealed with a key the folder no longer names:
    every other laptop refused them ("sealed with a different team key") at every sync,
    and her work never reached them through that folder. Now the folder's team.json is
    put in place only if absent, in one step (a hard link), and a laptop whose team key
    changed under it seals its own files again with the folder's."""
    anna_view, binh_view = tmp_path / "anna-view", tmp_path / "binh-view"
    anna_view.mkdir()
    binh_view.mkdir()
    with (
        new_profile(tmp_path / "a", "Anna") as a,
        new_profile(tmp_path / "b", "Binh") as b,
        new_profile(tmp_path / "c", "Chi") as c,
    ):
        anna = RecordService(a).create("contact", {"family_name": "Nguyễn"})
        binh = RecordService(b).create("contact", {"family_name": "Trần"})
        assert SyncService(a).sync_folder(anna_view, passphrase=SECRET).ok
        assert SyncService(b).sync_folder(binh_view, passphrase=SECRET).ok
        # the cloud client merges the two views: every file, and the last team.json
        for path in binh_view.rglob("*"):
            target = anna_view / path.relative_to(binh_view)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.write_bytes(path.read_bytes())
        share = anna_view
        for profile in (a, b, a):
            SyncService(profile).sync_folder(share, passphrase=SECRET)
        report = SyncService(c).sync_folder(share, passphrase=SECRET)
        assert report.errors == [], [str(e) for e in report.errors]
        records = RecordService(c)
        assert records.get_wire("contact", anna)["family_name"] == "Nguyễn"
        assert records.get_wire("contact", binh)["family_name"] == "Trần"
