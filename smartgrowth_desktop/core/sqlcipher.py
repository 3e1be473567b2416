"""SQLCipher connections: an encrypted profile database, opened with its raw key.

The binding is ``sqlcipher3`` (PyPI wheels for Linux, Windows and macOS with SQLCipher 4
built in, FTS5 and JSON included). It is imported only when an encrypted file is opened,
so a plain profile starts as fast as before. The database key is given raw (64 hex
digits), so opening costs no second key derivation: the passphrase's scrypt in
``profile_key`` is the only slow step.

A plain SQLite file starts with ``SQLite format 3\\0``; an SQLCipher file starts with
its random salt, so the first 16 bytes tell the two apart.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"


def is_encrypted(path: Path) -> bool:
    """Whether the database file at ``path`` exists and is not plain SQLite (a file this
    process has open is not read again: see ``core/held_files.py``)."""
    from smartgrowth_desktop.core import held_files

    known = held_files.encrypted(path)
    if known is not None:
        return known
    try:
        with held_files.open_file(path) as handle:
            head = handle.read(16)
    except OSError:
        return False
    return len(head) == 16 and head != SQLITE_HEADER


def encrypted_profile(folder: Path) -> bool:
    """Whether the profile in ``folder`` is encrypted: its key file beside a database that
    is not plain SQLite (or beside no database yet: a new encrypted profile, created next).
    Standard library only: the start-up asks before anything heavy is loaded."""
    from smartgrowth_desktop.core.paths import DATABASE_NAME, KEY_FILE

    if not (folder / KEY_FILE).is_file():
        return False
    database = folder / DATABASE_NAME
    if is_encrypted(database):
        return True
    try:
        return database.stat().st_size == 0
    except FileNotFoundError:
        return True


def dbapi() -> ModuleType:
    """The DB-API module of SQLCipher (``sqlcipher3.dbapi2``)."""
    from sqlcipher3 import dbapi2

    module: ModuleType = dbapi2
    return module


def key_pragma(key: bytes) -> str:
    """The statement that gives a connection its raw 256-bit key."""
    if len(key) != 32:
        raise ValueError("an SQLCipher raw key has 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(target: str, key: bytes | None, *, uri: bool = False, timeout: float = 5.0) -> Any:
    """An SQLCipher connection on ``target`` (a path, or a ``file:`` URI with ``uri``),
    keyed with ``key`` (None opens a plain SQLite file through SQLCipher)."""
    conn = dbapi().connect(target, uri=uri, timeout=timeout, check_same_thread=False)
    if key is not None:
        conn.execute(key_pragma(key))
    return conn


def attach_statement(alias: str, key: bytes | None) -> str:
    """``ATTACH ? AS alias KEY ...`` (the path is bound as the parameter): an encrypted
    database with ``key``, a plain one with None (an empty key)."""
    secret = f"\"x'{key.hex()}'\"" if key is not None else "''"
    return f"ATTACH DATABASE ? AS {alias} KEY {secret}"


def open_database(
    path: Path, key: bytes | None, *, read_only: bool = False, timeout: float = 5.0
) -> Any:
    """A plain ``sqlite3`` connection on ``path``, or an SQLCipher one keyed with ``key``."""
    if key is None:
        if read_only:
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)
        return sqlite3.connect(path, timeout=timeout)
    if read_only:
        return connect(f"{path.resolve().as_uri()}?mode=ro", key, uri=True, timeout=timeout)
    return connect(str(path), key, timeout=timeout)


def database_errors(*extra: type[Exception]) -> tuple[type[Exception], ...]:
    """``sqlite3.DatabaseError`` and, once SQLCipher is loaded, its own (not a subclass);
    and the ``extra`` classes."""
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    found: tuple[type[Exception], ...] = (*extra, sqlite3.DatabaseError)
    if cipher is None:
        return found
    cipher_error: type[Exception] = cipher.DatabaseError
    return (*found, cipher_error)
