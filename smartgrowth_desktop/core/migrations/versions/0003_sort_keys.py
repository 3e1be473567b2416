"""Sort keys for the list columns that could not sort: organization, phone, e-mail.

Derived, local columns (never synced, never in the change log), each indexed with the
id so a list keyset-pages over it; filled in here for the records already stored.

Revision ID: 0003_sort_keys
Revises: 0002_sync
Create Date: 2026-11-28
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from smartgrowth_desktop.core.sort_keys import (
    ORGANIZATION_REFERENCES,
    first_email_key,
    name_key,
)

revision = "0003_sort_keys"
down_revision = "0002_sync"
branch_labels = None
depends_on = None

#: table -> the new columns, each indexed as (column, id)
NEW_COLUMNS = {
    "organizations": ("sort_name",),
    "contacts": ("sort_organization", "sort_phone", "sort_email"),
    "leads": ("sort_sme", "sort_organization"),
}


def _index_name(table: str, column: str) -> str:
    return f"ix_{table}_{column}"


def upgrade() -> None:
    for table, columns in NEW_COLUMNS.items():
        for column in columns:
            op.add_column(table, sa.Column(column, sa.String(), nullable=True))
    conn = op.get_bind()
    _fill_organizations(conn)
    _fill_contacts(conn)
    for _kind, table, ref, key in ORGANIZATION_REFERENCES:
        conn.exec_driver_sql(
            f"UPDATE {table} SET {key} = (SELECT organizations.sort_name FROM organizations "
            f"WHERE organizations.id = {table}.{ref}) WHERE {ref} IS NOT NULL"
        )
    for table, columns in NEW_COLUMNS.items():
        for column in columns:
            op.create_index(_index_name(table, column), table, [column, "id"])


def downgrade() -> None:
    for table, columns in NEW_COLUMNS.items():
        for column in columns:
            op.drop_index(_index_name(table, column), table_name=table)
            # SQLite 3.35+ drops a column in place (a batch copy would trip foreign keys)
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def _fill_organizations(conn: Any) -> None:
    rows = conn.exec_driver_sql("SELECT id, name FROM organizations").all()
    updates = [(name_key(name), record_id) for record_id, name in rows if name]
    if updates:
        conn.exec_driver_sql("UPDATE organizations SET sort_name = ? WHERE id = ?", updates)


def _fill_contacts(conn: Any) -> None:
    """In SQL (a few hundred ms for 100,000 contacts); non-ASCII e-mails in Python, since
    SQLite's lower() folds ASCII only."""
    conn.exec_driver_sql(
        "UPDATE contacts SET sort_phone = json_extract(phones, '$[0]'), "
        "sort_email = lower(json_extract(emails, '$[0]'))"
    )
    rows = conn.exec_driver_sql(
        "SELECT id, emails FROM contacts WHERE sort_email GLOB '*[^ -~]*'"
    ).all()
    updates = [(first_email_key(json.loads(emails)), record_id) for record_id, emails in rows]
    if updates:
        conn.exec_driver_sql("UPDATE contacts SET sort_email = ? WHERE id = ?", updates)
