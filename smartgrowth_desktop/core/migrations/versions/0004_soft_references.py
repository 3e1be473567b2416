"""References between records become soft: no SQL foreign keys on record tables.

Sync brings a record's changes in whatever order its author's changesets hold them, and
a changeset may name a record that another one has not delivered yet (or never will, on
a laptop that carries only part of the team's records). A foreign key then refused the
whole changeset. References are now plain columns: the services still check them on
every local write, and a reference to a record not here yet is kept as it is and
resolves when that record arrives.

SQLite cannot drop a constraint, and rebuilding the tables would copy every row (and
trip the other tables' foreign keys). Removing a FOREIGN KEY clause changes nothing on
disk, so the table definitions are edited in place, the documented way
(https://www.sqlite.org/lang_altertable.html, "Making other kinds of table schema
changes"): each new definition is first checked by creating it as a temporary table.

Revision ID: 0004_soft_references
Revises: 0003_sort_keys
Create Date: 2026-12-04
"""

from __future__ import annotations

import re
from typing import Any

from alembic import op

revision = "0004_soft_references"
down_revision = "0003_sort_keys"
branch_labels = None
depends_on = None

#: table -> its reference columns and the tables they pointed to
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "organizations": (("market_id", "markets"),),
    "contacts": (("organization_id", "organizations"),),
    "meetings": (("mission_id", "missions"),),
    "leads": (
        ("mission_id", "missions"),
        ("organization_id", "organizations"),
        ("sme_id", "organizations"),
    ),
    "follow_ups": (("lead_id", "leads"), ("meeting_id", "meetings")),
    "stage_changes": (("lead_id", "leads"),),
}


def _clause(table: str, column: str, target: str) -> str:
    return f"CONSTRAINT fk_{table}_{column}_{target} FOREIGN KEY({column}) REFERENCES {target} (id)"


def _name(text: str) -> str:
    """A pattern for an SQL name, bare or quoted."""
    return rf"(?:{re.escape(text)}|\"{re.escape(text)}\"|`{re.escape(text)}`|\[{re.escape(text)}\])"


def _without(sql: str, table: str) -> str:
    """The definition without its reference clauses, however the DDL was spaced or quoted."""
    for column, target in REFERENCES[table]:
        pattern = (
            rf",\s*(?:CONSTRAINT\s+\S+\s+)?FOREIGN\s+KEY\s*\(\s*{_name(column)}\s*\)\s*"
            rf"REFERENCES\s+{_name(target)}\s*\(\s*{_name('id')}\s*\)"
        )
        sql = re.sub(pattern, "", sql, count=1, flags=re.IGNORECASE)
    return sql


def _with(sql: str, table: str) -> str:
    clauses = "".join(f", \n\t{_clause(table, c, t)}" for c, t in REFERENCES[table])
    head, _, tail = sql.rpartition(")")
    return f"{head.rstrip()}{clauses}\n){tail}"


def _rewrite(conn: Any, change: Any) -> None:
    """Give each record table the definition ``change(sql, table)``, checked first."""
    rows = dict(
        conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN "
            f"({', '.join(repr(t) for t in REFERENCES)})"
        ).all()
    )
    new = {table: change(sql, table) for table, sql in rows.items()}
    for table, sql in new.items():
        probe = sql.replace(f"CREATE TABLE {table} (", f"CREATE TEMP TABLE _probe_{table} (", 1)
        for _column, target in REFERENCES[table]:
            probe = probe.replace(f"REFERENCES {target} (", f"REFERENCES _missing_{target} (")
        conn.exec_driver_sql(probe)  # a definition that does not parse stops here
        conn.exec_driver_sql(f"DROP TABLE temp._probe_{table}")
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        for table, sql in new.items():
            conn.exec_driver_sql(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                (sql, table),
            )
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    conn = op.get_bind()
    _rewrite(conn, _without)
    for table in REFERENCES:
        left = conn.exec_driver_sql(f"PRAGMA foreign_key_list({table})").all()
        if left:
            raise RuntimeError(f"the foreign keys of {table} could not be removed")


def downgrade() -> None:
    _rewrite(op.get_bind(), _with)
