"""Names sort by a collation: the contacts' and organizations' name keys made again.

Until now a name's key was its folded form ("aberg johan"), so "Åberg" sorted among the
A's and Han characters after every Latin name. The keys are now made by the profile's
collation (``core/collation.py``: the Unicode default until Settings chooses Swedish,
Finnish, Estonian or Vietnamese; Han characters by pinyin in all). Derived, local
columns: nothing enters the change log, nothing syncs.

Revision ID: 0005_collation_keys
Revises: 0004_soft_references
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

from alembic import op

from smartgrowth_desktop.core.sort_keys import (
    ORGANIZATION_REFERENCES,
    name_key,
    profile_collation,
    recompute_name_keys,
)
from smartgrowth_desktop.core.text import fold

revision = "0005_collation_keys"
down_revision = "0004_soft_references"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    recompute_name_keys(conn, profile_collation(conn))


def downgrade() -> None:
    """The folded keys of 0003 (the collation chosen, if any, is forgotten)."""
    conn = op.get_bind()
    conn.exec_driver_sql("DELETE FROM local_state WHERE key = 'sort_collation'")
    _fold_keys(conn)


def _fold_keys(bind: Any) -> None:
    rows = bind.exec_driver_sql("SELECT id, name FROM organizations").all()
    updates = [(name_key(name), record_id) for record_id, name in rows]
    if updates:
        bind.exec_driver_sql("UPDATE organizations SET sort_name = ? WHERE id = ?", updates)
    people = bind.exec_driver_sql(
        "SELECT id, family_name, given_name, romanized_name, native_name FROM contacts"
    ).all()
    keys = [
        (fold(f"{family or romanized or native or ''} {given or ''}").strip() or None, rid)
        for rid, family, given, romanized, native in people
    ]
    if keys:
        bind.exec_driver_sql("UPDATE contacts SET sort_name = ? WHERE id = ?", keys)
    for _kind, table, ref, key in ORGANIZATION_REFERENCES:
        bind.exec_driver_sql(
            f"UPDATE {table} SET {key} = (SELECT organizations.sort_name FROM organizations "
            f"WHERE organizations.id = {table}.{ref}) WHERE {ref} IS NOT NULL"
        )
