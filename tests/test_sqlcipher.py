"""The SQLCipher binding (``sqlcipher3``) does what a profile needs: FTS5 with our
tokenizers, WAL, Alembic migrations through ``core/db.py``, and the online backup API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from smartgrowth_desktop.core import migrate, sqlcipher
from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.core.errors import ProfileError

KEY = bytes(range(32))
NAMES = ("Nguyễn Thị Hà", "张晓燕")


def _keyed(path: Path, key: bytes = KEY) -> Any:
    conn = sqlcipher.connect(str(path), key)
    conn.isolation_level = None
    return conn


def test_the_binding_brings_sqlcipher_with_fts5_and_json(tmp_path: Path) -> None:
    conn = _keyed(tmp_path / "x.db")
    version = conn.execute("PRAGMA cipher_version").fetchone()[0]
    assert version.startswith("4.")
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    assert "ENABLE_FTS5" in options
    assert conn.execute("SELECT json_extract('{\"a\": 1}', '$.a')").fetchone() == (1,)
    conn.close()


def test_fts5_tokenizers_of_our_search_work_encrypted(tmp_path: Path) -> None:
    conn = _keyed(tmp_path / "x.db")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE g USING fts5(a, tokenize = 'trigram')")
    for name in NAMES:
        conn.execute("INSERT INTO t VALUES (?)", (name,))
        conn.execute("INSERT INTO g VALUES (?)", (name,))
    assert conn.execute("SELECT a FROM t WHERE t MATCH 'nguyen'").fetchall() == [(NAMES[0],)]
    assert conn.execute("SELECT a FROM g WHERE g MATCH '张晓燕'").fetchall() == [(NAMES[1],)]
    conn.close()


def test_wal_and_the_backup_api_work_encrypted(tmp_path: Path) -> None:
    source = _keyed(tmp_path / "x.db")
    assert source.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    source.execute("CREATE TABLE people (name TEXT)")
    source.executemany("INSERT INTO people VALUES (?)", [(n,) for n in NAMES])
    wal = tmp_path / "x.db-wal"
    assert wal.stat().st_size > 0
    for name in NAMES:
        assert name.encode() not in wal.read_bytes()
        assert name.encode() not in (tmp_path / "x.db").read_bytes()
    copy = _keyed(tmp_path / "copy.db")
    source.backup(copy)
    assert copy.execute("SELECT count(*) FROM people").fetchone() == (2,)
    copy.close()
    source.close()


def test_an_encrypted_database_migrates_to_the_head_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "profile.sqlite3"
    database = Database(path, key=KEY)
    with database.connection() as conn:
        assert migrate.current_revision(conn) == migrate.HEAD
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    database.close()
    assert sqlcipher.is_encrypted(path)
    database = Database(path, key=KEY)  # a second open finds the schema current
    database.close()
    with pytest.raises(ProfileError, match="not a SmartGrowth profile database"):
        Database(path, key=os.urandom(32))
