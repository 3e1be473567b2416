"""Business-card photos become contact cards: read, check for duplicates, save.

The public, stable API (the review screen and ``import-cards`` use it; keep the names):

- ``propose_card(profile, photo, cancel=None) -> CardProposal``: read one photo (JPEG,
  PNG or HEIC) into a proposal (``capture/proposal.py``); nothing is written. Slow (OCR,
  about a second): call it off the GUI thread. Raises ``ValidationError`` (path
  ``"photo"``) naming what is wrong with a file that is no usable picture, ``OcrMissing``
  (a ``SmartGrowthError``) when Tesseract is not installed, ``Cancelled`` when ``cancel``
  is set. A photo with no text gives an empty proposal with a warning, not an error.
- ``find_duplicates_for(profile, proposal) -> list[Match]``: the stored contacts the card
  may duplicate, best first (``services/duplicates.py``'s ``Match``: ``contact_id``,
  ``label``, ``reasons``).
- ``save_card(profile, proposal, merge_into=None) -> uuid.UUID``: in ONE transaction,
  create the contact (and its organization when no stored one has that name) or, with
  ``merge_into``, fill the empty fields of that contact and add its new e-mails and
  phones; then attach the photo as the card's business-card image. Returns the contact's
  id. The values are those of the proposal as the person edited them.
- ``contact_values(proposal) -> dict``: the contact record's values a proposal gives.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from smartgrowth_desktop.capture.countries import is_country
from smartgrowth_desktop.capture.proposal import CardProposal
from smartgrowth_desktop.core.models import Attachment, Organization
from smartgrowth_desktop.core.schema import kind as kind_of
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.core.writer import Writer
from smartgrowth_desktop.services.attachments import store_blob
from smartgrowth_desktop.services.duplicates import Match, PeopleIndex, Person, load_people
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import as_uuid, create_in, update_in

SOURCE = "business card photo"
_LISTS = ("emails", "phones")


def propose_card(
    profile: Profile, photo: Path, cancel: threading.Event | None = None
) -> CardProposal:
    """Read ``photo`` into a proposed card (the current mission's countries help read
    national phone numbers)."""
    from smartgrowth_desktop.capture.reader import read_card
    from smartgrowth_desktop.services.phone_regions import mission_hints

    return read_card(Path(photo), hints=mission_hints(profile), cancel=cancel)


def contact_values(proposal: CardProposal) -> dict[str, Any]:
    """The contact's values from a proposal (empty fields left out; the address, other
    phone kinds and the second language's title go to the notes)."""
    p = proposal
    values: dict[str, Any] = {
        "family_name": p.family_name.value,
        "given_name": p.given_name.value,
        "native_name": p.native_name.value,
        "romanized_name": p.romanized_name.value,
        "title": p.title.value or p.native_title.value,
        "wechat": p.wechat.value,
        "zalo": p.zalo.value,
        "emails": _unique(e.value for e in p.emails),
        "phones": _unique(ph.value for ph in p.phones),
        "source": f"{SOURCE} {p.photo.name}"[:300],
    }
    notes = []
    if p.title.value and p.native_title.value:
        notes.append(f"Title: {p.native_title.value}")
    notes.extend(f"{ph.kind.capitalize()}: {ph.value}" for ph in p.phones if ph.kind != "phone")
    notes.extend(f"Web: {w.value}" for w in p.websites[1:])
    if p.address.value:
        notes.append(f"Address: {p.address.value}")
    values["notes"] = "\n".join(notes)
    return {k: v for k, v in values.items() if v}


def _unique(values: Any) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def _find_organization(profile: Profile, proposal: CardProposal) -> uuid.UUID | None:
    """A live organization named like the card's (either language), or None."""
    wanted = {fold(f.value) for f in (proposal.organization, proposal.native_organization) if f}
    if not wanted:
        return None
    query = (
        select(Organization.id, Organization.name, Organization.native_name)
        .where(Organization.deleted_at.is_(None))
        .order_by(Organization.created_at)
    )
    with profile.database.read() as session:
        for org_id, name, native in session.execute(query):
            if any(n and fold(n) in wanted for n in (name, native)):
                return org_id
    return None


def find_duplicates_for(profile: Profile, proposal: CardProposal) -> list[Match]:
    """Stored contacts the proposed card may duplicate (same e-mail, phone, or a close
    name in the same organization), best first."""
    values = contact_values(proposal)
    org_id = _find_organization(profile, proposal)
    if org_id is not None:
        values["organization_id"] = org_id
    index = PeopleIndex(load_people(profile))
    return index.matches(Person.of(None, values))


def _organization(
    writer: Writer, proposal: CardProposal, found: uuid.UUID | None
) -> uuid.UUID | None:
    if found is not None:
        return found
    latin, native = proposal.organization.value, proposal.native_organization.value
    if not (latin or native):
        return None
    values: dict[str, Any] = {"name": (latin or native)[:300], "kind": "other"}
    if native and latin:
        values["native_name"] = native[:300]
    if proposal.country and is_country(proposal.country):
        values["country"] = proposal.country
    if proposal.websites:
        values["website"] = proposal.websites[0].value[:2000]
    return create_in(writer, "organization", values)


def _merge(writer: Writer, contact_id: uuid.UUID, values: dict[str, Any]) -> None:
    current = writer.current(kind_of("contact"), contact_id)
    changes: dict[str, Any] = {}
    for name, value in values.items():
        old = current.get(name)
        if name in _LISTS:
            joined = list(old or []) + [v for v in value if v not in (old or [])]
            if joined != list(old or []):
                changes[name] = joined
        elif name == "notes" and old:
            if value not in str(old):
                changes[name] = f"{old}\n{value}"
        elif not old:
            changes[name] = value
    if changes:
        update_in(writer, "contact", contact_id, changes, "card")


def _attach_photo(
    profile: Profile, writer: Writer, proposal: CardProposal, contact_id: uuid.UUID
) -> None:
    from smartgrowth_desktop.capture.images import card_image

    image = card_image(proposal.photo)
    held = writer.conn.execute(
        select(Attachment.id).where(
            Attachment.owner_id == contact_id,
            Attachment.content_hash == image.content_hash,
            Attachment.deleted_at.is_(None),
        )
    ).first()
    if held is not None:
        return
    store_blob(profile.attachments_dir, image.data, profile.attachments_key)
    values = {
        "content_hash": image.content_hash,
        "file_name": image.file_name,
        "media_type": image.media_type,
        "size": len(image.data),
        "owner_kind": "contact",
        "owner_id": str(contact_id),
        "role": "business_card",
    }
    create_in(writer, "attachment", values)


def save_card(
    profile: Profile, proposal: CardProposal, merge_into: uuid.UUID | str | None = None
) -> uuid.UUID:
    """Create (or, with ``merge_into``, complete) the contact and attach the photo as its
    business card, all in one transaction; returns the contact's id."""
    values = contact_values(proposal)
    found_org = _find_organization(profile, proposal)
    with profile.write() as writer:
        if merge_into is not None:
            contact_id = as_uuid(merge_into)
            current = writer.current(kind_of("contact"), contact_id)
            if not current.get("organization_id"):
                org = _organization(writer, proposal, found_org)
                if org is not None:
                    values["organization_id"] = str(org)
            _merge(writer, contact_id, values)
        else:
            org = _organization(writer, proposal, found_org)
            if org is not None:
                values["organization_id"] = str(org)
            contact_id = create_in(writer, "contact", values, path="card")
        _attach_photo(profile, writer, proposal, contact_id)
    return contact_id
