"""A profile's database opened with the standard library alone, for quick commands.

Opening a profile properly (``services/profile.py``: SQLAlchemy, the migration check, the
steps a conversion or a departure left to finish) costs more than a whole search or a
sync with nothing new. ``plain_profile(folder)`` opens the database with ``sqlite3``, with
the same pragmas and the same shared lock, when, and only when, that full open would do
nothing more than connect: a plain (not encrypted) profile already at this version's
schema, on media this user can write, with nothing left to finish. Otherwise it yields
None and the caller takes the full path, which decides and explains.

The connection is in autocommit mode: a reader says ``BEGIN`` (``read``), a writer
``BEGIN IMMEDIATE`` (``write``), as the engine's connections do.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core import disk
from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.core.held_files import Hold
from smartgrowth_desktop.core.paths import DATABASE_NAME, KEY_FILE
from smartgrowth_desktop.core.profile_lock import SharedUse
from smartgrowth_desktop.core.schema_head import HEAD

BUSY_TIMEOUT_MS = 5000
#: the marker of a departure from travel mode still deleting files (services/travel_leave.py)
LEAVING = ".travel-leaving"


def explain(error: BaseException, path: Path) -> ProfileError:
    """A plain-language ``ProfileError`` for a database error of the environment."""
    text = str(getattr(error, "orig", error) or error)
    lowered = text.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        return ProfileError(f"{path} is not a SmartGrowth profile database (or it is damaged)")
    if "locked" in lowered or "busy" in lowered:
        return ProfileError(
            f"{path} is in use by another program (the database is locked); "
            "close the other SmartGrowth window or command and try again"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return ProfileError(f"{path} cannot be written (read-only file or folder)")
    if "unable to open" in lowered:
        return ProfileError(f"{path} cannot be opened (missing or unreadable folder)")
    if "full" in lowered or ("disk i/o error" in lowered and disk.is_full(path.parent)):
        return ProfileError(disk.full_message(path.parent))
    if "disk i/o error" in lowered:
        return ProfileError(
            f"the disk holding {path} could not be read or written (unplugged or failing?); "
            "nothing was half-written"
        )
    return ProfileError(f"{path}: database error: {text}")


def set_pragmas(dbapi_conn: Any, _record: Any = None) -> None:
    """Our pragmas on a new connection to a writable profile (the engine's too)."""
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
    dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_conn.execute("PRAGMA journal_mode = WAL")
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    dbapi_conn.execute("PRAGMA synchronous = FULL")
    dbapi_conn.execute("PRAGMA cache_size = -8192")  # 8 MB per connection


def create_private(path: Path) -> None:
    """Create an empty database file readable by its owner only (SQLite gives its
    ``-wal`` and ``-shm`` files the same mode); tighten an existing one."""
    if os.name == "nt":
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)


def _plain_and_ready(folder: Path) -> bool:
    """Whether the full open of ``folder`` would only connect (see the module's text)."""
    from smartgrowth_desktop.core.sqlcipher import is_encrypted

    database = folder / DATABASE_NAME
    if not database.is_file() or (folder / KEY_FILE).exists() or is_encrypted(database):
        return False
    if (folder / LEAVING).exists() or not os.access(folder, os.W_OK):
        return False
    try:  # read-only media open read-only and immutable: the full path does that
        return not os.statvfs(folder).f_flag & os.ST_RDONLY
    except (AttributeError, OSError):  # no statvfs on Windows
        return True


@contextlib.contextmanager
def plain_profile(folder: Path) -> Iterator[sqlite3.Connection | None]:
    """The profile in ``folder`` opened with ``sqlite3``, or None when it needs the full
    open. Database errors while it is used are ``ProfileError`` in plain words."""
    if not _plain_and_ready(folder):
        yield None
        return
    database = folder / DATABASE_NAME
    try:
        in_use = SharedUse(folder)
    except ProfileError:  # being converted: the full open says so
        yield None
        return
    conn: sqlite3.Connection | None = None
    held: Hold | None = None
    try:
        create_private(database)
        held = Hold(database, encrypted=False)
        try:
            conn = sqlite3.connect(database)
            set_pragmas(conn)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            row = None
        if row is None or row[0] != HEAD:  # to migrate, damaged, locked…: the full open
            yield None
            return
        try:
            yield conn
        except sqlite3.Error as error:
            raise explain(error, database) from error
    finally:
        if conn is not None:
            conn.close()
        if held is not None:
            held.release()
        in_use.release()


@contextlib.contextmanager
def read(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction on a plain connection."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


@contextlib.contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction on a plain connection: committed whole, or not at all."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
