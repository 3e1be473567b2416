"""Likely duplicate contacts: the same e-mail (any case), the same phone (E.164), or a close
name within one organization (diacritics folded, word order ignored)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.models import Contact
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.services.profile import Profile

CLOSE_NAME = 0.88


@dataclass(frozen=True)
class Person:
    """What matching needs to know of a contact (stored, or read from a card)."""

    id: uuid.UUID | None
    label: str
    emails: frozenset[str]
    phones: frozenset[str]
    organization_id: uuid.UUID | None
    latin_key: str
    native_key: str
    created_at: str = ""

    @classmethod
    def of(cls, record_id: uuid.UUID | None, values: dict[str, Any], created: str = "") -> Person:
        """A person from contact wire values (``organization_id`` as text or UUID)."""
        latin = f"{values.get('family_name') or ''} {values.get('given_name') or ''}"
        org = values.get("organization_id")
        return cls(
            record_id,
            contact_display_name(values),
            frozenset(str(e).casefold() for e in values.get("emails") or []),
            frozenset(str(p) for p in values.get("phones") or []),
            uuid.UUID(str(org)) if org else None,
            " ".join(sorted(fold(latin).split())),
            fold(str(values.get("native_name") or "")).replace(" ", ""),
            created,
        )


@dataclass
class Match:
    """An existing contact a person may duplicate, and why."""

    contact_id: uuid.UUID
    label: str
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.contact_id), "label": self.label, "reasons": self.reasons}


@dataclass
class DuplicatePair:
    """Two stored contacts that look like one person; ``keep`` is the older card."""

    keep: Person
    other: Person
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "keep": {"id": str(self.keep.id), "label": self.keep.label},
            "other": {"id": str(self.other.id), "label": self.other.label},
            "reasons": self.reasons,
        }


def close_names(a: Person, b: Person) -> bool:
    """The same person's name, written with or without accents, in either order."""
    if a.native_key and a.native_key == b.native_key:
        return True
    if not a.latin_key or not b.latin_key:
        return False
    if a.latin_key == b.latin_key:
        return True
    return SequenceMatcher(None, a.latin_key, b.latin_key).ratio() >= CLOSE_NAME


class PeopleIndex:
    """Stored contacts indexed by e-mail, phone and organization, for fast matching."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self.people: dict[uuid.UUID, Person] = {}
        self._email: dict[str, list[uuid.UUID]] = {}
        self._phone: dict[str, list[uuid.UUID]] = {}
        self._org: dict[uuid.UUID, list[uuid.UUID]] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        assert person.id is not None
        self.people[person.id] = person
        for email in person.emails:
            self._email.setdefault(email, []).append(person.id)
        for phone in person.phones:
            self._phone.setdefault(phone, []).append(person.id)
        if person.organization_id is not None:
            self._org.setdefault(person.organization_id, []).append(person.id)

    def matches(self, person: Person) -> list[Match]:
        """The indexed contacts ``person`` may duplicate (not itself), best first."""
        found: dict[uuid.UUID, Match] = {}

        def note(contact_id: uuid.UUID, reason: str) -> None:
            if contact_id == person.id:
                return
            match = found.setdefault(contact_id, Match(contact_id, self.people[contact_id].label))
            if reason not in match.reasons:
                match.reasons.append(reason)

        for email in sorted(person.emails):
            for contact_id in self._email.get(email, []):
                note(contact_id, f"same e-mail {email}")
        for phone in sorted(person.phones):
            for contact_id in self._phone.get(phone, []):
                note(contact_id, f"same phone {phone}")
        if person.organization_id is not None:
            for contact_id in self._org.get(person.organization_id, []):
                if close_names(person, self.people[contact_id]):
                    note(contact_id, "close name in the same organization")
        return sorted(found.values(), key=lambda m: -len(m.reasons))


def load_people(profile: Profile) -> list[Person]:
    """Every live contact as a ``Person`` (only the columns matching needs)."""
    columns = (
        Contact.id,
        Contact.family_name,
        Contact.given_name,
        Contact.native_name,
        Contact.romanized_name,
        Contact.name_order,
        Contact.emails,
        Contact.phones,
        Contact.organization_id,
        Contact.created_at,
    )
    query = select(*columns).where(Contact.deleted_at.is_(None))
    query = query.order_by(Contact.created_at, Contact.id)
    with profile.database.read() as session:
        rows = session.execute(query).all()
    return [Person.of(row.id, dict(row._mapping), row.created_at.isoformat()) for row in rows]


def find_duplicates(profile: Profile) -> list[DuplicatePair]:
    """Every pair of live contacts that look like one person (the older one first)."""
    people = load_people(profile)
    index = PeopleIndex()
    pairs: list[DuplicatePair] = []
    for person in people:  # oldest first: each is matched against the older ones
        for match in index.matches(person):
            pairs.append(DuplicatePair(index.people[match.contact_id], person, match.reasons))
        index.add(person)
    return pairs
