"""Reading a backup zip that may be damaged or hostile: one plain refusal for any damage.

A backup travels on USB sticks and through cloud folders. Whatever is wrong with the
file (cut short, a flipped bit in a deflate stream, a bad CRC, a garbled directory,
members encrypted, overlapping or declaring sizes their data could never fill), reading
it through ``BackupArchive`` ends in a ``ValidationError`` naming the file and what is
wrong: never another exception, and always before the current profile is touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from smartgrowth_desktop.core.errors import ProfileError, ValidationError

#: Everything reading a damaged zip, and the SQLite database inside it, can raise.
DAMAGE: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,  # bad magic number, bad CRC-32, a directory cut short
    zipfile.LargeZipFile,
    zlib.error,  # a corrupted deflate stream
    EOFError,  # a deflate stream that ends too early
    OSError,  # a seek where a garbled directory points; an unreadable disk
    struct.error,  # header fields cut short
    UnicodeDecodeError,  # a member name flagged as UTF-8 that is not
    NotImplementedError,  # a garbled "version needed" field or flag bit
    sqlite3.DatabaseError,  # the database inside it
)
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what create_backup writes
_DEFLATE_MAX_RATIO = 1032  # the most deflate expands: a 258-byte match in 2 bits
_LOCAL_HEADER = 30  # bytes before a member's name in its local header
_ENCRYPTED = 0x1
_MAX_MANIFEST = 1 << 20
_CHUNK = 1 << 20


def describe(error: BaseException) -> str:
    """What is wrong, in words, for an error of ``DAMAGE``."""
    if isinstance(error, zlib.error | EOFError):
        return f"its compressed data is broken: {error}"
    if isinstance(error, sqlite3.DatabaseError):
        return f"the database in it is damaged: {error}"
    if isinstance(error, struct.error | UnicodeDecodeError | NotImplementedError):
        return f"its zip directory is garbled: {error}"
    return str(error) or type(error).__name__


def size_text(size: float) -> str:
    """A byte count for people (``1.5 GB``)."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"  # pragma: no cover - the loop always returns


class BackupArchive:
    """A backup zip opened for reading; any damage becomes one ``ValidationError``.

    Opening checks the directory whole (no member twice, none encrypted, compressed
    another way, overlapping another or declaring more than its data can hold); each
    method then refuses a damaged member the same way.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        self._zip: zipfile.ZipFile | None = None

    def __enter__(self) -> BackupArchive:
        with self.refusing():
            self._zip = zipfile.ZipFile(self.path)
        try:
            self._check_directory(self._zip.infolist())
        except BaseException:
            self._zip.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._zip is not None:
            self._zip.close()

    @property
    def archive(self) -> zipfile.ZipFile:
        assert self._zip is not None, "use BackupArchive in a with-block"
        return self._zip

    def damaged(self, what: str) -> ValidationError:
        """The refusal for a damaged file, saying ``what`` is wrong."""
        return ValidationError(self.where, f"the backup file is damaged ({what})")

    @contextlib.contextmanager
    def refusing(self) -> Iterator[None]:
        """Turn any error of ``DAMAGE`` raised in the block into the refusal."""
        try:
            yield
        except DAMAGE as error:
            raise self.damaged(describe(error)) from None

    def _check_directory(self, members: list[zipfile.ZipInfo]) -> None:
        twice = [name for name, count in Counter(m.filename for m in members).items() if count > 1]
        if twice:
            raise self.damaged(f"it holds {twice[0]!r} more than once")
        for member in members:
            self._check_member(member)
        end = self.path.stat().st_size
        for member in sorted(members, key=lambda m: m.header_offset, reverse=True):
            if member.header_offset + _LOCAL_HEADER + member.compress_size > end:
                raise self.damaged(f"{member.filename!r} overlaps what follows it")
            end = member.header_offset

    def _check_member(self, member: zipfile.ZipInfo) -> None:
        name = member.filename
        if member.flag_bits & _ENCRYPTED:
            raise self.damaged(f"{name!r} is encrypted; SmartGrowth never encrypts a member")
        if member.compress_type not in _METHODS:
            raise self.damaged(f"{name!r} is compressed in a way SmartGrowth never uses")
        if member.compress_type == zipfile.ZIP_STORED:
            most = member.compress_size
        else:
            most = member.compress_size * _DEFLATE_MAX_RATIO + _CHUNK
        if member.file_size > most:
            raise self.damaged(
                f"{name!r} claims {size_text(member.file_size)}, more than its "
                f"{size_text(member.compress_size)} of data could ever hold"
            )

    def names(self) -> set[str]:
        """The member names."""
        return set(self.archive.namelist())

    def size(self, name: str) -> int:
        """The size ``name`` declares (checked against its data when opened)."""
        return self.archive.getinfo(name).file_size

    def check_room(self, work: Path, names: list[str]) -> None:
        """Refuse a backup whose members ``names`` would not fit in ``work``'s disk."""
        needed = sum(self.size(name) for name in names)
        free = shutil.disk_usage(work).free
        if needed > free:
            raise ValidationError(
                self.where,
                f"checking it needs {size_text(needed)} but only {size_text(free)} is free "
                f"in {work.parent}; free some space (or the backup file is damaged)",
            )

    def manifest(self) -> Any:
        """The decoded ``manifest.json`` (any JSON value: the caller checks its shape)."""
        if self.size("manifest.json") > _MAX_MANIFEST:
            raise self.damaged("its manifest is far too big")
        with self.refusing():
            text = self.archive.read("manifest.json")
        try:
            return json.loads(text.decode("utf-8"))
        except (ValueError, RecursionError):
            raise ValidationError(
                self.where, "not a SmartGrowth backup (unreadable manifest)"
            ) from None

    def extract(self, name: str, target: Path) -> str:
        """Copy member ``name`` to ``target``; returns its SHA-256 (its CRC is checked).

        A target that cannot be written (a full disk) is a ``ProfileError``, not damage.
        """
        digest = hashlib.sha256()
        try:
            out = target.open("wb")
        except OSError as error:
            raise ProfileError(f"{target} cannot be written: {error}") from error
        with out, self.refusing(), self.archive.open(name) as source:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                _write(out, chunk, target)
        return digest.hexdigest()


def _write(out: Any, chunk: bytes, target: Path) -> None:
    try:
        out.write(chunk)
    except OSError as error:
        raise ProfileError(f"{target} cannot be written: {error}") from error
