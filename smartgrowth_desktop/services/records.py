"""Create, edit, delete (tombstone), restore, read and list records of every kind.

The UI and the CLI call these; they check values, apply the business rules and write
through the change-logging ``Writer``, all in one transaction per call.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, func, select

from smartgrowth_desktop.core import rules
from smartgrowth_desktop.core.errors import NotFoundError
from smartgrowth_desktop.core.fieldtypes import Wire
from smartgrowth_desktop.core.models import Market, Organization, Record
from smartgrowth_desktop.core.names import FAMILY_FIRST, guess_name_order
from smartgrowth_desktop.core.schema import kind as kind_of
from smartgrowth_desktop.core.wire import to_wire
from smartgrowth_desktop.core.writer import Writer
from smartgrowth_desktop.services.profile import Profile


def as_uuid(record_id: uuid.UUID | str) -> uuid.UUID:
    """A record id from its text form; ``NotFoundError`` when it is not an id at all."""
    if isinstance(record_id, uuid.UUID):
        return record_id
    try:
        return uuid.UUID(str(record_id).strip())
    except ValueError:
        raise NotFoundError(f"{record_id!r} is not a record id") from None


def _phone_region(conn: Connection, values: dict[str, Any], current: dict[str, Wire]) -> str | None:
    org_id = values.get("organization_id", current.get("organization_id"))
    if not org_id:
        return None
    try:
        org_uuid = uuid.UUID(str(org_id))
    except ValueError:
        return None
    row = conn.execute(
        select(Organization.country, Market.country)
        .outerjoin(Market, Market.id == Organization.market_id)
        .where(Organization.id == org_uuid)
    ).first()
    return None if row is None else (row[0] or row[1])


_NAME_FIELDS = ("family_name", "given_name", "native_name")


def with_name_order(
    values: dict[str, Any], country: str | None, current: dict[str, Wire] | None = None
) -> dict[str, Any]:
    """A contact's values with ``family_first`` where the card says no order and its names
    read family name first (by script, the organization's ``country`` or the family name;
    ``core/names.py``). Only that guess is stored: a card left without an order reads
    given name first, and is guessed again when its names change."""
    current = current or {}
    if values.get("name_order") or current.get("name_order"):
        return values
    if current and not any(name in values for name in (*_NAME_FIELDS, "organization_id")):
        return values
    if guess_name_order({**current, **values}, country) != FAMILY_FIRST:
        return values
    return {**values, "name_order": FAMILY_FIRST}


def create_in(
    writer: Writer,
    kind_name: str,
    values: dict[str, Any],
    record_id: uuid.UUID | None = None,
    path: str = "",
) -> uuid.UUID:
    """Check, create and follow up one record inside an open write transaction."""
    kind = kind_of(kind_name)
    region = _phone_region(writer.conn, values, {}) if kind.name == "contact" else None
    if kind.name == "contact":
        values = with_name_order(values, region)
    normalized = rules.normalize(kind, values, None, path, region)
    rules.check_references(writer.conn, kind, normalized, path)
    record_id = writer.create(kind.name, normalized, record_id)
    rules.after_write(writer, kind, record_id, None, normalized)
    return record_id


def update_in(
    writer: Writer,
    kind_name: str,
    record_id: uuid.UUID,
    values: dict[str, Any],
    path: str = "",
) -> set[str]:
    """Check and apply an edit inside an open write transaction; returns changed fields."""
    kind = kind_of(kind_name)
    current = writer.current(kind, record_id)
    region = _phone_region(writer.conn, values, current) if kind.name == "contact" else None
    if kind.name == "contact" and "name_order" not in values:
        values = with_name_order(values, region, current)
    normalized = rules.normalize(kind, values, current, path, region)
    rules.check_references(writer.conn, kind, normalized, path, current)
    changed = writer.update(kind.name, record_id, normalized)
    if changed:
        rules.after_write(writer, kind, record_id, current, normalized)
    return changed


class RecordService:
    """The use cases every record kind shares."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def create(
        self, kind: str, values: dict[str, Any], record_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        """Create a record; raises ``ValidationError`` naming the first bad field."""
        with self.profile.write() as writer:
            return create_in(writer, kind, values, record_id)

    def update(self, kind: str, record_id: uuid.UUID | str, values: dict[str, Any]) -> set[str]:
        """Edit some fields; returns the names of those that really changed."""
        with self.profile.write() as writer:
            return update_in(writer, kind, as_uuid(record_id), values)

    def delete(self, kind: str, record_id: uuid.UUID | str) -> bool:
        """Move a record to the trash (a tombstone that sync carries); False if already."""
        with self.profile.write() as writer:
            return writer.delete(kind, as_uuid(record_id))

    def restore(self, kind: str, record_id: uuid.UUID | str) -> bool:
        """Bring a record back from the trash; False if it was not deleted."""
        with self.profile.write() as writer:
            return writer.restore(kind, as_uuid(record_id))

    def get(self, kind: str, record_id: uuid.UUID | str) -> Record:
        """One record, deleted or not; raises ``NotFoundError``."""
        model = kind_of(kind).model
        with self.profile.database.read() as session:
            record = session.get(model, as_uuid(record_id))
        if record is None:
            raise NotFoundError(f"no {kind} with id {record_id}")
        return record

    def get_wire(self, kind: str, record_id: uuid.UUID | str) -> dict[str, Wire]:
        """One record as wire values."""
        return to_wire(kind_of(kind), self.get(kind, record_id))

    def list(
        self,
        kind: str,
        *,
        deleted: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        """Live records (or, with ``deleted``, the trash), oldest first."""
        model = kind_of(kind).model
        query = select(model).order_by(model.created_at, model.id).offset(offset)
        query = query.where(
            model.deleted_at.is_not(None) if deleted else model.deleted_at.is_(None)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.profile.database.read() as session:
            return list(session.scalars(query))

    def count(self, kind: str, *, deleted: bool = False) -> int:
        """How many live (or deleted) records of ``kind`` there are."""
        model = kind_of(kind).model
        condition = model.deleted_at.is_not(None) if deleted else model.deleted_at.is_(None)
        with self.profile.database.read() as session:
            return int(
                session.scalar(select(func.count()).select_from(model).where(condition)) or 0
            )
