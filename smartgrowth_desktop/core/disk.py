"""Errors of the disk, in words: a full disk is said as one, whatever reported it.

SQLite reports a disk that filled up mid-write as "database or disk is full" or, when the
write-ahead log or its shared memory could not grow, as a bare "disk I/O error"; Python
reports ENOSPC. All of them mean the same to a delegate: free some space and try again.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

LOW_SPACE_BYTES = 4 * 2**20  # below this, an I/O error is most likely the disk being full


def free_bytes(path: Path) -> int | None:
    """Free space on the disk holding ``path`` (or its nearest existing parent)."""
    for candidate in (path, *path.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def is_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has (almost) no space left."""
    free = free_bytes(path)
    return free is not None and free < LOW_SPACE_BYTES


def full_message(path: Path) -> str:
    """The sentence for a full disk."""
    return (
        f"the disk holding {path} is full: free some space and try again; nothing was half-written"
    )


def describe_os_error(error: OSError) -> str:
    """An ``OSError`` as a sentence that names the file and what to do."""
    where = Path(error.filename) if error.filename else None
    name = str(where) if where is not None else "a file"
    if error.errno in (errno.ENOSPC, errno.EDQUOT) or (where is not None and is_full(where)):
        return full_message(where) if where is not None else "the disk is full"
    if error.errno == errno.EROFS:
        return f"{name} is on read-only media and cannot be written"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{name} cannot be opened or written: permission denied"
    if error.errno == errno.ENOENT:
        return f"{name} does not exist"
    return f"{name}: {error.strerror or error}"
