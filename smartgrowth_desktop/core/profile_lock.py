"""Who has a profile open: a shared lock while it is open, an exclusive one to replace it.

Every process that opens a profile's database for writing holds a shared advisory lock
(``flock``) on ``profile.lock`` in its folder; a conversion that replaces the database
file (encrypting, decrypting) takes the exclusive lock, which it gets only when nobody
has the profile open, and keeps it until the new file is in place. A killed process
loses its lock with it. The lock is on a file of its own, never on the database: closing
another descriptor of the database file would drop SQLite's own POSIX locks.

Windows has no ``flock``: there the rename of the new database over one another
process has open fails by itself, which refuses the conversion just as safely.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import Iterator
from pathlib import Path

from smartgrowth_desktop.core.errors import ProfileError

LOCK_FILE = "profile.lock"

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class SharedUse:
    """A shared lock on a profile folder, held until ``release``."""

    def __init__(self, folder: Path) -> None:
        self._fd: int | None = None
        if fcntl is None:
            return
        try:
            fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return  # a folder we cannot write in: nothing can replace its database either
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ProfileError(
                f"the profile in {folder} is being encrypted or decrypted right now; "
                "wait for that to finish and open it again"
            ) from None
        self._fd = fd
        # a profile dropped without close() lets go of its lock when it is collected
        self._finalizer = weakref.finalize(self, os.close, fd)

    def release(self) -> None:
        """Let go of the lock (closing the profile)."""
        if self._fd is not None:
            self._finalizer()
            self._fd = None


@contextlib.contextmanager
def exclusive_use(folder: Path) -> Iterator[None]:
    """Hold the profile in ``folder`` for ourselves, or ``ProfileError`` if it is open."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ProfileError(
                f"the profile in {folder} is open in another SmartGrowth window or command; "
                "close it and try again (nothing was changed)"
            ) from None
        yield
    finally:
        os.close(fd)
