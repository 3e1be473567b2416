"""Full-text search over records with SQLite FTS5: folded Latin, CJK bigrams, pinyin.

The index holds one row per live record of the searchable kinds. Its rowid is derived
from the record id, so a record's row is replaced or removed without a lookup.

It is split into ``SHARDS`` FTS5 tables (``search_index_0`` ...) by rowid, so a record
always lives in the same shard: forgetting a person rewrites only the shards that held
their records (``core/erasure.py``), not the whole index. A query asks every shard.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from smartgrowth_desktop.core.schema import KINDS, Search
from smartgrowth_desktop.core.text import index_form, query_terms

if TYPE_CHECKING:  # writing the index goes through the engine; a search reads with sqlite3
    from sqlalchemy import Connection

#: the index's shards: ``search_index_0`` ... (made by migration 0006)
SHARDS = 4
TABLES = tuple(f"search_index_{n}" for n in range(SHARDS))
#: the columns and options of every shard
CREATE_SHARD = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
    "kind UNINDEXED, record_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')"
)
#: bm25 weights of the index's columns: a word of a name or title counts ten of the body's
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


def _fields(role: Search) -> dict[str, tuple[str, ...]]:
    """Per kind, its fields the index reads in ``role`` (``Field.search``), in order."""
    found = {k.name: tuple(f.name for f in k.fields if f.search == role) for k in KINDS.values()}
    return {name: fields for name, fields in found.items() if fields}


#: (fields read as names, with pinyin) and (other fields), per kind: core/schema.py
_TITLE_FIELDS = _fields("name")
_BODY_FIELDS = _fields("text")
SEARCHABLE = tuple(kind for kind in KINDS if kind in _TITLE_FIELDS or kind in _BODY_FIELDS)


def rowid_of(record_id: uuid.UUID) -> int:
    """A positive 63-bit rowid derived from a record id.

    Hashed, not truncated: ids given by people or other programs are often alike in
    their first digits (``10000000-0000-...-0001``, time-ordered UUIDs).
    """
    digest = hashlib.blake2b(record_id.bytes, digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def shard_of(rowid: int) -> int:
    """The shard (0 .. SHARDS - 1) an index row of this rowid lives in."""
    return rowid % SHARDS


def every_row_sql(where: str = "") -> str:
    """SQL reading ``rowid, kind, record_id, title, body`` of every shard (``where``,
    optional, applies to each shard)."""
    return " UNION ALL ".join(
        f"SELECT rowid, kind, record_id, title, body FROM {table} {where}" for table in TABLES
    )


def matching_sql(columns: str, match: str, extra: str = "") -> str:
    """SQL selecting ``columns`` from every shard where it matches the parameter ``match``
    (a placeholder such as ``?1`` or ``:match``); ``{table}`` in ``columns`` names the
    shard; ``extra`` is more of the WHERE clause."""
    return " UNION ALL ".join(
        f"SELECT {columns.format(table=table)} FROM {table} WHERE {table} MATCH {match} {extra}"
        for table in TABLES
    )


def _joined(row: dict[str, Any], fields: tuple[str, ...]) -> str:
    parts: list[str] = []
    for name in fields:
        value = row.get(name)
        if isinstance(value, list):
            parts.extend(str(v) for v in value)
        elif value:
            parts.append(str(value))
    return "\n".join(parts)


def document(kind: str, row: dict[str, Any]) -> tuple[str, str]:
    """The (title, body) the index stores for one record's wire values."""
    title = _name_form(_joined(row, _TITLE_FIELDS.get(kind, ())))
    body = index_form(_joined(row, _BODY_FIELDS.get(kind, ())))
    return title, body


@lru_cache(maxsize=65536)
def _name_form(text: str) -> str:
    """Names as the index stores them, with their pinyin (cached: names repeat from record
    to record, and Chinese ones cost a pinyin look-up)."""
    return index_form(text, with_pinyin=True)


def reindex(
    conn: Connection, kind: str, rows: Iterable[tuple[uuid.UUID, dict[str, Any] | None]]
) -> None:
    """Replace the index rows of some records; ``None`` (or a tombstone) removes one."""
    if kind not in SEARCHABLE:
        return
    removes: list[tuple[int]] = []
    inserts: list[tuple[int, str, str, str, str]] = []
    for record_id, row in rows:
        rowid = rowid_of(record_id)
        removes.append((rowid,))
        if row is not None and not row.get("deleted_at"):
            title, body = document(kind, row)
            inserts.append((rowid, kind, record_id.hex, title, body))
    by_shard: dict[int, list[tuple[int]]] = {}
    for remove in removes:
        by_shard.setdefault(shard_of(remove[0]), []).append(remove)
    for shard, some in sorted(by_shard.items()):
        conn.exec_driver_sql(f"DELETE FROM {TABLES[shard]} WHERE rowid = ?", some)
    _insert(conn, inserts)


def _insert(conn: Connection, inserts: list[tuple[int, str, str, str, str]]) -> None:
    if not inserts:
        return
    # FTS5 flushes its pending terms whenever a rowid is lower than the last one: in
    # rowid order, a bulk insert is several times faster.
    inserts.sort()
    by_shard: dict[int, list[tuple[int, str, str, str, str]]] = {}
    for row in inserts:
        by_shard.setdefault(shard_of(row[0]), []).append(row)
    for shard, rows in sorted(by_shard.items()):
        conn.exec_driver_sql(
            f"INSERT INTO {TABLES[shard]} (rowid, kind, record_id, title, body) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )


def insert_new(
    conn: Connection, kind: str, rows: Iterable[tuple[uuid.UUID, dict[str, Any]]]
) -> None:
    """Index records that are known not to be indexed yet (bulk creation)."""
    if kind not in SEARCHABLE:
        return
    inserts: list[tuple[int, str, str, str, str]] = []
    for record_id, row in rows:
        if row.get("deleted_at"):
            continue
        title, body = document(kind, row)
        inserts.append((rowid_of(record_id), kind, record_id.hex, title, body))
    _insert(conn, inserts)


@dataclass(frozen=True)
class Hit:
    """One search result: which record, and its rank (lower is better)."""

    kind: str
    record_id: uuid.UUID
    rank: float


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a user's query, or None when it has no terms."""
    terms = query_terms(query)
    return " AND ".join(terms) if terms else None


SHORT_PREFIX = 2
#: Beyond this many matches a query is "broad": ranking every match would cost more than
#: it tells (35,000 contacts titled "Director" differ only by the length of their text).
BROAD = 5000


def _is_short(query: str) -> bool:
    """A query of one or two Latin letters (the first keys of search-as-you-type)."""
    letters = query.strip()
    return 0 < len(letters) <= SHORT_PREFIX and letters.isascii()


def _is_broad(conn: sqlite3.Connection, expression: str, broad: int) -> bool:
    """Whether ``expression`` matches more than ``broad`` records (counting stops there)."""
    sql = f"SELECT count(*) FROM ({matching_sql('rowid', '?1')} LIMIT ?2)"
    return bool(conn.execute(sql, (expression, broad + 1)).fetchone()[0] > broad)


def _select(
    conn: sqlite3.Connection, expression: str, wanted: list[str], limit: int, ranked: bool
) -> list[tuple[str, str, float]]:
    # bm25 is each shard's own (its statistics are those of about 1/SHARDS of the records)
    rank = f"bm25({{table}}, 0, 0, {TITLE_WEIGHT}, {BODY_WEIGHT})" if ranked else "0.0"
    params: list[Any] = [expression, limit, *wanted]
    extra = f"AND kind IN ({', '.join(f'?{n + 3}' for n in range(len(wanted)))})" if wanted else ""
    shards = matching_sql(f"kind, record_id, {rank} AS rank", "?1", extra)
    if ranked:
        sql = f"SELECT kind, record_id, rank FROM ({shards}) ORDER BY rank LIMIT ?2"
    else:
        sql = f"SELECT kind, record_id, rank FROM ({shards}) LIMIT ?2"
    return [tuple(row) for row in conn.execute(sql, tuple(params)).fetchall()]


def search(
    conn: sqlite3.Connection,
    query: str,
    kinds: Iterable[str] | None = None,
    limit: int = 50,
    broad: int = BROAD,
) -> list[Hit]:
    """Records matching every word of ``query`` (each as a prefix), best first; ``conn``
    is a plain ``sqlite3`` connection (or SQLCipher's: ``Database.raw_read``).

    One or two letters match names and titles only, unranked: they match most of a big
    profile, and ranking every match would make the first keystrokes the slowest. A
    broad query (more than ``broad`` matches) is not ranked either: records whose name or
    title matches come first, then the others.
    """
    expression = match_expression(query)
    if expression is None:
        return []
    wanted = [k for k in (kinds or ()) if k in SEARCHABLE]
    if _is_short(query):
        rows = _select(conn, f"title : ({expression})", wanted, limit, ranked=False)
    elif _is_broad(conn, expression, broad):
        rows = _select(conn, f"title : ({expression})", wanted, limit, ranked=False)
        if len(rows) < limit:
            seen = {record_id for _, record_id, _ in rows}
            more = _select(conn, expression, wanted, limit + len(rows), ranked=False)
            rows += [row for row in more if row[1] not in seen][: limit - len(rows)]
    else:
        rows = _select(conn, expression, wanted, limit, ranked=True)
    return [Hit(kind, uuid.UUID(hex=record_id), rank) for kind, record_id, rank in rows]
