"""Per-team changeset numbers, quarantine, blob candidates, per-member stored bytes

Changesets were numbered by one sequence for the whole server, so a member could tell
how many uploads other teams made. They are renumbered 1, 2, 3… within each team, in
the order they were stored, and each team gets a new random ``epoch``: a client that
kept a cursor ("after N") from before must list from 0 again when the epoch changes
(the app always lists from 0 and skips what it holds, so it loses and refetches nothing).

Revision ID: 0002_team_sequences
Revises: 0001_initial
Create Date: 2026-12-06
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002_team_sequences"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

_COPIED = 'origin, "first", "last", tag, size, sha256, data, uploaded_by, created_at'
_RENUMBERED = "row_number() OVER (PARTITION BY team_id ORDER BY seq)"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column(
        "teams", sa.Column("last_seq", sa.BigInteger(), nullable=False, server_default="0")
    )
    op.add_column("teams", sa.Column("epoch", sa.String(32), nullable=False, server_default=""))
    op.add_column(
        "users", sa.Column("stored_bytes", sa.BigInteger(), nullable=False, server_default="0")
    )
    if sqlite:
        _renumber_sqlite()
        _blob_candidates_sqlite()
    else:
        _renumber_in_place()
        _blob_candidates_in_place()
    op.add_column("changesets", sa.Column("quarantine", sa.String(500), nullable=True))
    op.add_column(
        "changesets", sa.Column("quarantined_at", sa.DateTime(timezone=True), nullable=True)
    )
    _fill_counters()


def _changeset_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("first", sa.BigInteger(), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.Column("tag", sa.String(length=12), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name="fk_changesets_team_id_teams"),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name="fk_changesets_uploaded_by_users"
        ),
        sa.PrimaryKeyConstraint("team_id", "seq", name="pk_changesets"),
        sa.UniqueConstraint(
            "team_id", "origin", "first", "last", "tag", name="uq_changesets_team_id_key"
        ),
    )


def _renumber_sqlite() -> None:
    """SQLite cannot change a primary key in place: copy into a new table, renumbered."""
    _changeset_table("changesets_renumbered")
    op.execute(
        f"INSERT INTO changesets_renumbered (team_id, seq, {_COPIED}) "
        f"SELECT team_id, {_RENUMBERED}, {_COPIED} FROM changesets"
    )
    op.drop_index("ix_changesets_team_id_seq", table_name="changesets")
    op.drop_table("changesets")
    op.rename_table("changesets_renumbered", "changesets")


def _renumber_in_place() -> None:
    """PostgreSQL: a column of per-team numbers becomes the key (with the team id)."""
    op.add_column("changesets", sa.Column("team_seq", sa.BigInteger(), nullable=True))
    op.execute(
        f"UPDATE changesets SET team_seq = r.n FROM (SELECT seq AS old_seq, {_RENUMBERED} AS n "
        "FROM changesets) AS r WHERE changesets.seq = r.old_seq"
    )
    op.drop_index("ix_changesets_team_id_seq", table_name="changesets")
    op.drop_constraint("pk_changesets", "changesets", type_="primary")
    op.drop_column("changesets", "seq")
    op.alter_column("changesets", "team_seq", new_column_name="seq", nullable=False)
    op.create_primary_key("pk_changesets", "changesets", ["team_id", "seq"])


def _blob_candidates_sqlite() -> None:
    op.create_table(
        "blobs_candidates",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name="fk_blobs_team_id_teams"),
        sa.ForeignKeyConstraint(["uploaded_by"], ["users.id"], name="fk_blobs_uploaded_by_users"),
        sa.PrimaryKeyConstraint("team_id", "name", "sha256", name="pk_blobs"),
        sa.UniqueConstraint("team_id", "name", "uploaded_by", name="uq_blobs_team_id_uploader"),
    )
    columns = "team_id, name, sha256, size, data, created_at"
    op.execute(f"INSERT INTO blobs_candidates ({columns}) SELECT {columns} FROM blobs")
    op.drop_table("blobs")
    op.rename_table("blobs_candidates", "blobs")


def _blob_candidates_in_place() -> None:
    op.drop_constraint("pk_blobs", "blobs", type_="primary")
    op.create_primary_key("pk_blobs", "blobs", ["team_id", "name", "sha256"])
    op.add_column("blobs", sa.Column("uploaded_by", sa.Integer(), nullable=True))
    op.create_foreign_key("fk_blobs_uploaded_by_users", "blobs", "users", ["uploaded_by"], ["id"])
    op.create_unique_constraint(
        "uq_blobs_team_id_uploader", "blobs", ["team_id", "name", "uploaded_by"]
    )


def _fill_counters() -> None:
    op.execute(
        "UPDATE teams SET last_seq = "
        "(SELECT coalesce(max(seq), 0) FROM changesets WHERE changesets.team_id = teams.id)"
    )
    op.execute(
        "UPDATE users SET stored_bytes = (SELECT coalesce(sum(size), 0) FROM changesets "
        "WHERE changesets.uploaded_by = users.id)"
    )
    bind = op.get_bind()
    for (team_id,) in bind.exec_driver_sql("SELECT id FROM teams").all():
        bind.execute(
            sa.text("UPDATE teams SET epoch = :epoch WHERE id = :id"),
            {"epoch": secrets.token_hex(8), "id": team_id},
        )


def downgrade() -> None:
    raise NotImplementedError(
        "per-team numbers cannot be turned back into one server-wide sequence; restore the "
        "database backup taken before the upgrade"
    )
