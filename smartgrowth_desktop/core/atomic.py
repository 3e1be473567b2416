"""Files replaced whole: the new content goes to a temporary name beside the target, is
flushed to disk, renamed over the target in one step, and the folder is synced. A crash,
a full disk or a Cancel leaves the old file or the new one, never half of one, and the
temporary file is removed when the writing fails.

``write_atomically`` for bytes at hand, ``atomic_file`` for a handle to write into,
``atomic_path`` for a writer that wants a file name (a zip, openpyxl); ``commit`` puts a
temporary file written some other way in place. The sync folder's jail opens its files
itself (``sync/jail.py``) and uses the pieces below.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

TEMP_SUFFIX = ".tmp"
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation by the C runtime


def temporary_name(target: Path) -> Path:
    """Where ``target``'s new content is written first: ``.NAME.1a2b3c4d.tmp`` beside it
    (hidden, unique, on the same file system, so the rename is one step)."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}")


def flush_to_disk(handle: IO[Any]) -> None:
    """Push what was written to ``handle`` past every cache, to the disk."""
    handle.flush()
    os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the platform allows it (not on Windows)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def rename_into_place(temp: Path, target: Path) -> None:
    """Rename a temporary file, already on disk, over ``target``; sync the folder."""
    os.replace(temp, target)
    sync_folder(target.parent)


def commit(temp: Path, target: Path) -> None:
    """Flush a finished temporary file to disk and rename it over ``target``."""
    with open(temp, "rb+") as handle:
        os.fsync(handle.fileno())
    rename_into_place(temp, target)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` to write a file at; when the block ends, that
    file replaces ``target`` (or, if the block raises, it is removed)."""
    temp = temporary_name(target)
    try:
        yield temp
        commit(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_file(
    target: Path,
    mode: str = "wb",
    *,
    encoding: str | None = None,
    newline: str | None = None,
    permissions: int = 0o666,
) -> Iterator[IO[Any]]:
    """A handle on a new temporary file (created with ``permissions``, less the umask);
    when the block ends it replaces ``target`` (or, if the block raises, it is removed)."""
    temp = temporary_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, permissions)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            flush_to_disk(handle)
        rename_into_place(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, data: bytes, permissions: int = 0o666) -> None:
    """Replace ``target`` by ``data`` (see the module's docstring)."""
    with atomic_file(target, permissions=permissions) as handle:
        handle.write(data)
