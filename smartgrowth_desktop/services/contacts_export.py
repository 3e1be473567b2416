"""Export contacts (all, or the people of one mission) as a vCard file: the contacts with
their organization's name and their photo and business card; the cards themselves are
written by ``exchange/vcard_write.py``."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from smartgrowth_desktop.core.models import Attachment, Contact, Meeting, Organization
from smartgrowth_desktop.core.schema import KINDS, Kind
from smartgrowth_desktop.exchange.vcard_write import CardData, write_vcards
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.profile import Profile

# write_vcards comes from exchange: a face needs this one module to export cards
__all__ = ["CardData", "load_cards", "mission_contact_ids", "write_vcards"]


def mission_contact_ids(session: Any, mission_id: uuid.UUID) -> set[uuid.UUID]:
    """The attendees of a mission's meetings and the people of its organizations."""
    meetings = session.scalars(
        select(Meeting).where(Meeting.mission_id == mission_id, Meeting.deleted_at.is_(None))
    ).all()
    people = {uuid.UUID(str(i)) for m in meetings for i in m.attendee_ids or []}
    orgs = {uuid.UUID(str(i)) for m in meetings for i in m.organization_ids or []}
    if orgs:
        query = select(Contact.id).where(Contact.organization_id.in_(orgs))
        people.update(session.scalars(query))
    return people


def load_cards(profile: Profile, mission_id: uuid.UUID | None = None) -> list[CardData]:
    """The live contacts (of one mission, or all) with organization names and pictures."""
    kind = KINDS["contact"]
    with profile.database.read() as session:
        # rows, not mapped objects: 100,000 contacts load in seconds, not half a minute
        table = Contact.__table__
        columns = [table.c.id, *(table.c[spec.name] for spec in kind.fields)]
        query = select(*columns).where(table.c.deleted_at.is_(None))
        if mission_id is not None:
            query = query.where(table.c.id.in_(mission_contact_ids(session, mission_id)))
        contacts = session.execute(query.order_by(table.c.sort_name, table.c.id)).all()
        org_ids = {c.organization_id for c in contacts if c.organization_id}
        names = dict(
            session.execute(
                select(Organization.id, Organization.name).where(Organization.id.in_(org_ids))
            ).all()
        )
        pictures = session.execute(
            select(
                Attachment.owner_id, Attachment.role, Attachment.media_type, Attachment.content_hash
            )
            .where(
                Attachment.owner_kind == "contact",
                Attachment.role.in_(("photo", "business_card")),
                Attachment.deleted_at.is_(None),
            )
            .order_by(Attachment.created_at)
        ).all()
    store = AttachmentService(profile)
    images: dict[Any, list[tuple[str, str, bytes]]] = {}
    for owner, role, media_type, content_hash in pictures:
        held = images.setdefault(owner, [])
        if any(r == role for r, _t, _d in held):
            continue  # one photo and one business card per contact
        data = store.read(content_hash) if content_hash else None
        if data is not None:
            held.append((role or "photo", media_type or "image/jpeg", data))
    return [
        CardData(_wire(kind, c), _org_name(names, c.organization_id), images.get(c.id, []))
        for c in contacts
    ]


def _wire(kind: Kind, row: Any) -> dict[str, Any]:
    """A contact row as wire values, id first (what ``core/wire.to_wire`` makes of a
    loaded record)."""
    mapping = row._mapping
    values: dict[str, Any] = {"id": str(row.id)}
    for spec in kind.fields:
        values[spec.name] = spec.type.to_wire(mapping[spec.name])
    return values


def _org_name(names: dict[Any, Any], org_id: uuid.UUID | None) -> str | None:
    return names.get(org_id) if org_id else None
