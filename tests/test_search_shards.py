"""The search index in shards by rowid: where a record's row lives, what an erasure
rewrites, and migration 0006 moving an older profile's index into the shards."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import Connection, create_engine

from smartgrowth_desktop.core import erasure, migrate, search
from smartgrowth_desktop.services.erasure import erase_contact
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService

COLUMNS = "rowid, kind, record_id, title, body"


def _hits(conn: Connection, query: str, limit: int = 50) -> list[search.Hit]:
    """``search.search`` on the sqlite3 connection inside an engine's connection."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return search.search(raw, query, limit=limit)


def _pending(profile: Profile) -> str | None:
    with profile.database.connection() as conn:
        sql = "SELECT value FROM local_state WHERE key = ?"
        value = conn.exec_driver_sql(sql, (erasure.SHARDS_KEY,)).scalar_one_or_none()
    return None if value is None else str(value)


def test_a_record_lives_in_its_shard_and_an_erasure_rewrites_it(tmp_path: Path) -> None:
    with Profile(tmp_path / "p") as profile:
        records = RecordService(profile)
        people = [records.create("contact", {"family_name": f"Nguyễn {n}"}) for n in range(12)]
        with profile.database.connection() as conn:
            for person in people:
                rowid = search.rowid_of(person)
                held = [
                    table
                    for table in search.TABLES
                    if conn.exec_driver_sql(
                        f"SELECT count(*) FROM {table} WHERE rowid = ?", (rowid,)
                    ).scalar_one()
                ]
                assert held == [search.TABLES[search.shard_of(rowid)]]
        with profile.database.raw_read() as raw:
            assert len(search.search(raw, "nguyen")) == len(people)
        erase_contact(profile, people[0])
        assert _pending(profile) is None  # rewritten in the erasure's transaction
        with profile.database.raw_read() as raw:
            assert len(search.search(raw, "nguyen")) == len(people) - 1


def test_migration_0006_moves_the_index_into_the_shards(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    rows = [(r * 7919 + 3, "contact", f"{r:032x}", f"name {r}", f"body {r}") for r in range(40)]
    try:
        with engine.begin() as conn:
            migrate.upgrade_to(conn, "0005_collation_keys")
            conn.exec_driver_sql(
                f"INSERT INTO search_index ({COLUMNS}) VALUES (?, ?, ?, ?, ?)", rows
            )
        with engine.begin() as conn:
            migrate.upgrade(conn)
            moved = conn.exec_driver_sql(f"SELECT * FROM ({search.every_row_sql()})").all()
            assert sorted(tuple(r) for r in moved) == rows
            for table in search.TABLES:
                rowids = conn.exec_driver_sql(f"SELECT rowid FROM {table}").scalars().all()
                assert {search.TABLES[search.shard_of(r)] for r in rowids} <= {table}
            names = conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all()
            assert "search_index" not in names
            assert len(_hits(conn, "name")) == len(rows)
    finally:
        engine.dispose()


def test_a_backup_from_before_0006_forgets_with_its_one_table(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    person = "0123456789abcdef0123456789abcdef"
    rowid = search.rowid_of(uuid.UUID(hex=person))
    try:
        with engine.begin() as conn:
            migrate.upgrade_to(conn, "0005_collation_keys")
            sql = f"INSERT INTO search_index ({COLUMNS}) VALUES (?, ?, ?, ?, ?)"
            conn.exec_driver_sql(sql, [(rowid, "contact", person, "zhang xiaoyan", "")])
            erasure.forget(conn, {person: "contact"})
            erasure.compact(conn)
            assert conn.exec_driver_sql("SELECT count(*) FROM search_index").scalar_one() == 0
            sql = "SELECT count(*) FROM local_state WHERE key = ?"
            assert conn.exec_driver_sql(sql, (erasure.SHARDS_KEY,)).scalar_one() == 0
    finally:
        engine.dispose()


def test_migration_0007_keeps_every_row_and_every_hit_with_shorter_prefixes(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    words = ["nguyễn thị lan", "trần văn hùng", "李伟 li wei liwei", "smart lighting", "åsa berg"]
    rows = [
        (search.rowid_of(uuid.UUID(int=r + 1)), "contact", uuid.UUID(int=r + 1).hex,
         search.document("contact", {"family_name": words[r % 5], "notes": f"pilot {r}"})[0],
         f"pilot tender {r} street")
        for r in range(60)
    ]  # fmt: skip
    queries = ["n", "ng", "ngu", "nguyen t", "li we", "李", "李伟", "pilot 1", "str", "asa b", "t"]
    try:
        with engine.begin() as conn:
            migrate.upgrade_to(conn, "0006_search_shards")
            for row in rows:
                table = search.TABLES[search.shard_of(row[0])]
                conn.exec_driver_sql(f"INSERT INTO {table} ({COLUMNS}) VALUES (?,?,?,?,?)", row)
            before = {q: _hits(conn, q, limit=100) for q in queries}
        with engine.begin() as conn:
            migrate.upgrade(conn)
            kept = conn.exec_driver_sql(f"SELECT * FROM ({search.every_row_sql()})").all()
            assert sorted(tuple(r) for r in kept) == sorted(rows)
            assert {q: _hits(conn, q, limit=100) for q in queries} == before
            assert all(before[q] for q in queries)
            sql = "SELECT sql FROM sqlite_master WHERE name = ?"
            for table in search.TABLES:
                created = conn.exec_driver_sql(sql, (table,)).scalar_one()
                assert "prefix = '1 2')" in created
    finally:
        engine.dispose()
