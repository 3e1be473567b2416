"""Reading a profile's database file while this process has it open keeps its locks.

Closing any descriptor of a file drops every POSIX lock the process holds on it. When a
backup's header check or page scan did that under the window's connections, the next
command to close its connection thought it was alone and deleted the write-ahead log
under the window: what the window saved next never reached the file. Each case below
does what the window does while it stays open, lets another process open and close the
profile, then saves, and checks that another process sees it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smartgrowth_desktop.core import held_files, profile_key
from smartgrowth_desktop.core.backup import before_bulk_change, daily_backup
from smartgrowth_desktop.core.sqlcipher import is_encrypted
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import create_encrypted_profile
from smartgrowth_desktop.services.records import RecordService

PASS = "correct horse battery staple"
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

#: another process: opens the profile's database, reads the contacts' names, closes it
OTHER_PROCESS = """
import sys
from pathlib import Path
from smartgrowth_desktop.core.sqlcipher import open_database
key = bytes.fromhex(sys.argv[2]) if sys.argv[2] else None
conn = open_database(Path(sys.argv[1]), key)
names = [row[0] for row in conn.execute("SELECT family_name FROM contacts ORDER BY 1")]
conn.close()
print("|".join(names))
"""


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")


def _names_elsewhere(profile: Profile) -> list[str]:
    key = profile.database_key.hex() if profile.database_key is not None else ""
    database = str(profile.folder / "profile.sqlite3")
    done = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, database, key],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )
    return done.stdout.strip().split("|")


def _pre_import_backup(profile: Profile) -> None:
    before_bulk_change(profile.folder, "import", key=profile.database_key)


def _daily_full(profile: Profile) -> None:
    daily_backup(profile.folder, now=lambda: MONDAY, key=profile.database_key)


def _daily_increment(profile: Profile) -> None:
    daily_backup(profile.folder, now=lambda: MONDAY, key=profile.database_key)
    RecordService(profile).create("contact", {"family_name": "Lê"})
    daily_backup(profile.folder, now=lambda: MONDAY + timedelta(days=1), key=profile.database_key)


def _header_check(profile: Profile) -> None:
    assert is_encrypted(profile.folder / "profile.sqlite3") == (profile.database_key is not None)


WHILE_OPEN: dict[str, Callable[[Profile], None]] = {
    "pre-import backup": _pre_import_backup,
    "daily backup, full": _daily_full,
    "daily backup, increment": _daily_increment,
    "header check": _header_check,
}


def _open(folder: Path, encrypted: bool) -> Profile:
    if not encrypted:
        return Profile(folder)
    profile, _recovery = create_encrypted_profile(folder, PASS)
    return profile


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
@pytest.mark.parametrize("action", list(WHILE_OPEN))
def test_what_the_window_saves_after_reading_its_file_reaches_other_processes(
    tmp_path: Path, action: str, encrypted: bool
) -> None:
    with _open(tmp_path / "profile", encrypted) as profile:
        records = RecordService(profile)
        records.create("contact", {"family_name": "Nguyễn"})
        WHILE_OPEN[action](profile)
        assert "Nguyễn" in _names_elsewhere(profile)  # opened and closed elsewhere
        assert (profile.folder / "profile.sqlite3-wal").exists(), "the log was deleted under us"
        records.create("contact", {"family_name": "Trần"})
        assert "Trần" in _names_elsewhere(profile)
        with profile.database.raw_read() as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Profile(tmp_path / "profile", passphrase=PASS if encrypted else None) as again:
        names = {c.family_name for c in RecordService(again).list("contact")}
    assert {"Nguyễn", "Trần"} <= names


def test_a_held_file_is_read_through_one_kept_descriptor_closed_with_the_last_hold(
    tmp_path: Path,
) -> None:
    path = tmp_path / "file.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(100))
    open_before = len(os.listdir("/proc/self/fd"))
    first = held_files.Hold(path, encrypted=False)
    second = held_files.Hold(path, encrypted=False)
    for _ in range(3):
        with held_files.open_file(path) as handle:
            assert handle.read(16) == b"SQLite format 3\x00"
    assert held_files.encrypted(path) is False
    assert len(os.listdir("/proc/self/fd")) == open_before + 1  # one kept, reused
    first.release()
    first.release()  # twice is harmless
    assert len(os.listdir("/proc/self/fd")) == open_before + 1
    second.release()
    assert len(os.listdir("/proc/self/fd")) == open_before
    assert held_files.encrypted(path) is None
    with held_files.open_file(path) as handle:  # not held: opened and closed
        assert handle.read(3) == b"SQL"
    assert len(os.listdir("/proc/self/fd")) == open_before
