"""The search index split into shards by rowid (``core/search.py``).

One FTS5 table ``search_index`` becomes ``search_index_0`` ... ``search_index_7``; a
record's row goes to the shard of its rowid (derived from its id, so always the same).
Forgetting a person then rewrites only the shards that held their records, not the
whole index. The rows are copied as they are (no record is read again); nothing enters
the change log, nothing syncs.

Revision ID: 0006_search_shards
Revises: 0005_collation_keys
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0006_search_shards"
down_revision = "0005_collation_keys"
branch_labels = None
depends_on = None

#: as in core/search.py at this revision (a migration does not follow later changes)
SHARDS = 4
CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
    "kind UNINDEXED, record_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
)
COLUMNS = "rowid, kind, record_id, title, body"


def upgrade() -> None:
    bind = op.get_bind()
    sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'search_index'"
    if not bind.exec_driver_sql(sql).scalar_one():  # already in shards (stamped older)
        for shard in range(SHARDS):
            op.execute(CREATE.format(table=f"search_index_{shard}"))
        return
    for shard in range(SHARDS):
        table = f"search_index_{shard}"
        op.execute(CREATE.format(table=table))
        op.execute(
            f"INSERT INTO {table} ({COLUMNS}) SELECT {COLUMNS} FROM search_index "
            f"WHERE rowid % {SHARDS} = {shard} ORDER BY rowid"
        )
    op.execute("DROP TABLE search_index")


def downgrade() -> None:
    op.execute(CREATE.format(table="search_index"))
    for shard in range(SHARDS):
        table = f"search_index_{shard}"
        op.execute(f"INSERT INTO search_index ({COLUMNS}) SELECT {COLUMNS} FROM {table}")
        op.execute(f"DROP TABLE {table}")
