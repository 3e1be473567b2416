"""A sync with nothing new, told with sqlite3 alone (``services/quiet_sync.py``), leaves
the same profile and folder and gives the same report as the engine's full run; whenever
there is something to do, or something it does not judge, it leaves everything as it was
for the engine."""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from smartgrowth_desktop.cli.sync import quick_sync
from smartgrowth_desktop.core import erasure, profile_key
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.device import SIGNING_KEY
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import create_encrypted_profile
from smartgrowth_desktop.services.quiet_sync import LAST_SYNC, sync_folder_quietly
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync import authors, deletions, engine, forks, quiet, redaction
from tests.conftest import run_cli
from tests.sync_support import new_profile, sync

TEAM = "mango season in Da Nang"


def _database(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the profile in ``folder``, row by row (the last sync's time out)."""
    with sqlite3.connect(folder / DATABASE_NAME) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = {n: sorted(map(tuple, conn.execute(f'SELECT * FROM "{n}"'))) for n in names}
    found["local_state"] = [
        (k, _timeless(v) if k == LAST_SYNC else v) for k, v in found["local_state"]
    ]
    return found


def _timeless(value: str) -> dict[str, Any]:
    return {k: v for k, v in json.loads(value).items() if k != "at"}


def _share(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _report(report: Any) -> dict[str, Any]:
    return {k: v for k, v in report.to_json().items() if k not in ("started_at", "finished_at")}


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Karin's and Minh's laptops in step through a shared folder (with a stray file)."""
    share, karin, minh = tmp_path / "share", tmp_path / "karin", tmp_path / "minh"
    share.mkdir()
    with new_profile(karin, "Karin") as a:
        RecordService(a).create("meeting", {"title": "Pilot in Đà Nẵng"})
        RecordService(a).create("contact", {"family_name": "李", "given_name": "伟"})
        sync(a, share)
    with new_profile(minh, "Minh") as b:
        RecordService(b).create("organization", {"name": "Sở Xây dựng", "kind": "municipality"})
        sync(b, share)
    with Profile(karin) as a:
        sync(a, share)
    (share / "desktop.ini").write_text("[.ShellClassInfo]")
    return share, karin, minh


@pytest.mark.parametrize("other_folder", [False, True], ids=["same folder", "a copy of it"])
def test_nothing_new_leaves_what_the_engine_leaves(
    world: tuple[Path, Path, Path], tmp_path: Path, other_folder: bool
) -> None:
    share, karin, _minh = world
    if other_folder:  # the folder moved (a stick on another mount): remembered anew
        share = Path(shutil.copytree(share, tmp_path / "stick"))
    twin = Path(shutil.copytree(karin, tmp_path / "twin"))
    files = _share(share)
    report = sync_folder_quietly(karin, share)
    assert report is not None and report.ok
    assert report.summary() == "sent 0 changeset(s), received 0 (0 changes)"
    assert [str(p) for p in report.ignored] == ["desktop.ini: system file"]
    with Profile(twin) as profile:
        full = SyncService(profile).sync_folder(share)
    assert _report(report) == _report(full)
    assert _database(karin) == _database(twin)
    assert _share(share) == files


def _declines(folder: Path, share: Path) -> None:
    """The quiet way hands the sync to the engine, having changed nothing."""
    before, files = _database(folder), _share(share)
    assert sync_folder_quietly(folder, share) is None
    assert _database(folder) == before and _share(share) == files


def test_a_colleagues_new_changes_go_to_the_engine(world: tuple[Path, Path, Path]) -> None:
    share, karin, minh = world
    with Profile(minh) as b:
        RecordService(b).create("meeting", {"title": "广州市水务局座谈"})
        sync(b, share)
    _declines(karin, share)
    with Profile(karin) as a:
        assert sync(a, share).applied == 1


def test_changes_not_sent_yet_go_to_the_engine(world: tuple[Path, Path, Path]) -> None:
    share, karin, _minh = world
    with Profile(karin) as a:
        RecordService(a).create(
            "lead", {"title": "Smart lighting pilot", "kind": "pilot", "stage": "identified"}
        )
    _declines(karin, share)
    with Profile(karin) as a:
        assert sync(a, share).published == 1


def test_a_changeset_missing_or_damaged_in_the_folder_goes_to_the_engine(
    world: tuple[Path, Path, Path],
) -> None:
    share, karin, _minh = world
    mine = sorted((share / "devices").rglob("*.sgc"))[0]
    data = mine.read_bytes()
    mine.write_bytes(data[: len(data) // 2])  # cut short
    _declines(karin, share)
    mine.unlink()
    _declines(karin, share)


def test_a_team_that_encrypts_goes_to_the_engine(tmp_path: Path) -> None:
    share = tmp_path / "team"
    share.mkdir()
    with new_profile(tmp_path / "karin", "Karin") as a:
        RecordService(a).create("meeting", {"title": "Pilot in Đà Nẵng"})
        sync(a, share, passphrase=TEAM)
        sync(a, share, passphrase=TEAM)
    _declines(tmp_path / "karin", share)
    args = argparse.Namespace(
        export_bundle=None, import_bundle=None, server=None, passphrase_file="team.txt"
    )
    assert quick_sync(tmp_path / "karin", args) is None  # a passphrase: always the engine
    args.passphrase_file, args.server = None, "https://sync.example.org"
    assert quick_sync(tmp_path / "karin", args) is None  # a server: the engine


def test_an_erasure_or_held_deletions_go_to_the_engine(world: tuple[Path, Path, Path]) -> None:
    share, karin, _minh = world
    for key in (f"{erasure.BLOB_PREFIX}{'ab' * 32}", f"{deletions.HELD_PREFIX}x:1"):
        with sqlite3.connect(karin / DATABASE_NAME) as conn:
            conn.execute("INSERT INTO local_state VALUES (?, '{}')", (key,))
        _declines(karin, share)
        with sqlite3.connect(karin / DATABASE_NAME) as conn:
            conn.execute("DELETE FROM local_state WHERE key = ?", (key,))
    assert sync_folder_quietly(karin, share) is not None


def test_an_encrypted_profile_syncs_through_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")
    monkeypatch.setenv("SMARTGROWTH_PASSPHRASE", TEAM)
    share, folder = tmp_path / "share", tmp_path / "sealed"
    share.mkdir()
    create_encrypted_profile(folder, TEAM)[0].close()
    with Profile(folder, passphrase=TEAM) as sealed:
        RecordService(sealed).create("meeting", {"title": "Pilot in Đà Nẵng"})
        SyncService(sealed).sync_folder(share)
    assert sync_folder_quietly(folder, share) is None
    done = run_cli("sync", "--folder", str(share), data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "sent 0 changeset(s), received 0 (0 changes)"


def test_the_quiet_way_knows_the_engines_settings() -> None:
    assert quiet.SIGNING_KEY == SIGNING_KEY and quiet.PIN_PREFIX == authors.PIN_PREFIX
    assert quiet.TEAM_DOCUMENT == engine.TEAM_DOCUMENT
    assert quiet.UNUSUAL == (
        forks.ALIAS_PREFIX,
        redaction.REDACTED_COPY,
        erasure.BLOB_PREFIX,
        deletions.HELD_PREFIX,
    )
