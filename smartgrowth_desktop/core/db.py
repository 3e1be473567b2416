"""Opening a profile's SQLite database: pragmas, migrations, transactions, error messages."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Engine, create_engine, event, exc

from smartgrowth_desktop.core import migrate
from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.core.held_files import Hold
from smartgrowth_desktop.core.paths import DATABASE_NAME as DATABASE_NAME
from smartgrowth_desktop.core.plain import BUSY_TIMEOUT_MS, create_private, explain, set_pragmas
from smartgrowth_desktop.core.profile_lock import SharedUse

if TYPE_CHECKING:
    # the ORM, the models and the writer are loaded by the first ORM read or write: a
    # command that only reads through SQL (a search, a sync with nothing new) never needs them
    from sqlalchemy.orm import Session

    from smartgrowth_desktop.core.writer import Writer, WriteSummary

#: an encrypted connection's page cache, in KiB: SQLCipher decrypts (and checks) each page
#: it reads from the file, and the OS cache holds only ciphertext, so more pages are kept
#: decrypted here. Measured at scale 1 (search p95 against the plain profile; peak memory
#: of the window after scrolling every contact, budget 300 MB): 8 MB 1.37-1.62x, 265 MB;
#: 16 MB 1.2-1.3x, 282 MB; 32 MB 1.0-1.2x, 315 MB (bench/encryption_bench.py)
CIPHER_CACHE_KIB = 16 * 1024


#: ``local_state``: when ``make_durable`` last synced commits made without a sync
DURABLE_AT = "durable_at"

_on_connect = set_pragmas  # the engine's connections: the same as a plain one's


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _on_connect_read_only(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_conn.execute("PRAGMA cache_size = -8192")


def make_engine(path: Path, read_only: bool = False, key: bytes | None = None) -> Engine:
    """An engine on ``path`` with our pragmas and explicit transaction starts.

    ``read_only`` opens a database on read-only media: SQLite is told the file cannot
    change (``immutable``), so it needs no lock or shared-memory file beside it. ``key``
    opens an encrypted (SQLCipher) database with its raw key (``core/sqlcipher.py``).
    """
    if key is not None:
        engine = _cipher_engine(path, read_only, key)
    elif read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
        event.listen(engine, "connect", _on_connect_read_only)
    else:
        engine = create_engine(f"sqlite:///{path}")
        event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _cipher_engine(path: Path, read_only: bool, key: bytes) -> Engine:
    from smartgrowth_desktop.core import sqlcipher

    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        engine = create_engine(
            f"sqlite:///{path}",
            module=sqlcipher.dbapi(),
            creator=lambda: sqlcipher.connect(uri, key, uri=True),
        )
        event.listen(engine, "connect", _on_connect_read_only)
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            module=sqlcipher.dbapi(),
            creator=lambda: sqlcipher.connect(str(path), key),
        )
        event.listen(engine, "connect", _on_connect)
    event.listen(engine, "connect", _cipher_cache)
    return engine


def _cipher_cache(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute(f"PRAGMA cache_size = -{CIPHER_CACHE_KIB}")


ChangeListener = Callable[["WriteSummary"], None]


def _operational_errors(encrypted: bool) -> tuple[type[Exception], ...]:
    """What a raw read may raise: SQLAlchemy's, sqlite3's (and SQLCipher's) errors."""
    if not encrypted:
        return (exc.OperationalError, sqlite3.OperationalError)
    from smartgrowth_desktop.core import sqlcipher

    cipher_error: type[Exception] = sqlcipher.dbapi().OperationalError
    return (exc.OperationalError, sqlite3.OperationalError, cipher_error)


def _check_current(conn: Connection) -> None:
    """A read-only profile cannot be migrated: it must already be at our schema."""
    revision = migrate.current_revision(conn)
    if revision != migrate.HEAD:
        newer = revision is not None and revision not in migrate.KNOWN
        raise ProfileError(
            "this profile on read-only media was written by "
            + ("a newer" if newer else "an older")
            + " version of SmartGrowth Field Desk and cannot be opened where it is; copy "
            "the folder to your disk and open the copy"
        )


def _hold(path: Path, encrypted: bool) -> Hold | None:
    """The file held while connections are open (``core/held_files.py``), if it exists."""
    try:
        return Hold(path, encrypted)
    except OSError:  # missing: opening it fails and says so
        return None


class Database:
    """A profile's database: short read sessions and serialized write transactions."""

    def __init__(self, path: Path, read_only: bool = False, key: bytes | None = None) -> None:
        self.path = path
        self.read_only = read_only
        self.encrypted = key is not None
        self.key = key  # the SQLCipher key (a backup of an encrypted profile needs it)
        self._raw_errors = _operational_errors(self.encrypted)
        # held while open: nobody replaces the file under us (core/profile_lock.py)
        self._in_use = None if read_only else SharedUse(path.parent)
        if not read_only:
            if key is None and not path.exists():
                from smartgrowth_desktop.core.schema_template import fill_new

                fill_new(path)  # a new database: the current schema, copied, not migrated
            create_private(path)
        self._held = _hold(path, self.encrypted)
        self.engine = make_engine(path, read_only, key)
        self._listeners: list[ChangeListener] = []
        try:
            with self.engine.connect() as conn:
                if read_only:
                    _check_current(conn)
                else:
                    migrate.upgrade(conn, self._before_migration)
                conn.commit()
        except exc.DBAPIError as error:
            self.close()
            raise explain(error, path) from error
        except ProfileError:
            self.close()
            raise

    def check_writable(self) -> None:
        """Raise ``ProfileError`` when the profile was opened from read-only media."""
        if self.read_only:
            raise ProfileError(
                f"{self.path.parent} is on read-only media: the profile can be listed, "
                "searched and exported, not changed (copy the folder to your disk to work in it)"
            )

    def _before_migration(self, revision: str) -> None:
        """Back up the profile before its schema changes (see ``core/backup.py``)."""
        from smartgrowth_desktop.core.backup import create_backup

        create_backup(self.path.parent, reason="before-migration", key=self.key)

    def close(self) -> None:
        """Release every connection (and the folder's shared lock)."""
        self.engine.dispose()
        if self._held is not None:
            self._held.release()
        if self._in_use is not None:
            self._in_use.release()

    def subscribe(self, listener: ChangeListener) -> None:
        """Call ``listener`` with the summary of every committed write."""
        self._listeners.append(listener)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only ORM session (objects stay usable after it closes)."""
        from sqlalchemy.orm import Session

        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except exc.OperationalError as error:
            raise explain(error, self.path) from error

    @contextlib.contextmanager
    def raw_read(self) -> Iterator[sqlite3.Connection]:
        """The plain ``sqlite3`` connection inside a read transaction (for readers that are
        shared with the start-up glance, which runs before SQLAlchemy is loaded)."""
        try:
            with self.engine.connect() as conn, conn.begin():
                driver = conn.connection.driver_connection
                # sqlite3's, or SQLCipher's connection of the same interface
                assert driver is not None and hasattr(driver, "execute")
                yield cast(sqlite3.Connection, driver)
        except self._raw_errors as error:
            raise explain(error, self.path) from error

    @contextlib.contextmanager
    def write(self, author: str | None = None, dry_run: bool = False) -> Iterator[Writer]:
        """One write transaction: everything in it commits together or not at all.

        With ``dry_run`` the work is done and then rolled back (to report what would change).
        """
        from smartgrowth_desktop.core.device import DeviceState
        from smartgrowth_desktop.core.writer import Writer

        summary: WriteSummary | None = None
        self.check_writable()
        try:
            with self.engine.connect() as conn:
                conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin() as transaction:
                    writer = Writer(conn, DeviceState.load(conn), author)
                    yield writer
                    if dry_run:
                        transaction.rollback()
                    else:
                        summary = writer.finish()
        except exc.OperationalError as error:
            raise explain(error, self.path) from error
        if summary is not None and summary.records:
            for listener in list(self._listeners):
                listener(summary)

    def checkpoint(self) -> None:
        """Move the write-ahead log into the database file and empty it (after an erasure,
        so that no old page of the log still holds what was erased)."""
        with self.engine.connect() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None and hasattr(driver, "execute")
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextlib.contextmanager
    def connection(self, immediate: bool = False, durable: bool = True) -> Iterator[Connection]:
        """A raw connection in a transaction (sync and replay use this).

        ``durable`` False: its commit is not synced to the disk (``synchronous = NORMAL``):
        it is atomic and survives a crash of the program, but a power cut may undo it until
        the next synced commit (``make_durable``) — only for what can be fetched again, such
        as changesets received from colleagues, applied together with their progress.
        """
        if immediate:
            self.check_writable()
        try:
            with self.engine.connect() as conn:
                if immediate:
                    conn.execution_options(sqlite_begin="IMMEDIATE")
                if durable:
                    with conn.begin():
                        yield conn
                    return
                driver = conn.connection.driver_connection
                assert driver is not None and hasattr(driver, "execute")
                driver.execute("PRAGMA synchronous = NORMAL")
                try:
                    with conn.begin():
                        yield conn
                finally:
                    try:
                        driver.execute("PRAGMA synchronous = FULL")
                    except Exception:  # never back in the pool without syncing its commits
                        conn.invalidate()
        except exc.OperationalError as error:
            raise explain(error, self.path) from error

    def make_durable(self) -> None:
        """Sync every commit so far to the disk: one synced commit does it for the commits
        before it made with ``durable=False`` (the write-ahead log is synced whole)."""
        from datetime import UTC, datetime

        from smartgrowth_desktop.core.device import write_state

        moment = datetime.now(UTC).isoformat(timespec="microseconds")
        with self.connection(immediate=True) as conn:  # a commit that writes: it syncs
            write_state(conn, {DURABLE_AT: moment})
