"""Device keys: each device of a team bound to its laptop's key and member; relayed copies

``device_keys`` holds, per team and device id, the Ed25519 public key its uploads are
signed with, the member it was bound to (None when it was bound by its signed changesets
relayed by a colleague) and when. ``changesets.relayed`` marks a copy the server could
not tie to its author (a sealed changeset sent by another laptop, or an unsigned one);
the author's own upload of that changeset replaces it. Changesets stored before are
taken as their authors' (nothing was checked then, and their laptops hold them anyway).

Revision ID: 0003_device_keys
Revises: 0002_team_sequences
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_device_keys"
down_revision = "0002_team_sequences"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_keys",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("public_key", sa.String(length=44), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name="fk_device_keys_team_id_teams"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_device_keys_user_id_users"),
        sa.PrimaryKeyConstraint("team_id", "device_id", name="pk_device_keys"),
    )
    op.add_column(
        "changesets",
        sa.Column("relayed", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("changesets") as batch:
        batch.drop_column("relayed")
    op.drop_table("device_keys")
