"""Forgetting a person (GDPR art. 17) in one profile database: the log keeps its dots,
not the values.

An erasure is itself a change: a row of the change log with the field ``erased`` on the
person's card, which syncs like any other. Wherever it is written or arrives, the card
and the files attached to it lose their values in every change of the log (each change
keeps its dot, stamp and ``prev``, so sync and merge go on; its value becomes null and
its element key empty), their rows leave the record tables, the search index and the
conflicts, and the ids are kept in ``local_state`` so that anything about them arriving
later is stored redacted too. References to the card (a meeting's attendees) stay: an
id names no one. Text in other records that mentions the person is never rewritten; it
is listed for a person to redact by hand.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection

from smartgrowth_desktop.core import search
from smartgrowth_desktop.core.device import read_state, write_state

ERASED = "erased"  # the change-log field of an erasure (in no kind's schema)
REGISTRY_PREFIX = "erased:"  # local_state: an erased record's id (hex) -> its kind
BLOB_PREFIX = "erased_blob:"  # local_state: the content of an erased person's file
#: local_state: the search index's shards that held erased records, not yet rewritten
#: (``compact``): "3 5"
SHARDS_KEY = "search_shards_to_compact"
CHUNK = 500
ERASABLE = ("contact",)
#: fields kept through an erasure: a file's owner is an id, and every laptop (and a
#: replay of the log) needs it to know whose file it was
KEPT = frozenset({ERASED, "owner_id", "owner_kind"})


def keeps(field_name: str) -> bool:
    """Whether an erasure leaves this field's values in the log."""
    return field_name in KEPT


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def erased(conn: Connection) -> dict[str, str]:
    """Every record erased in this profile: id (hex) -> kind."""
    return {
        key[len(REGISTRY_PREFIX) :]: value
        for key, value in read_state(conn).items()
        if key.startswith(REGISTRY_PREFIX)
    }


def _register(conn: Connection, records: dict[str, str]) -> None:
    write_state(conn, {REGISTRY_PREFIX + hex_id: kind for hex_id, kind in records.items()})


def _owned_files(conn: Connection, owners: list[str]) -> dict[str, str]:
    """The attachments (id hex -> content hash) of some erased records."""
    found: dict[str, str] = {}
    for chunk in _chunks(owners):
        marks = ", ".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            f"SELECT id, content_hash FROM attachments WHERE owner_id IN ({marks})", tuple(chunk)
        )
        found.update((str(r[0]), str(r[1] or "")) for r in rows)
    return found


def _still_used(conn: Connection, hashes: Iterable[str]) -> set[str]:
    wanted = sorted(set(hashes))
    used: set[str] = set()
    for chunk in _chunks(wanted):
        marks = ", ".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            f"SELECT DISTINCT content_hash FROM attachments WHERE content_hash IN ({marks})",
            tuple(chunk),
        )
        used |= {str(r[0]) for r in rows}
    return used


def forget(conn: Connection, records: dict[str, str]) -> set[str]:
    """Erase ``records`` (id hex -> kind) and the files attached to them from this
    database; returns the attachment contents (hashes) nothing else uses any more.

    Freed pages are overwritten with zeros from here on (``secure_delete``), so what is
    deleted or overwritten does not linger in the file.
    """
    conn.exec_driver_sql("PRAGMA secure_delete = ON")
    owners = [h for h, kind in records.items() if kind in ERASABLE]
    files = _owned_files(conn, owners)
    every = {**records, **{h: "attachment" for h in files}}
    _register(conn, every)
    ids = sorted(every)
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        conn.exec_driver_sql(
            f"UPDATE changes SET value = 'null', key = '' WHERE record_id IN ({marks}) "
            f"AND field NOT IN ({', '.join(repr(f) for f in sorted(KEPT))}) "
            "AND (value != 'null' OR key != '')",
            tuple(chunk),
        )
        for table, column in (
            ("conflicts", "record_id"),
            ("contacts", "id"),
            ("attachments", "id"),
        ):
            conn.exec_driver_sql(f"DELETE FROM {table} WHERE {column} IN ({marks})", tuple(chunk))
    rowids = [search.rowid_of(uuid.UUID(hex=h)) for h in owners]
    if _one_table(conn):
        conn.exec_driver_sql("DELETE FROM search_index WHERE rowid = ?", [(r,) for r in rowids])
    else:
        search.reindex(conn, "contact", [(uuid.UUID(hex=h), None) for h in owners])
    _mark_shards(conn, {search.shard_of(search.rowid_of(uuid.UUID(hex=h))) for h in every})
    hashes = {h for h in files.values() if h}
    gone = hashes - _still_used(conn, hashes)
    unwanted = [(content_hash,) for content_hash in sorted(gone)]
    if unwanted:
        conn.exec_driver_sql("DELETE FROM sync_blobs_wanted WHERE content_hash = ?", unwanted)
    return gone


def unused(conn: Connection, hashes: Iterable[str]) -> set[str]:
    """Those of ``hashes`` no attachment of this profile uses: their files are to be
    deleted, here and in the shared folder (kept in ``local_state``)."""
    wanted = {h for h in hashes if h}
    gone = wanted - _still_used(conn, wanted)
    write_state(conn, {BLOB_PREFIX + content_hash: "1" for content_hash in gone})
    return gone


def erased_blobs(conn: Connection) -> set[str]:
    """The contents of erased people's files (to be gone from every store)."""
    return {k[len(BLOB_PREFIX) :] for k in read_state(conn) if k.startswith(BLOB_PREFIX)}


def _one_table(conn: Connection) -> bool:
    """Whether this database holds the index in one table, as before migration 0006 (a
    backup made before the upgrade, whose copy of a person is forgotten too)."""
    sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'search_index'"
    return bool(conn.exec_driver_sql(sql).scalar_one())


def _pending_shards(conn: Connection) -> set[int]:
    value = conn.exec_driver_sql(
        "SELECT value FROM local_state WHERE key = ?", (SHARDS_KEY,)
    ).scalar_one_or_none()
    return {int(n) for n in str(value or "").split()}


def _mark_shards(conn: Connection, shards: set[int]) -> None:
    """Note the shards holding (every version of) erased records' index rows: a record's
    shard follows from its id, so each of its old terms is there, marked deleted."""
    pending = _pending_shards(conn) | shards
    write_state(conn, {SHARDS_KEY: " ".join(str(n) for n in sorted(pending))})


def compact(conn: Connection) -> None:
    """Rewrite the segments of the search index's shards that held erased records
    (``forget`` notes them), so that their terms are gone from the file and not only
    marked deleted (FTS5 keeps them until segments merge). The other shards are left
    alone: rewriting the whole index would cost seconds on a big profile."""
    pending = _pending_shards(conn)
    tables = ["search_index"] if pending and _one_table(conn) else []
    tables = tables or [search.TABLES[shard] for shard in sorted(pending)]
    for table in tables:
        conn.exec_driver_sql(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    conn.exec_driver_sql("DELETE FROM local_state WHERE key = ?", (SHARDS_KEY,))
