"""Reading a file only when it is no larger than a limit, and never more than the limit.

A file from a colleague, a shared folder or an e-mail may be hostile: a sparse file of
3 GB costs nothing on disk and everything in memory. So the size is checked on the open
handle before a byte is read, and at most ``limit + 1`` bytes are read (a file growing
while it is read is refused too, never read whole).
"""

from __future__ import annotations

import os
from pathlib import Path


class TooLarge(ValueError):
    """A file (or a part of one) larger than what we read; says both sizes in words."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size_text(size)}, more than the {size_text(limit)} allowed")
        self.size = size
        self.limit = limit


def size_text(size: int) -> str:
    """A byte count for people: ``64 MB``, ``1.5 GB``, ``512 bytes``."""
    if size < 1024:
        return f"{size} bytes"
    value, unit = float(size), "bytes"
    for unit in ("KB", "MB", "GB", "TB"):  # noqa: B007 - the unit reached is the one shown
        value /= 1024
        if round(value, 1) < 1024:
            break
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"  # 64 MB, 1.5 KB


def read_at_most(path: Path, limit: int) -> bytes:
    """The bytes of ``path``; ``TooLarge`` when it holds more than ``limit`` (``OSError``
    passes through)."""
    with open(path, "rb") as handle:
        check_size(os.fstat(handle.fileno()).st_size, limit)
        data = handle.read(limit + 1)
    check_size(len(data), limit)
    return data


def check_size(size: int, limit: int) -> None:
    """Raise ``TooLarge`` when ``size`` is over ``limit``."""
    if size > limit:
        raise TooLarge(size, limit)
