"""Only our schema comes back from a backup: every table, index, view and trigger in it
must be one our migrations create.

A backup is a whole SQLite database, and a database carries code: a trigger added to
one (``AFTER UPDATE ON contacts ...``) would run inside the app on every later write and
its effects would sync to the whole team. So a restore compares the backup's
``sqlite_master`` (type, name, table and normalized SQL of every object) with the
schema a fresh profile has at the backup's own revision (an empty database migrated to
that revision, built once per revision and process), and refuses anything extra,
missing or altered, naming it.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from smartgrowth_desktop.core.errors import ValidationError

#: Objects SQLite itself makes (ANALYZE statistics), with the only SQL it gives them.
_SQLITE_OWN = {
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\[[^\]]*\]|\w+|\S")
_SHOWN = 3


@dataclass(frozen=True)
class SchemaObject:
    """One row of ``sqlite_master``, its SQL normalized."""

    type: str
    name: str
    table: str
    sql: str

    def describe(self) -> str:
        return f"{'an' if self.type[0] in 'aeiou' else 'a'} {self.type} {self.name!r}"


def normalize(sql: str | None) -> str:
    """SQL text compared token by token: case, spacing and identifier quotes aside.

    String literals are kept as written; ``"key"``, ``[key]``, `` `key` `` and ``KEY``
    are all ``key`` (SQLite may quote a name when a table is renamed).
    """
    tokens = []
    for token in _TOKEN.findall(sql or ""):
        if token[0] in '"`[':
            token = token[1:-1].replace('""', '"')
        tokens.append(token if token[0] == "'" else token.lower())
    return " ".join(tokens)


def schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], SchemaObject]:
    """The objects of a database by (type, lower-case name)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    objects = (SchemaObject(str(t), str(n), str(tb).lower(), normalize(s)) for t, n, tb, s in rows)
    return {(o.type, o.name.lower()): o for o in objects}


@functools.cache
def reference_schema(revision: str) -> dict[tuple[str, str], SchemaObject]:
    """The schema a fresh profile has at ``revision`` (migrated from empty; cached)."""
    from smartgrowth_desktop.core import migrate
    from smartgrowth_desktop.core.db import make_engine

    with tempfile.TemporaryDirectory(prefix="smartgrowth-schema-") as folder:
        path = Path(folder) / "reference.sqlite3"
        engine = make_engine(path)
        try:
            with engine.connect() as conn:
                migrate.upgrade_to(conn, revision)
                conn.commit()
        finally:
            engine.dispose()
        reference = sqlite3.connect(path)
        try:
            return schema_of(reference)
        finally:
            reference.close()


def differences(
    found: dict[tuple[str, str], SchemaObject], reference: dict[tuple[str, str], SchemaObject]
) -> list[str]:
    """What in ``found`` is not as in ``reference``, in words (empty when it is ours)."""
    problems = []
    for key, item in sorted(found.items()):
        expected = reference.get(key)
        if expected is None:
            if _SQLITE_OWN.get(item.name.lower()) is not None and item.sql == normalize(
                _SQLITE_OWN[item.name.lower()]
            ):
                continue
            problems.append(f"{item.describe()} that SmartGrowth never creates")
        elif (item.table, item.sql) != (expected.table, expected.sql):
            problems.append(f"{item.describe()} that is not the one SmartGrowth creates")
    for key, item in sorted(reference.items()):
        if key not in found:
            problems.append(f"no {item.type} {item.name!r}, which SmartGrowth creates")
    return problems


def check_schema(path: Path, revision: str, where: str, key: bytes | None = None) -> list[str]:
    """Refuse a database whose schema is not exactly ours at ``revision``.

    Raises ``ValidationError(where, ...)`` naming the first objects that differ; returns
    warnings (rows referring to rows that are not in it: kept, as references are soft).
    ``sqlite3.DatabaseError`` is left to the caller (a damaged database). ``key`` opens
    an encrypted database.
    """
    from smartgrowth_desktop.core.sqlcipher import open_database

    conn = open_database(path, key, read_only=True)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        problems = differences(schema_of(conn), reference_schema(revision))
        versions = conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0]
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall() if not problems else []
    finally:
        conn.close()
    if versions != 1:
        problems.append(f"{versions} schema revisions instead of one")
    if problems:
        more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
        raise ValidationError(
            where,
            f"the backup holds {'; '.join(problems[:_SHOWN])}{more}; it was not restored",
        )
    if not dangling:
        return []
    tables = ", ".join(sorted({str(row[0]) for row in dangling}))
    rows = "1 row of {} refers" if len(dangling) == 1 else f"{len(dangling)} rows of {{}} refer"
    return [f"{rows.format(tables)} to records not in the backup (kept as they are)"]
