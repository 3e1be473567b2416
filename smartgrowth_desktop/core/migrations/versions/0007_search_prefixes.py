"""The search index keeps prefix indexes of one and two letters, not three.

FTS5's prefix indexes add one entry per token per length: with ``'1 2 3'`` they were
most of the cost of indexing a note (receiving 10,000 notes spent more time on them than
on the rest of the index). A query's prefix of three letters or more reads the few terms
it covers straight from the main index about as fast (measured on the scale-1 profile:
the 200 search-as-you-type queries, p95 9.3 ms before, 9.0 ms after), while one and two
letters (``n``, ``ng``, ``nguyen t``) would read thousands of terms without their
indexes, so those stay. Search finds the same records: prefix indexes change speed only.

Each shard is written anew in rowid order (FTS5's fastest bulk order) and renamed over
the old one. Local, derived tables: nothing enters the change log, nothing syncs.

Revision ID: 0007_search_prefixes
Revises: 0006_search_shards
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0007_search_prefixes"
down_revision = "0006_search_shards"
branch_labels = None
depends_on = None

#: as in core/search.py at this revision (a migration does not follow later changes)
SHARDS = 4
OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '{prefix}'"
CREATE = (
    "CREATE VIRTUAL TABLE {table} USING fts5("
    "kind UNINDEXED, record_id UNINDEXED, title, body, " + OPTIONS + ")"
)
COLUMNS = "rowid, kind, record_id, title, body"


def _rewrite(prefix: str) -> None:
    for shard in range(SHARDS):
        table = f"search_index_{shard}"
        op.execute(f"DROP TABLE IF EXISTS {table}_new")  # a kill midway rolled back; be sure
        op.execute(CREATE.format(table=f"{table}_new", prefix=prefix))
        op.execute(
            f"INSERT INTO {table}_new ({COLUMNS}) SELECT {COLUMNS} FROM {table} ORDER BY rowid"
        )
        op.execute(f"DROP TABLE {table}")
        op.execute(f"ALTER TABLE {table}_new RENAME TO {table}")


def upgrade() -> None:
    _rewrite("1 2")


def downgrade() -> None:
    _rewrite("1 2 3")
