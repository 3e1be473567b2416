"""core/atomic.py: a file is replaced whole or not at all, and no temporary file stays."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from smartgrowth_desktop.core.atomic import atomic_file, atomic_path, write_atomically


def test_a_file_is_written_and_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("cancelled")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_bytes(b"half of the new")
        raise RuntimeError("cancelled")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["calendar.ics"]


def test_text_and_private_files(tmp_path: Path) -> None:
    target = tmp_path / "token.json"
    with atomic_file(target, "w", encoding="utf-8", permissions=0o600) as handle:
        handle.write("Nguyễn 广州\n")
    assert target.read_text(encoding="utf-8") == "Nguyễn 广州\n"
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "gone" / "file.bin", b"x")
