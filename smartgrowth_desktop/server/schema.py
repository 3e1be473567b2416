"""The server's tables (SQLAlchemy Core); their history is in ``migrations/``.

Changesets are numbered per team (``teams.last_seq`` hands out the next one), so a
member learns nothing of other teams' uploads; ``teams.epoch`` names the numbering, and
changes whenever it is rebuilt (a client's "after N" is only valid with its epoch).
A blob name may hold several candidates, one per uploader, when the team encrypts: the
server cannot check a keyed name, the app checks each candidate it downloads.
``device_keys`` binds each device of a team to its laptop's public key and to the member
who first uploaded as it (``devices.py``); a changeset stored as ``relayed`` is a copy
the server could not tie to its author, which the author's own upload replaces.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    false,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

teams = Table(
    "teams",
    metadata,
    Column("id", Integer, Identity(), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seq", BigInteger, nullable=False, server_default="0"),
    Column("epoch", String(32), nullable=False, server_default=""),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, Identity(), primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("stored_bytes", BigInteger, nullable=False, server_default="0"),
    UniqueConstraint("team_id", "name", name="uq_users_team_id_name"),
)

changesets = Table(
    "changesets",
    metadata,
    Column("team_id", ForeignKey("teams.id"), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("origin", String(36), nullable=False),
    Column("first", BigInteger, nullable=False),
    Column("last", BigInteger, nullable=False),
    Column("tag", String(12), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("uploaded_by", ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("quarantine", String(500)),  # why an administrator hides it (None: listed)
    Column("quarantined_at", DateTime(timezone=True)),
    Column("relayed", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("team_id", "origin", "first", "last", "tag", name="uq_changesets_team_id_key"),
)

blobs = Table(
    "blobs",
    metadata,
    Column("team_id", ForeignKey("teams.id"), primary_key=True),
    Column("name", String(64), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("uploaded_by", ForeignKey("users.id")),  # None: stored before uploaders were kept
    UniqueConstraint("team_id", "name", "uploaded_by", name="uq_blobs_team_id_uploader"),
)

team_files = Table(
    "team_files",
    metadata,
    Column("team_id", ForeignKey("teams.id"), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

device_keys = Table(
    "device_keys",
    metadata,
    Column("team_id", ForeignKey("teams.id"), primary_key=True),
    Column("device_id", String(36), primary_key=True),
    Column("public_key", String(44), nullable=False),  # Ed25519, base64
    Column("user_id", ForeignKey("users.id")),  # None: bound by its changesets, relayed
    Column("bound_at", DateTime(timezone=True), nullable=False),
)
