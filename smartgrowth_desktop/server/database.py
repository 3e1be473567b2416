"""The server's database: an engine for a URL, and its schema brought up to date.

SQLite (the default) gets WAL mode, a busy timeout and ``BEGIN IMMEDIATE`` for writes, so
several server threads (or processes) queue instead of failing. Its file is readable by
the server's user only (0600: SQLite gives its -wal and -shm files the same mode), in a
folder of its own (0700) when the server makes one. PostgreSQL is reached through
psycopg 3 (``postgresql+psycopg://user@host/db``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0003_device_keys"
KNOWN = ("0001_initial", "0002_team_sequences", "0003_device_keys")
BUSY_TIMEOUT_MS = 30_000
POOL = 40  # as many as the threads that serve requests (anyio's default), kept open
_ADVISORY_LOCK = 72_0601  # held while one process migrates a PostgreSQL database


class ServerDatabaseError(Exception):
    """The database URL is wrong, or the database cannot be used; the message says why."""


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # BEGIN is emitted by _on_begin
    dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_conn.execute("PRAGMA journal_mode = WAL")
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    dbapi_conn.execute("PRAGMA synchronous = NORMAL")


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def private_folder(folder: Path) -> None:
    """Make the server's data folder, or keep it, readable by the server's user only.

    A folder owned by someone else, or shared on purpose (sticky, like /tmp), is left as
    it is: only the database files are then made private.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "nt":
        return
    status = folder.stat()
    shared = status.st_mode & stat.S_ISVTX or status.st_uid != os.geteuid()
    if not shared and stat.S_IMODE(status.st_mode) & 0o077:
        os.chmod(folder, 0o700)


def _private_file(path: Path) -> None:
    """The SQLite file (made empty if new, which SQLite takes as a new database) 0600."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if os.name == "nt":
        return
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path.with_name(name), 0o600)


def default_url(data_dir: Path) -> str:
    """The SQLite file in the server's data folder."""
    return f"sqlite:///{data_dir / 'server.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; raises ``ServerDatabaseError`` for a URL that cannot work."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ServerDatabaseError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ServerDatabaseError("the database must be SQLite or PostgreSQL")
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                try:
                    _private_file(Path(parsed.database))
                except OSError as error:
                    raise ServerDatabaseError(f"cannot create the database file: {error}") from None
            engine = create_engine(
                parsed, connect_args={"check_same_thread": False}, pool_size=POOL, max_overflow=8
            )
            event.listen(engine, "connect", _on_connect)
            event.listen(engine, "begin", _on_begin)
            return engine
        return create_engine(parsed, pool_size=POOL, max_overflow=8, pool_recycle=1800)
    except (NoSuchModuleError, ImportError) as error:
        raise ServerDatabaseError(f"no driver for {parsed.drivername}: {error}") from None


def current_revision(conn: Connection) -> str | None:
    """The schema revision stored in the database (None for an empty one)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to ``HEAD`` (one process at a time on PostgreSQL)."""
    try:
        with engine.connect() as conn:
            postgres = conn.dialect.name == "postgresql"
            if postgres:
                conn.exec_driver_sql(f"SELECT pg_advisory_lock({_ADVISORY_LOCK})")
            try:
                _upgrade(conn)
            finally:
                if postgres:
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_ADVISORY_LOCK})")
                conn.commit()
    except DBAPIError as error:
        raise ServerDatabaseError(f"cannot open the database: {error.orig}") from None


def _upgrade(conn: Connection) -> None:
    revision = current_revision(conn)
    if revision == HEAD:
        return
    if revision is not None and revision not in KNOWN:
        raise ServerDatabaseError(
            f"this database was written by a newer SmartGrowth server (schema {revision})"
        )
    if revision is None and inspect(conn).get_table_names():
        names = ", ".join(sorted(inspect(conn).get_table_names())[:5])
        raise ServerDatabaseError(f"this database is not a SmartGrowth server's (holds {names})")
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")
    conn.commit()
