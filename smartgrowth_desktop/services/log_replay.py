"""Replaying a database's change log into an empty profile: does it give the same records?

Every write appends its changes to the log in the same transaction, so the log replayed
through the merge into an empty database must give every record table back, row by row
(the sort keys computed from the fields aside: a migration may have filled them by
another rule than a write does). A conversion (``profile_crypto``) checks its new file
this way before it is swapped in. Replaying costs about as much as receiving the whole
log through sync: a log of more than ``REPLAY_LIMIT`` entries is not replayed (said in
the result), the table digests of the copy still being checked whole.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, func, select, text

from smartgrowth_desktop.core.db import Database, make_engine
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.merge import Merger, read_log
from smartgrowth_desktop.core.models import Change
from smartgrowth_desktop.core.schema import KINDS

REPLAY_LIMIT = 100_000


@dataclass(frozen=True)
class Replay:
    """What a replay found: how many entries, and the tables that came out different."""

    entries: int
    replayed: bool
    differ: tuple[str, ...] = ()


def _columns(table: str) -> list[str]:
    kind = next(k for k in KINDS.values() if k.model.__tablename__ == table)
    return [c.name for c in kind.model.__table__.columns if not c.info.get("derived")]


def record_digests(conn: Connection) -> dict[str, str]:
    """A SHA-256 of each record table's rows (derived sort keys aside), by id."""
    found = {}
    for kind in KINDS.values():
        table = kind.model.__tablename__
        columns = ", ".join(_columns(table))
        digest = hashlib.sha256()
        for row in conn.execute(text(f"SELECT {columns} FROM {table} ORDER BY id")):
            digest.update(repr(tuple(row)).encode("utf-8"))
        found[table] = digest.hexdigest()
    return found


def replay_check(database: Path, key: bytes | None, work: Path) -> Replay:
    """Replay the log of the (closed) ``database`` into a scratch profile under ``work``
    (encrypted with ``key`` when the database is: no plaintext copy on the disk)."""
    engine = make_engine(database, read_only=True, key=key)
    try:
        with engine.connect() as conn:
            count = int(conn.execute(select(func.count()).select_from(Change)).scalar_one())
            if count > REPLAY_LIMIT:
                return Replay(count, False)
            entries = read_log(conn)
            expected = record_digests(conn)
    finally:
        engine.dispose()
    scratch = Path(tempfile.mkdtemp(dir=work, prefix=".replay-"))
    try:
        replica = Database(scratch / "replay.sqlite3", key=key)
        try:
            with replica.connection(immediate=True) as conn:
                Merger(conn, DeviceState.load(conn)).apply(entries)
            with replica.connection() as conn:
                found = record_digests(conn)
        finally:
            replica.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    differ = tuple(sorted(t for t in expected if expected[t] != found.get(t)))
    return Replay(count, True, differ)
