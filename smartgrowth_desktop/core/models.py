"""SQLAlchemy 2 typed models: the records, the change log and the device's own state.

Columns are nullable except ids and timestamps: the services check what is required, and
sync may bring a record's fields one change at a time. References between records are
plain indexed columns, not SQL foreign keys: the services check them on local writes,
while sync may bring a record before the one it points to (it resolves when that arrives).
A record model has a column for each field of its kind in ``core/schema.py``, plus the
sort keys computed here (marked ``DERIVED``); ``tests/test_schema_models.py`` checks the
kinds, these models and the migrations agree.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    Uuid,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, naive UTC in SQLite, aware UTC out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


#: ``info`` of a column computed on this laptop from a record's fields (a sort key: see
#: core/derived.py and core/sort_keys.py): not a field of core/schema.py, never synced
DERIVED: dict[str, Any] = {"derived": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
        dict[str, Any]: JSON,
    }


class Record(Base):
    """What every record has: a stable id, timestamps, a tombstone and unknown fields."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class Market(Record):
    __tablename__ = "markets"

    name: Mapped[str | None] = mapped_column(String)
    country: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String)
    time_zone: Mapped[str | None] = mapped_column(String)
    focus_areas: Mapped[list[str]] = mapped_column(JSON, default=list)


class Organization(Record):
    __tablename__ = "organizations"

    name: Mapped[str | None] = mapped_column(String, index=True)
    native_name: Mapped[str | None] = mapped_column(String)
    kind: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    market_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    website: Mapped[str | None] = mapped_column(String)
    description: Mapped[str | None] = mapped_column(Text)
    solution_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    sort_name: Mapped[str | None] = mapped_column(String, info=DERIVED)

    __table_args__ = (Index("ix_organizations_sort_name", "sort_name", "id"),)


class Contact(Record):
    __tablename__ = "contacts"

    family_name: Mapped[str | None] = mapped_column(String)
    given_name: Mapped[str | None] = mapped_column(String)
    native_name: Mapped[str | None] = mapped_column(String)
    romanized_name: Mapped[str | None] = mapped_column(String)
    name_order: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    wechat: Mapped[str | None] = mapped_column(String)
    zalo: Mapped[str | None] = mapped_column(String)
    linkedin: Mapped[str | None] = mapped_column(String)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str | None] = mapped_column(String)
    legal_basis: Mapped[str | None] = mapped_column(String)
    review_by: Mapped[date | None] = mapped_column(Date, index=True)
    # the sort keys of the list's columns
    sort_name: Mapped[str | None] = mapped_column(String, index=True, info=DERIVED)
    sort_organization: Mapped[str | None] = mapped_column(String, info=DERIVED)
    sort_phone: Mapped[str | None] = mapped_column(String, info=DERIVED)
    sort_email: Mapped[str | None] = mapped_column(String, info=DERIVED)

    __table_args__ = (
        Index("ix_contacts_sort_organization", "sort_organization", "id"),
        Index("ix_contacts_sort_phone", "sort_phone", "id"),
        Index("ix_contacts_sort_email", "sort_email", "id"),
    )


class Mission(Record):
    __tablename__ = "missions"

    name: Mapped[str | None] = mapped_column(String)
    market_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    sme_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    delegates: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)


class Meeting(Record):
    __tablename__ = "meetings"

    mission_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    title: Mapped[str | None] = mapped_column(String)
    starts_at: Mapped[datetime | None] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    time_zone: Mapped[str | None] = mapped_column(String)
    location: Mapped[str | None] = mapped_column(String)
    attendee_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    organization_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    sme_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    agenda: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Lead(Record):
    __tablename__ = "leads"

    title: Mapped[str | None] = mapped_column(String)
    kind: Mapped[str | None] = mapped_column(String(10))
    sme_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    mission_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    stage: Mapped[str | None] = mapped_column(String(20), index=True)
    value: Mapped[str | None] = mapped_column(String)
    currency: Mapped[str | None] = mapped_column(String(3))
    probability: Mapped[int | None] = mapped_column(Integer)
    next_step: Mapped[str | None] = mapped_column(String)
    notes: Mapped[str | None] = mapped_column(Text)
    # copies of the SME's and the counterpart's sort keys
    sort_sme: Mapped[str | None] = mapped_column(String, info=DERIVED)
    sort_organization: Mapped[str | None] = mapped_column(String, info=DERIVED)

    __table_args__ = (
        Index("ix_leads_sort_sme", "sort_sme", "id"),
        Index("ix_leads_sort_organization", "sort_organization", "id"),
    )


class FollowUp(Record):
    __tablename__ = "follow_ups"

    text: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    done: Mapped[bool | None] = mapped_column(Boolean)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    lead_id: Mapped[uuid.UUID | None] = mapped_column(index=True)


class StageChange(Record):
    __tablename__ = "stage_changes"

    lead_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    stage: Mapped[str | None] = mapped_column(String(20))
    changed_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)


class Attachment(Record):
    __tablename__ = "attachments"

    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    file_name: Mapped[str | None] = mapped_column(String)
    media_type: Mapped[str | None] = mapped_column(String)
    size: Mapped[int | None] = mapped_column(Integer)
    owner_kind: Mapped[str | None] = mapped_column(String(20))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    role: Mapped[str | None] = mapped_column(String(20))


class Device(Base):
    """A device (this one or a peer) that authored changes; ``idx`` keeps the log compact."""

    __tablename__ = "devices"

    idx: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str | None] = mapped_column(String)


class Change(Base):
    """One field-level change: the unit of the change log and of sync.

    ``(device, seq)`` is the change's dot; ``prev`` lists the dots its author had seen on
    that field; ``is_open`` marks the dots not yet covered by a later change (more than
    one open value on a field is a conflict). ``key`` names the element for list fields.
    """

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_idx: Mapped[int] = mapped_column(ForeignKey("devices.idx"))
    seq: Mapped[int]
    hlc: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[uuid.UUID]
    field: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String, default="")
    value: Mapped[str] = mapped_column(Text)
    prev: Mapped[str] = mapped_column(Text, default="[]")
    author: Mapped[str | None] = mapped_column(String)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        Index("uq_changes_dot", "device_idx", "seq", unique=True),
        Index("ix_changes_field", "record_id", "field", "key", "is_open"),
    )


class LocalState(Base):
    """Small key/value facts about this profile: device id, next sequence, clock, user."""

    __tablename__ = "local_state"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Conflict(Base):
    """A field (or a record's deletion) with concurrent values waiting for a person's choice.

    Kept by the merge and the writer: raised when a field ends with several open values
    (or a delete met a concurrent edit), removed when a change covers them all.
    """

    __tablename__ = "conflicts"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[uuid.UUID] = mapped_column(index=True)
    field: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String, default="")
    raised_hlc: Mapped[int]


class SyncChangeset(Base):
    """A changeset this device holds (its own or a peer's): the exact plain bytes, to relay.

    ``applied`` is false while it waits for the changesets it depends on.
    """

    __tablename__ = "sync_changesets"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    first_seq: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int]
    count: Mapped[int]
    body_sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    deps: Mapped[str] = mapped_column(Text, default="{}")
    blobs: Mapped[str] = mapped_column(Text, default="[]")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    applied: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime]
    origin: Mapped[str | None] = mapped_column(String)


class SyncPeer(Base):
    """Per device (this one included): the last sequence held in order, and its clock."""

    __tablename__ = "sync_peers"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    applied_seq: Mapped[int] = mapped_column(Integer, default=0)
    clock_ahead_ms: Mapped[int | None] = mapped_column(Integer)
    last_applied_at: Mapped[datetime | None]


class SyncBlobWanted(Base):
    """An attachment's content this device has a record of but not the bytes (yet)."""

    __tablename__ = "sync_blobs_wanted"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)


RECORD_MODELS: dict[str, type[Record]] = {
    "market": Market,
    "organization": Organization,
    "contact": Contact,
    "mission": Mission,
    "meeting": Meeting,
    "lead": Lead,
    "follow_up": FollowUp,
    "stage_change": StageChange,
    "attachment": Attachment,
}


def derived_columns(model: type[Record]) -> frozenset[str]:
    """The columns of a record table that are not fields: computed here (``DERIVED``)."""
    return frozenset(c.name for c in model.__table__.columns if c.info.get("derived"))
