"""Where a profile lives: private files, and read-only media that can still be read."""

from __future__ import annotations

import json
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.profile_lock import LOCK_FILE
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_profile_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    with Profile(folder) as profile:
        RecordService(profile).create("contact", {"family_name": "Đặng"})
        wal = folder / f"{DATABASE_NAME}-wal"
        assert wal.exists() and _mode(wal) == 0o600
    assert _mode(folder) == 0o700
    assert _mode(folder / DATABASE_NAME) == 0o600


def test_an_older_profile_file_is_made_private_when_opened(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    Profile(folder).close()
    (folder / DATABASE_NAME).chmod(0o644)
    Profile(folder).close()
    assert _mode(folder / DATABASE_NAME) == 0o600


@pytest.fixture
def read_only_copy(tmp_path: Path) -> Iterator[Path]:
    """A profile seen through a read-only bind mount (real read-only media)."""
    source, mount = tmp_path / "stick", tmp_path / "mounted"
    mount.mkdir()
    assert run_cli("add", "contact", "family_name=Nguyễn", "given_name=Lan",
                   data_dir=source / "profile").returncode == 0  # fmt: skip
    for command in (["mount", "--bind", str(source), str(mount)],
                    ["mount", "-o", "remount,bind,ro", str(mount)]):  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            subprocess.run(["umount", str(mount)], capture_output=True)
            pytest.skip(f"this machine cannot make a read-only mount: {done.stderr.strip()}")
    try:
        yield mount / "profile"
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_profile_on_read_only_media_is_listed_searched_and_exported(
    read_only_copy: Path, tmp_path: Path
) -> None:
    listed = run_cli("list", "contact", "--json", data_dir=read_only_copy)
    assert listed.returncode == 0, listed.stderr
    assert [c["family_name"] for c in json.loads(listed.stdout)] == ["Nguyễn"]
    found = run_cli("search", "nguyen", data_dir=read_only_copy)
    assert found.returncode == 0 and "Nguyễn Lan" in found.stdout  # family name first
    out = tmp_path / "export.json"
    exported = run_cli("export-json", str(out), data_dir=read_only_copy)
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["contacts"]) == 1

    refused = run_cli("add", "contact", "family_name=Hồ", data_dir=read_only_copy)
    assert refused.returncode == 1
    assert "read-only media" in refused.stderr and "Traceback" not in refused.stderr
    names = {p.name for p in read_only_copy.iterdir()}  # no -wal, -shm or journal made
    assert DATABASE_NAME in names and names <= {DATABASE_NAME, LOCK_FILE}
