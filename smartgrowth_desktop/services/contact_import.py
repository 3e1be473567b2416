"""Import contact cards (vCard) in two steps: a preview (every card checked, duplicates of
stored contacts found, nothing written) and the import of the chosen cards in ONE
transaction (organizations created or linked, photos attached, duplicates merged)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select

from smartgrowth_desktop.core import rules
from smartgrowth_desktop.core.backup import before_bulk_change
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.fieldtypes import Collection, Email, Wire
from smartgrowth_desktop.core.models import Attachment, Contact, Market, Organization
from smartgrowth_desktop.core.phones import TO_NOTES, Hint, PhoneTally, Reading, read_phone
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.core.writer import Writer
from smartgrowth_desktop.exchange.vcard_read import CardRead, read_vcard_file
from smartgrowth_desktop.services.attachments import store_blob
from smartgrowth_desktop.services.duplicates import Match, PeopleIndex, Person, load_people
from smartgrowth_desktop.services.phone_regions import PhoneContext, phone_context
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import create_in, update_in

Action = Literal["new", "merge", "skip"]
Progress = Callable[[int, int], None]
#: the contact's lists (e-mails, phones, languages, tags): a merge adds to them
LIST_FIELDS = frozenset(f.name for f in KINDS["contact"].fields if isinstance(f.type, Collection))


@dataclass
class CardPlan:
    """One card of the preview: its checked values, possible duplicates and what to do."""

    card: CardRead
    values: dict[str, Wire] = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)
    action: Action = "new"
    organization_id: uuid.UUID | None = None
    error: str | None = None
    pending_id: uuid.UUID | None = None  # how later cards of the same import refer to it
    phones: list[Reading] = field(default_factory=list)  # how each TEL was read

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        return {
            "where": self.card.where,
            "name": self.card.label,
            "organization": self.card.organization,
            "action": self.action if self.ok else "rejected",
            "error": self.error,
            "warnings": self.card.warnings,
            "duplicates": [m.to_json() for m in self.matches],
            "phones": [r.to_json() for r in self.phones],
        }


@dataclass
class ImportPreview:
    """Every card of the files, checked against the profile."""

    cards: list[CardPlan]

    @property
    def good(self) -> list[CardPlan]:
        return [c for c in self.cards if c.ok]

    @property
    def rejected(self) -> list[CardPlan]:
        return [c for c in self.cards if not c.ok]

    def phone_tally(self) -> PhoneTally:
        """How the numbers of the cards to import (not skipped) were read."""
        tally = PhoneTally("card")
        for plan in self.good:
            if plan.action != "skip":
                tally.add(plan.phones)
        return tally


@dataclass
class CardImportReport:
    """What the import did (or, for a dry run, would do)."""

    created: int = 0
    merged: int = 0
    skipped: int = 0
    organizations_created: int = 0
    photos: int = 0
    rejected: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    contact_ids: list[uuid.UUID] = field(default_factory=list)
    phones: PhoneTally = field(default_factory=PhoneTally)

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "merged": self.merged,
            "skipped": self.skipped,
            "organizations_created": self.organizations_created,
            "photos": self.photos,
            "rejected": self.rejected,
            "warnings": self.warnings,
            "phones": self.phones.to_json(),
        }


# -- preview -----------------------------------------------------------------------------


def _organizations(profile: Profile) -> dict[str, tuple[uuid.UUID, str | None]]:
    """Live organizations by folded name and native name: (id, country)."""
    query = (
        select(
            Organization.id,
            Organization.name,
            Organization.native_name,
            Organization.country,
            Market.country,
        )
        .outerjoin(Market, Market.id == Organization.market_id)
        .where(Organization.deleted_at.is_(None))
        .order_by(Organization.created_at)
    )
    found: dict[str, tuple[uuid.UUID, str | None]] = {}
    with profile.database.read() as session:
        for org_id, name, native, country, market_country in session.execute(query):
            for key in (name, native):
                if key:
                    found.setdefault(fold(key), (org_id, country or market_country))
    return found


def _checked_emails(card: CardRead) -> list[str]:
    """Each e-mail checked on its own: a bad one is dropped with a warning."""
    kept: list[str] = []
    for index, raw in enumerate(card.values.get("emails") or []):
        try:
            value = Email().normalize(raw, f"emails[{index}]")
        except ValidationError as error:
            card.warnings.append(f"{error.message}: not kept")
            continue
        if value and value not in kept:
            kept.append(value)
            _retype(card, "email_types", raw, value)
    return kept


def _retype(card: CardRead, key: str, raw: str, value: str) -> None:
    types = card.values.get("_types", {}).get(key, {})
    if raw in types and raw != value:
        types[value] = types.pop(raw)


def card_hints(card: CardRead, context: PhoneContext) -> list[Hint]:
    """The countries the card's national numbers may be read in, strongest first."""
    v = card.values
    addresses = [a.get("country") for a in v.get("_addresses") or [] if isinstance(a, dict)]
    return context.hints(
        countries=[*v.get("_address_codes", []), *addresses],
        numbers=v.get("phones") or [],
        organization=card.organization,
        languages=v.get("languages") or [],
        names=[v.get("native_name"), v.get("family_name"), v.get("given_name")],
    )


def _read_phones(card: CardRead, plan: CardPlan, raw: dict[str, Any], hints: list[Hint]) -> None:
    """Every TEL read (or kept as written): none is dropped (see ``core/phones``)."""
    kept: list[str] = []
    for text in card.values.get("phones") or []:
        reading = read_phone(str(text), hints)
        plan.phones.append(reading)
        note = reading.note()
        if note:
            card.warnings.append(note)
        if reading.outcome == TO_NOTES:
            old = raw.get("notes")
            raw["notes"] = f"{old}\n\nPhone: {reading.text}" if old else f"Phone: {reading.text}"
        if reading.wire and reading.wire not in kept:
            kept.append(reading.wire)
            _retype(card, "phone_types", text, reading.wire)
    raw["phones"] = kept


def _extra(card: CardRead, values: dict[str, Any]) -> dict[str, Any] | None:
    """Addresses and phone/e-mail types: kept in the contact's ``extra`` (see docs)."""
    extra: dict[str, Any] = {}
    if card.values.get("_addresses"):
        extra["addresses"] = card.values["_addresses"][:20]
    for key, labels in card.values.get("_types", {}).items():
        wanted = values.get("phones" if key == "phone_types" else "emails") or []
        kept = {k: v for k, v in labels.items() if k in wanted}
        if kept:
            extra[key] = kept
    return extra or None


def plan_card(
    card: CardRead,
    orgs: dict[str, tuple[uuid.UUID, str | None]],
    index: PeopleIndex,
    context: PhoneContext | None = None,
) -> CardPlan:
    """Check one card's values and find the stored contacts it may duplicate."""
    plan = CardPlan(card)
    if card.error:
        plan.error = card.error
        return plan
    org = orgs.get(fold(card.organization)) if card.organization else None
    plan.organization_id = org[0] if org else None
    if context is None:
        context = PhoneContext({key: c for key, (_id, c) in orgs.items() if c})
    raw = {k: v for k, v in card.values.items() if not k.startswith("_")}
    _read_phones(card, plan, raw, card_hints(card, context))
    raw["emails"] = _checked_emails(card)
    raw["extra"] = _extra(card, raw)
    try:
        plan.values = rules.normalize(KINDS["contact"], raw, None, card.where)
    except ValidationError as error:
        name = error.path.removeprefix(f"{card.where}.")
        plan.error = f"{card.where}: {name}: {error.message}"
        return plan
    person_values = {**plan.values, "organization_id": plan.organization_id}
    plan.matches = index.matches(Person.of(card.uid, person_values))
    if card.uid is not None and card.uid in index.people:
        same = index.people[card.uid]
        plan.matches.insert(0, Match(card.uid, same.label, ["same card (UID)"]))
    plan.action = "merge" if plan.matches else "new"
    return plan


def preview_cards(profile: Profile, cards: Sequence[CardRead]) -> ImportPreview:
    """Check cards already read against the profile (nothing is written)."""
    orgs = _organizations(profile)
    context = phone_context(profile, {key: c for key, (_id, c) in orgs.items() if c})
    index = PeopleIndex(load_people(profile))
    plans = []
    for card in cards:
        plan = plan_card(card, orgs, index, context)
        plans.append(plan)
        if plan.ok and not plan.matches:  # later cards of the import may repeat this one
            plan.pending_id = uuid.uuid4()
            values = {**plan.values, "organization_id": plan.organization_id}
            person = Person.of(plan.pending_id, values)
            index.add(person, f"{person.label} (card at {card.where})")
    return ImportPreview(plans)


def preview_files(profile: Profile, paths: Sequence[Path]) -> ImportPreview:
    """Read and check vCard files; ``ValidationError`` (naming the line) if one is no
    vCard file at all."""
    cards: list[CardRead] = []
    for path in paths:
        cards.extend(read_vcard_file(path))
    return preview_cards(profile, cards)


# -- import ------------------------------------------------------------------------------


class _Writes:
    """The work of one import transaction."""

    def __init__(self, profile: Profile, writer: Writer, report: CardImportReport) -> None:
        self.profile, self.writer, self.report = profile, writer, report
        self.new_orgs: dict[str, uuid.UUID] = {}
        self.taken_ids: set[uuid.UUID] = set()
        self.pending: dict[uuid.UUID, uuid.UUID] = {}
        self.skipped_pending: set[uuid.UUID] = set()

    def organization(self, plan: CardPlan) -> uuid.UUID | None:
        name = plan.card.organization
        if plan.organization_id is not None or not name:
            return plan.organization_id
        key = fold(name)
        if key not in self.new_orgs:
            values = {"name": name[:300], "kind": "other"}
            self.new_orgs[key] = create_in(self.writer, "organization", values)
            self.report.organizations_created += 1
        return self.new_orgs[key]

    def new_id(self, plan: CardPlan) -> uuid.UUID | None:
        uid = plan.card.uid
        if uid is None or uid in self.taken_ids:
            return None
        self.taken_ids.add(uid)
        exists = self.writer.conn.execute(select(Contact.id).where(Contact.id == uid)).first()
        return None if exists else uid

    def create(self, plan: CardPlan) -> uuid.UUID:
        values = dict(plan.values)
        values["organization_id"] = self.organization(plan)
        contact_id = create_in(self.writer, "contact", values, self.new_id(plan), plan.card.where)
        self.report.created += 1
        return contact_id

    def merge(self, plan: CardPlan) -> uuid.UUID:
        contact_id = plan.matches[0].contact_id
        if contact_id in self.pending:  # a card earlier in this import
            contact_id = self.pending[contact_id]
        elif any(contact_id == p for p in self.skipped_pending):
            return self.create(plan)
        current = self.writer.current(KINDS["contact"], contact_id)
        changes: dict[str, Wire] = {}
        for name, value in plan.values.items():
            old = current.get(name)
            if name in LIST_FIELDS:
                joined = list(old or []) + [v for v in value or [] if v not in (old or [])]
                if joined != (old or []):
                    changes[name] = joined
            elif name == "extra" and value:
                merged = {**value, **(old or {})}
                if merged != old:
                    changes[name] = merged
            elif value and not old:
                changes[name] = value
        if not current.get("organization_id"):
            org = self.organization(plan)
            if org is not None:
                changes["organization_id"] = str(org)
        if changes:
            update_in(self.writer, "contact", contact_id, changes, plan.card.where)
        self.report.merged += 1
        return contact_id

    def images(self, plan: CardPlan, contact_id: uuid.UUID, dry_run: bool) -> None:
        held = set(
            self.writer.conn.execute(
                select(Attachment.content_hash).where(
                    Attachment.owner_id == contact_id, Attachment.deleted_at.is_(None)
                )
            ).scalars()
        )
        for number, image in enumerate(plan.card.images, start=1):
            content_hash = hashlib.sha256(image.data).hexdigest()
            if content_hash in held:
                continue
            if not dry_run:
                store_blob(self.profile.attachments_dir, image.data, self.profile.attachments_key)
            extension = image.media_type.split("/")[-1][:8] or "jpg"
            values = {
                "content_hash": content_hash,
                "file_name": f"{image.role}-{number}.{extension}",
                "media_type": image.media_type,
                "size": len(image.data),
                "owner_kind": "contact",
                "owner_id": str(contact_id),
                "role": image.role,
            }
            create_in(self.writer, "attachment", values)
            held.add(content_hash)
            self.report.photos += 1


def import_cards(
    profile: Profile,
    preview: ImportPreview,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> CardImportReport:
    """Write the cards of ``preview`` as their ``action`` says, in ONE transaction.

    ``progress(done, total)`` may raise ``Cancelled``: then nothing is kept.
    """
    report = CardImportReport()
    report.rejected = [plan.error or "" for plan in preview.rejected]
    chosen = preview.good
    if chosen and not dry_run:  # a backup first, as before every bulk import
        before_bulk_change(profile.folder, "vcard", profile.database_key)
    with profile.write(dry_run=dry_run) as writer:
        writes = _Writes(profile, writer, report)
        for done, plan in enumerate(chosen, start=1):
            report.warnings.extend(f"{plan.card.where}: {w}" for w in plan.card.warnings)
            if plan.action != "skip":
                report.phones.add(plan.phones)
            if plan.action == "skip":
                report.skipped += 1
                if plan.pending_id is not None:
                    writes.skipped_pending.add(plan.pending_id)
            else:
                creating = plan.action == "new" or not plan.matches
                contact_id = writes.create(plan) if creating else writes.merge(plan)
                if plan.pending_id is not None:
                    writes.pending[plan.pending_id] = contact_id
                writes.images(plan, contact_id, dry_run)
                report.contact_ids.append(contact_id)
            if progress is not None:
                progress(done, len(chosen))
    return report
