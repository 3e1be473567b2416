"""Sync: conflicts, held changesets, per-device progress, wanted attachment blobs.

Revision ID: 0002_sync
Revises: 0001_initial
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_sync"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("raised_hlc", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflicts_record_id"), ["record_id"], unique=False)

    op.create_table(
        "sync_changesets",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("deps", sa.Text(), nullable=False),
        sa.Column("blobs", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("origin", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("device_id", "first_seq", name=op.f("pk_sync_changesets")),
    )
    op.create_table(
        "sync_peers",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("applied_seq", sa.Integer(), nullable=False),
        sa.Column("clock_ahead_ms", sa.Integer(), nullable=True),
        sa.Column("last_applied_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_sync_peers")),
    )
    op.create_table(
        "sync_blobs_wanted",
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("content_hash", name=op.f("pk_sync_blobs_wanted")),
    )


def downgrade() -> None:
    op.drop_table("sync_blobs_wanted")
    op.drop_table("sync_peers")
    op.drop_table("sync_changesets")
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflicts_record_id"))
    op.drop_table("conflicts")
