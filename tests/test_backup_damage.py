"""Damaged backup files: every kind of damage gets the same plain refusal naming the file,
and the current profile is left exactly as it was (issue 13.6)."""

from __future__ import annotations

import hashlib
import io
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from smartgrowth_desktop.core import backup_zip
from smartgrowth_desktop.core.backup import create_backup, list_backups
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.restore import restore_backup
from tests.test_backup import _count, _fill, database_stream

CENTRAL = b"PK\x01\x02"  # a central directory entry: its fields at these offsets
CRC, COMPRESSED, SIZE = 16, 20, 24
FLAGS, METHOD = 8, 10


class Setup(NamedTuple):
    folder: Path
    good: bytes  # a good backup of the profile, taken before one more contact


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    folder = tmp_path / "profile"
    _fill(folder, contacts=2)
    good = create_backup(folder, tmp_path / "good.zip").path.read_bytes()
    _fill(folder, contacts=1)  # the profile moves on: 3 contacts
    return Setup(folder, good)


def _state(folder: Path) -> str:
    """A digest of the profile's files (database, WAL, attachments, backups)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def _refused(folder: Path, data: bytes, message: str, name: str = "damaged.zip") -> str:
    """Restore ``data``: refused with ``message``, naming the file; nothing changed."""
    path = folder.parent / name
    path.write_bytes(data)
    before = _state(folder)
    with pytest.raises(ValidationError, match=message) as caught:
        restore_backup(folder, path)
    assert str(path.resolve()) in str(caught.value)
    assert _state(folder) == before
    assert list_backups(folder) == []
    return caught.value.message


def _central(data: bytes, name: str) -> int:
    """Where a member's entry in the central directory starts."""
    at = data.find(CENTRAL)
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            return at
        at = data.find(CENTRAL, at + 1)
    raise AssertionError(f"{name} not in the central directory")


def _as_file(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def _patched(data: bytes, at: int, fmt: str, value: int) -> bytes:
    patched = bytearray(data)
    struct.pack_into(fmt, patched, at, value)
    return bytes(patched)


def _rezipped(data: bytes, rename: Callable[[str], str | None]) -> bytes:
    """The same members written again, each under ``rename(name)`` (None: left out)."""
    out = _as_file(b"")
    with zipfile.ZipFile(_as_file(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            name = rename(info.filename)
            if name is not None:
                target.writestr(name, source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()


# -- truncated --------------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.02, 0.5, 0.999, -22, -1])
def test_truncated_backups_are_refused(setup: Setup, keep: float) -> None:
    """Cut in the database's deflate stream, in an attachment, in the directory."""
    size = len(setup.good)
    cut = int(size * keep) if keep > 0 else size + int(keep)
    _refused(setup.folder, setup.good[:cut], "not a SmartGrowth backup|damaged")
    assert _count(setup.folder) == 3


def test_truncated_database_member_with_its_directory_kept(setup: Setup) -> None:
    """The directory still says the database is whole; its deflate stream ends early."""
    start, _length = database_stream(setup.good)
    damaged = bytearray(setup.good)
    damaged[start + 200 : start + 4000] = bytes(3800)  # zeros: a stored block, cut short
    _refused(setup.folder, bytes(damaged), "damaged")


# -- flipped bytes in the deflate stream ----------------------------------------------------


def test_corrupted_deflate_stream_is_refused_not_a_zlib_error(setup: Setup) -> None:
    """The regression of 13.6: ``zlib.error`` came out of ``restore_backup``."""
    start, _length = database_stream(setup.good)
    damaged = bytearray(setup.good)
    damaged[start] |= 0b110  # the first block's type becomes 3, which deflate never uses
    message = _refused(setup.folder, bytes(damaged), "damaged")
    assert "compressed data is broken" in message and "invalid block type" in message


@pytest.mark.parametrize("where", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_flipped_bytes_inside_the_database_stream(setup: Setup, where: float) -> None:
    start, length = database_stream(setup.good)
    damaged = bytearray(setup.good)
    for step in range(8):  # a scratched run of bytes, not one lucky bit
        damaged[start + int(length * where) + step] ^= 0x5A
    _refused(setup.folder, bytes(damaged), "damaged")


# -- CRC -------------------------------------------------------------------------------


@pytest.mark.parametrize("member", [DATABASE_NAME, "manifest.json"])
def test_bad_crc_is_refused(setup: Setup, member: str) -> None:
    at = _central(setup.good, member) + CRC
    crc = struct.unpack_from("<I", setup.good, at)[0]
    message = _refused(setup.folder, _patched(setup.good, at, "<I", crc ^ 1), "damaged")
    assert "Bad CRC-32" in message and member in message


def test_attachment_with_a_good_crc_and_other_bytes_is_refused(setup: Setup) -> None:
    """An attachment whose bytes and CRC were both changed: its SHA-256 name tells."""
    with zipfile.ZipFile(_as_file(setup.good)) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    blob = next(name for name in contents if name.startswith("attachments/"))
    contents[blob] = b"not the file it names"
    out = _as_file(b"")
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in contents.items():
            archive.writestr(name, body)
    _refused(setup.folder, out.getvalue(), "attachment .* is damaged")


# -- member names ------------------------------------------------------------------------


def test_database_under_another_name_is_not_a_backup(setup: Setup) -> None:
    moved = _rezipped(setup.good, lambda n: f"old/{n}" if n == DATABASE_NAME else n)
    _refused(setup.folder, moved, "not a SmartGrowth backup")
    cased = _rezipped(setup.good, lambda n: n.upper() if n == "manifest.json" else n)
    _refused(setup.folder, cased, "not a SmartGrowth backup")


def test_member_twice_is_refused(setup: Setup) -> None:
    twice = _rezipped(setup.good, lambda n: n)
    with zipfile.ZipFile(_as_file(setup.good)) as archive:
        database = archive.read(DATABASE_NAME)
    out = _as_file(twice)
    with zipfile.ZipFile(out, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr(DATABASE_NAME, database)
    _refused(setup.folder, out.getvalue(), "'profile.sqlite3' more than once")


def test_member_name_flagged_utf8_that_is_not(setup: Setup) -> None:
    renamed = _rezipped(setup.good, lambda n: "extra-é.txt" if n == "manifest.json" else n)
    broken = renamed.replace("extra-é".encode(), b"extra-\xc3\x28")  # flag 0x800 stays
    message = _refused(setup.folder, broken, "damaged")
    assert "zip directory is garbled" in message


def test_stray_and_climbing_names_are_ignored_and_never_written(setup: Setup) -> None:
    """A name like ``../../x`` is never used as a path: only the SHA-256 of a blob is."""
    out = _as_file(setup.good)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("../../escaped.txt", "outside")
        archive.writestr("attachments/zz/not-a-hash", "stray")
    path = setup.folder.parent / "strays.zip"
    path.write_bytes(out.getvalue())
    report = restore_backup(setup.folder, path)
    assert len(report.warnings) == 2 and all("ignored" in w for w in report.warnings)
    assert not list(setup.folder.parent.parent.rglob("escaped.txt"))
    assert _count(setup.folder) == 2


# -- sizes: zip-bomb-like declarations ---------------------------------------------------


def test_declared_size_beyond_what_deflate_can_hold_is_refused(setup: Setup) -> None:
    at = _central(setup.good, DATABASE_NAME) + SIZE
    message = _refused(setup.folder, _patched(setup.good, at, "<I", 0xFFFF_FFF0), "damaged")
    assert "claims 4.0 GB" in message


def test_declared_size_of_a_stored_member_beyond_its_data(setup: Setup) -> None:
    at = _central(setup.good, "manifest.json") + SIZE
    _refused(setup.folder, _patched(setup.good, at, "<I", 50_000_000), "claims 47.7 MB")


def test_a_backup_bigger_than_the_free_space_is_refused_before_extraction(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: shutil._ntuple_diskusage(1, 1, 1000))
    _refused(setup.folder, setup.good, "only 1000 bytes is free")


def test_overlapping_members_are_refused(setup: Setup) -> None:
    """A member whose data would run into the next one (the "overlapped" zip bomb)."""
    at = _central(setup.good, DATABASE_NAME) + COMPRESSED
    _refused(setup.folder, _patched(setup.good, at, "<I", len(setup.good)), "overlaps")


# -- flags and methods -----------------------------------------------------------------------


def test_encrypted_or_oddly_compressed_members_are_refused(setup: Setup) -> None:
    at = _central(setup.good, DATABASE_NAME)
    flags = struct.unpack_from("<H", setup.good, at + FLAGS)[0]
    _refused(setup.folder, _patched(setup.good, at + FLAGS, "<H", flags | 1), "encrypted")
    lzma = _patched(setup.good, at + METHOD, "<H", zipfile.ZIP_LZMA)
    _refused(setup.folder, lzma, "compressed in a way SmartGrowth never uses")


def test_the_damage_class_covers_what_the_libraries_raise() -> None:
    import sqlite3
    import zlib

    for error in (zlib.error, EOFError, zipfile.BadZipFile, struct.error, sqlite3.DatabaseError):
        assert issubclass(error, backup_zip.DAMAGE)
    assert backup_zip.describe(zlib.error("invalid block type")).startswith("its compressed")
