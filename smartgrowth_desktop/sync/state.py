"""Sync bookkeeping in the profile database: held changesets, progress per device, blobs.

All functions work inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from smartgrowth_desktop.sync.changeset import Changeset, Header
from smartgrowth_desktop.sync.layout import Key

_HELD = (
    "SELECT device_id, first_seq, last_seq, count, body_sha256, size, applied, deps, blobs "
    "FROM sync_changesets"
)


@dataclass(frozen=True)
class Held:
    """A changeset this device holds (its bytes stay in the database)."""

    device: str
    first: int
    last: int
    count: int
    body_sha256: str
    size: int
    applied: bool
    deps: dict[str, int]
    blobs: tuple[str, ...]

    @property
    def key(self) -> Key:
        return (self.device, self.first, self.last)


def _stamp() -> str:
    """Now, as SQLAlchemy stores a UTC datetime in SQLite."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _held(row: Any) -> Held:
    deps, blobs = json.loads(row[7]), tuple(json.loads(row[8]))
    return Held(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), deps, blobs)


def held(conn: Connection, waiting_only: bool = False) -> dict[Key, Held]:
    """Every held changeset (or only those not applied yet), by (device, first, last)."""
    sql = _HELD + (" WHERE applied = 0" if waiting_only else "")
    return {h.key: h for h in map(_held, conn.exec_driver_sql(sql))}


def held_data(conn: Connection, device: str, first: int) -> tuple[bytes, bool] | None:
    """The plain bytes of a held changeset and whether it was applied (None when it is
    not held, or held without its bytes: trimmed for travel, ``trim``)."""
    row = conn.exec_driver_sql(
        "SELECT data, applied FROM sync_changesets WHERE device_id = ? AND first_seq = ?",
        (device, first),
    ).first()
    return None if row is None or not row[0] else (bytes(row[0]), bool(row[1]))


def trim(conn: Connection, device: str | None = None, first: int | None = None) -> int:
    """Drop the bytes of applied held changesets (one, or all): the laptop remembers it
    holds them, so it neither fetches nor applies them again, but no longer carries their
    content (travel mode); returns how many were trimmed."""
    sql = "UPDATE sync_changesets SET data = X'' WHERE applied = 1 AND length(data) > 0"
    params: tuple[Any, ...] = ()
    if device is not None:
        sql += " AND device_id = ? AND first_seq = ?"
        params = (device, first)
    return int(conn.exec_driver_sql(sql, params).rowcount or 0)


def trimmed(conn: Connection) -> list[Key]:
    """The held changesets whose bytes were trimmed, in (device, first) order."""
    rows = conn.exec_driver_sql(
        "SELECT device_id, first_seq, last_seq FROM sync_changesets WHERE length(data) = 0 "
        "ORDER BY device_id, first_seq"
    )
    return [(r[0], r[1], r[2]) for r in rows]


def put_back(conn: Connection, device: str, first: int, changeset: Changeset) -> None:
    """Give a trimmed held changeset its bytes again (the version a store holds)."""
    h = changeset.header
    conn.exec_driver_sql(
        "UPDATE sync_changesets SET data = ?, body_sha256 = ?, size = ?, blobs = ? "
        "WHERE device_id = ? AND first_seq = ? AND length(data) = 0",
        (
            changeset.data,
            h.body_sha256,
            len(changeset.data),
            json.dumps(list(h.blobs)),
            device,
            first,
        ),
    )


def store(
    conn: Connection,
    changeset: Changeset,
    applied: bool,
    origin: str,
    as_device: str | None = None,
) -> Held:
    """Keep a verified changeset (a no-op when it is already held); ``as_device``: the
    alias a second version of a device's changes is kept under (``sync/forks.py``)."""
    h = changeset.header
    device = as_device or h.device
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO sync_changesets (device_id, first_seq, last_seq, count, "
        "body_sha256, size, deps, blobs, data, applied, received_at, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            device,
            h.first,
            h.last,
            h.count,
            h.body_sha256,
            len(changeset.data),
            json.dumps(h.deps, sort_keys=True),
            json.dumps(list(h.blobs)),
            changeset.data,
            applied,
            _stamp(),
            origin,
        ),
    )
    size = len(changeset.data)
    return Held(device, h.first, h.last, h.count, h.body_sha256, size, applied, h.deps, h.blobs)


def forget(conn: Connection, device: str, first: int) -> None:
    """Drop a held changeset that was never applied (it could not be)."""
    conn.exec_driver_sql(
        "DELETE FROM sync_changesets WHERE device_id = ? AND first_seq = ? AND applied = 0",
        (device, first),
    )


def progress(conn: Connection) -> dict[str, int]:
    """Per device, the last sequence held in order (for this device: the last published)."""
    return {
        r[0]: r[1] for r in conn.exec_driver_sql("SELECT device_id, applied_seq FROM sync_peers")
    }


def set_progress(
    conn: Connection, device: str, seq: int, clock_ahead_ms: int | None = None
) -> None:
    """Record that ``device``'s changes up to ``seq`` are held and applied."""
    conn.exec_driver_sql(
        "INSERT INTO sync_peers (device_id, applied_seq, clock_ahead_ms, last_applied_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET "
        "applied_seq = excluded.applied_seq, clock_ahead_ms = excluded.clock_ahead_ms, "
        "last_applied_at = excluded.last_applied_at",
        (device, seq, clock_ahead_ms, _stamp()),
    )


def mark_applied(conn: Connection, header: Header, clock_ahead_ms: int | None) -> None:
    """A held changeset was applied: it counts for progress from now on."""
    conn.exec_driver_sql(
        "UPDATE sync_changesets SET applied = 1 WHERE device_id = ? AND first_seq = ?",
        (header.device, header.first),
    )
    set_progress(conn, header.device, header.last, clock_ahead_ms)
    if header.name:
        name_device(conn, header.device, header.name)


def name_device(conn: Connection, device: str, name: str) -> None:
    """Remember how a device calls itself."""
    conn.exec_driver_sql("UPDATE devices SET name = ? WHERE device_id = ?", (name, device))


#: the text a changeset's changes may add up to before a new changeset is started
#: (well below what a reader accepts: ``changeset.MAX_BODY_BYTES``)
MAX_CUT_CHARS = 8 * 2**20


def own_rows(conn: Connection, device_idx: int, after: int, limit: int) -> list[tuple[Any, ...]]:
    """This device's change-log rows after sequence ``after``, as ``raw_line`` takes them.

    At most ``limit`` rows, and no more than ``MAX_CUT_CHARS`` of values (at least one).
    """
    rows: list[tuple[Any, ...]] = []
    size = 0
    for row in conn.exec_driver_sql(
        "SELECT seq, hlc, kind, record_id, field, key, value, prev, author FROM changes "
        "WHERE device_idx = ? AND seq > ? ORDER BY seq LIMIT ?",
        (device_idx, after, limit),
    ):
        size += len(row[6]) + len(row[7]) + 100
        if rows and size > MAX_CUT_CHARS:
            break
        rows.append(tuple(row))
    return rows


def device_names(conn: Connection) -> dict[str, str]:
    """The names devices gave themselves, by device id."""
    rows = conn.exec_driver_sql("SELECT device_id, name FROM devices WHERE name IS NOT NULL")
    return {r[0]: r[1] for r in rows}


def want_blobs(conn: Connection, hashes: list[str]) -> None:
    """Remember attachment contents to fetch."""
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO sync_blobs_wanted (content_hash) VALUES (?)",
        [(h,) for h in hashes],
    )


def wanted_blobs(conn: Connection) -> list[str]:
    return [r[0] for r in conn.exec_driver_sql("SELECT content_hash FROM sync_blobs_wanted")]


def got_blob(conn: Connection, content_hash: str) -> None:
    conn.exec_driver_sql("DELETE FROM sync_blobs_wanted WHERE content_hash = ?", (content_hash,))


def conflict_count(conn: Connection) -> int:
    """How many conflicts wait for a person's choice."""
    return int(conn.exec_driver_sql("SELECT count(*) FROM conflicts").scalar_one())
