"""A full disk is said as one (not "disk I/O error" or "damaged"), and loses nothing."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MB file system (tmpfs), unmounted after the test."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"this machine cannot mount a small file system: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_is_said_plainly_and_nothing_is_lost(small_disk: Path) -> None:
    profile = small_disk / "profile"
    added = run_cli("add", "contact", "family_name=Trương", data_dir=profile)
    assert added.returncode == 0, added.stderr
    filler = _fill(small_disk)
    for command in (["add", "contact", "family_name=Đoàn"], ["backup"], ["list", "contact"]):
        done = run_cli(*command, data_dir=profile)
        assert done.returncode == 1, (command, done.stdout)
        assert "is full" in done.stderr, (command, done.stderr)
        assert "I/O" not in done.stderr and "damaged" not in done.stderr
        assert "Traceback" not in done.stderr
    filler.unlink()
    listed = json.loads(run_cli("list", "contact", "--json", data_dir=profile).stdout)
    assert [c["family_name"] for c in listed] == ["Trương"]
