"""Database files this process has open through SQLite, read without dropping their locks.

POSIX record locks belong to a process and a file, not to a descriptor: closing *any*
descriptor of a file drops every lock the process holds on it. SQLite guards its own
descriptors against that; a plain ``open()`` and ``close()`` of a profile's database (to
read its first bytes, or its pages for a daily backup) does not. While this process has
connections to the file, such a close silently drops their locks; another process closing
its last connection then believes it is alone, checkpoints and deletes the write-ahead log
under our connections: "disk I/O error", "database disk image is malformed", changes
lost (found by the sync model test: a pre-import backup's header check, then a CLI sync).

So a database file is *held* while this process has connections to it (``Hold``, taken
before the first connection and let go after the last), and code that reads the file
itself opens it with ``open_file``: the descriptor of a held file is not closed but kept
until the last hold is let go, as SQLite keeps its own. ``encrypted`` answers for a held
file without touching it at all.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

_Identity = tuple[int, int]  # (device, inode): the file, whatever path names it


@dataclass
class _Held:
    holds: int
    encrypted: bool
    kept: list[int] = field(default_factory=list)  # descriptors closed with the last hold


_lock = threading.Lock()
_held: dict[_Identity, _Held] = {}


def _identity(stat: os.stat_result) -> _Identity:
    return (stat.st_dev, stat.st_ino)


class Hold:
    """This process has (or is about to have) connections to the database file at
    ``path``, which exists; ``encrypted``: an SQLCipher file. ``release`` when the last
    connection is closed (twice is harmless)."""

    def __init__(self, path: Path, encrypted: bool) -> None:
        self._identity: _Identity | None = _identity(os.stat(path))
        with _lock:
            held = _held.get(self._identity)
            if held is None:
                _held[self._identity] = _Held(1, encrypted)
            else:
                held.holds += 1
                held.encrypted = encrypted

    def release(self) -> None:
        """Let go; the last hold of a file closes the descriptors ``open_file`` kept."""
        with _lock:
            if self._identity is None:
                return
            held = _held[self._identity]
            self._identity = None
            held.holds -= 1
            if held.holds:
                return
            for identity, entry in list(_held.items()):
                if entry is held:
                    del _held[identity]
            for fd in held.kept:
                with contextlib.suppress(OSError):
                    os.close(fd)


def encrypted(path: Path) -> bool | None:
    """Whether the held file at ``path`` is encrypted; None when it is not held here (or
    does not exist)."""
    try:
        identity = _identity(os.stat(path))
    except OSError:
        return None
    with _lock:
        held = _held.get(identity)
        return None if held is None else held.encrypted


@contextlib.contextmanager
def open_file(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for reading from its start; when this process holds the file, its
    descriptor is kept open (until the last hold) instead of being closed, so no lock is
    dropped, and the next ``open_file`` of it takes that descriptor again."""
    fd = _kept_descriptor(path)
    if fd is None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        with os.fdopen(fd, "rb", closefd=False) as handle:
            handle.seek(0)
            yield handle
    finally:
        with _lock:  # a hold taken after this check finds the descriptor already closed
            held = _held.get(_identity(os.fstat(fd)))
            if held is None:
                os.close(fd)
            else:
                held.kept.append(fd)


def _kept_descriptor(path: Path) -> int | None:
    try:
        identity = _identity(os.stat(path))
    except OSError:
        return None  # the open says what is wrong
    with _lock:
        held = _held.get(identity)
        return held.kept.pop() if held is not None and held.kept else None
