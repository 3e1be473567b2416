"""Likely duplicate contacts: the same e-mail (any case), the same phone (E.164), or a close
name within one organization (diacritics folded, word order ignored)."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Protocol

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.device import write_state
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.services.profile import Profile

CLOSE_NAME = 0.88
#: ``local_state`` key of the pairs marked "not the same person" (JSON list of id pairs)
DISMISSED_KEY = "dismissed_duplicates"


class _Named(Protocol):
    """A name as ``close_names`` compares it (a ``Person``, or one name shared by many)."""

    @property
    def latin_key(self) -> str: ...
    @property
    def native_key(self) -> str: ...
    @property
    def tokens(self) -> frozenset[str]: ...
    @property
    def name_words(self) -> tuple[str, ...]: ...
    @property
    def letters(self) -> Counter[str]: ...
    @property
    def mask(self) -> int: ...


@dataclass(frozen=True)
class Person:
    """What matching needs to know of a contact (stored, or read from a card)."""

    id: uuid.UUID | None
    names: tuple[str | None, ...]  # family, given, native, romanized, name order
    emails: frozenset[str]
    phones: frozenset[str]
    organization_id: str | None  # hex
    latin_key: str
    native_key: str
    tokens: frozenset[str] = frozenset()

    @property
    def letters(self) -> Counter[str]:
        """How often each letter occurs in ``latin_key`` (for ``close_names``; made once)."""
        found: Counter[str] | None = self.__dict__.get("_letters")
        if found is None:
            found = Counter(self.latin_key)
            object.__setattr__(self, "_letters", found)  # a cache, not a field
        return found

    @property
    def mask(self) -> int:
        """The letters of ``latin_key`` as bits (for ``close_names``; made once)."""
        found: int | None = self.__dict__.get("_mask")
        if found is None:
            found = _letter_mask(self.latin_key)
            object.__setattr__(self, "_mask", found)
        return found

    @property
    def label(self) -> str:
        """The name as lists show it."""
        keys = ("family_name", "given_name", "native_name", "romanized_name", "name_order")
        return contact_display_name(dict(zip(keys, self.names, strict=True)))

    @classmethod
    def of(cls, record_id: uuid.UUID | None, values: dict[str, Any]) -> Person:
        """A person from contact wire values (``organization_id`` as text or UUID)."""
        org = values.get("organization_id")
        return cls.make(
            record_id,
            (
                values.get("family_name"),
                values.get("given_name"),
                values.get("native_name"),
                values.get("romanized_name"),
                values.get("name_order"),
            ),
            values.get("emails") or [],
            values.get("phones") or [],
            uuid.UUID(str(org)).hex if org else None,
        )

    @classmethod
    def make(
        cls,
        record_id: uuid.UUID | None,
        names: tuple[str | None, ...],
        emails: list[str],
        phones: list[str],
        org_hex: str | None,
    ) -> Person:
        family, given, native = names[0] or "", names[1] or "", names[2] or ""
        latin_key, tokens = _latin(family, given)
        return cls(
            record_id,
            names,
            frozenset(map(str.casefold, map(str, emails))),
            frozenset(map(str, phones)),
            org_hex,
            latin_key,
            _native(native) if native else "",
            tokens,
        )

    @property
    def name_words(self) -> tuple[str, ...]:
        """What two close names share: a folded Latin word, or the whole native name."""
        if self.native_key:
            return (*self.tokens, "\x00" + self.native_key)  # never a word of a Latin name
        return tuple(self.tokens)


@lru_cache(maxsize=65536)
def _latin(family: str, given: str) -> tuple[str, frozenset[str]]:
    """A Latin name's key (folded words, sorted) and words (names repeat: cached)."""
    words = fold(f"{family} {given}").split()
    return " ".join(sorted(words)), frozenset(words)


@lru_cache(maxsize=65536)
def _native(native: str) -> str:
    return fold(native).replace(" ", "")


def _letter_mask(key: str) -> int:
    """One bit per letter of ``key`` (letters may share a bit: ``close_names`` only needs
    the letters one key has and the other lacks to be at least the bits that differ)."""
    mask = 0
    for letter in set(key):
        mask |= 1 << (ord(letter) & 63)
    return mask


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


def close_names(a: _Named, b: _Named) -> bool:
    """The same person's name, written with or without accents, in either order (with a
    small typo allowed when a word is shared)."""
    if a.native_key and a.native_key == b.native_key:
        return True
    if not a.latin_key or not b.latin_key:
        return False
    if a.latin_key == b.latin_key:
        return True
    short, long = sorted((len(a.latin_key), len(b.latin_key)))
    if 2 * short < CLOSE_NAME * (short + long) or not a.tokens & b.tokens:
        return False  # cheap: too different in length, or no word in common
    total = len(a.latin_key) + len(b.latin_key)
    if 2.0 * short / total < CLOSE_NAME:  # SequenceMatcher.real_quick_ratio
        return False
    # each letter one key has and the other lacks is left unmatched: a bound of ratio
    # cheaper than letter counts, and most names in one organization fail it
    if (total - (a.mask ^ b.mask).bit_count()) / total < CLOSE_NAME:
        return False
    # SequenceMatcher.quick_ratio (an upper bound of ratio: letters in common), from
    # letter counts made once per person instead of once per pair
    if 2.0 * sum((a.letters & b.letters).values()) / total < CLOSE_NAME:
        return False
    return SequenceMatcher(None, a.latin_key, b.latin_key).ratio() >= CLOSE_NAME


class PeopleIndex:
    """Stored contacts indexed by e-mail, phone, and name words and native name within an
    organization, for fast matching.

    A close name in one organization shares a name word or the native name (see
    ``close_names``), so only those people are compared, not the whole organization.
    """

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self.people: dict[uuid.UUID, Person] = {}
        self._email: dict[str, list[uuid.UUID]] = {}
        self._phone: dict[str, list[uuid.UUID]] = {}
        self._org_names: dict[tuple[str, str], list[uuid.UUID]] = {}
        self._order: dict[uuid.UUID, int] = {}
        self._labels: dict[uuid.UUID, str] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person, label: str | None = None) -> None:
        """Index ``person`` (shown as ``label`` in matches, if given)."""
        assert person.id is not None
        self.people[person.id] = person
        if label is not None:
            self._labels[person.id] = label
        for email in person.emails:
            self._email.setdefault(email, []).append(person.id)
        for phone in person.phones:
            self._phone.setdefault(phone, []).append(person.id)
        self._order.setdefault(person.id, len(self._order))
        if person.organization_id is not None:
            for word in person.name_words:
                self._org_names.setdefault((person.organization_id, word), []).append(person.id)

    def matches(self, person: Person) -> list[Match]:
        """The indexed contacts ``person`` may duplicate (not itself), best first."""
        found: dict[uuid.UUID, Match] = {}
        for email in sorted(person.emails):
            for contact_id in self._email.get(email, ()):
                self._note(found, person, contact_id, f"same e-mail {email}")
        for phone in sorted(person.phones):
            for contact_id in self._phone.get(phone, ()):
                self._note(found, person, contact_id, f"same phone {phone}")
        if person.organization_id is not None:
            org, names = person.organization_id, self._org_names
            near = {i for w in person.name_words for i in names.get((org, w), ())}
            if near:
                for contact_id in sorted(near, key=self._order.__getitem__):  # oldest first
                    if close_names(person, self.people[contact_id]):
                        reason = "close name in the same organization"
                        self._note(found, person, contact_id, reason)
        if len(found) < 2:
            return list(found.values())
        return sorted(found.values(), key=lambda m: -len(m.reasons))

    def _note(
        self, found: dict[uuid.UUID, Match], person: Person, contact_id: uuid.UUID, reason: str
    ) -> None:
        if contact_id == person.id:
            return
        match = found.get(contact_id)
        if match is None:
            label = self._labels.get(contact_id) or self.people[contact_id].label
            match = found[contact_id] = Match(contact_id, label)
        if reason not in match.reasons:
            match.reasons.append(reason)


_PEOPLE = (
    "SELECT id, family_name, given_name, native_name, romanized_name, name_order, emails, "
    "phones, organization_id FROM contacts WHERE deleted_at IS NULL ORDER BY created_at, id"
)


def _list(text: str | None) -> list[str]:
    if not text or text == "[]":
        return []
    if text.startswith('["') and text.endswith('"]'):  # one plain string: most lists
        inner = text[2:-2]
        if '"' not in inner and "\\" not in inner:
            return [inner]
    return list(json.loads(text))


def _rows(profile: Profile) -> Sequence[Sequence[Any]]:
    """The ``_PEOPLE`` rows, oldest first."""
    with profile.database.connection() as conn:
        return conn.exec_driver_sql(_PEOPLE).all()


def _person(row: Sequence[Any]) -> Person:
    return Person.make(uuid.UUID(hex=row[0]), tuple(row[1:6]), _list(row[6]), _list(row[7]), row[8])


def load_people(profile: Profile) -> list[Person]:
    """Every live contact as a ``Person``, oldest first (raw SQL: 100,000 rows stay fast)."""
    return [_person(row) for row in _rows(profile)]


class _Name:
    """One distinct name as ``close_names`` compares it (shared by the people who bear it,
    so 100,000 contacts need no 100,000 ``Person`` objects to be matched)."""

    __slots__ = ("_letters", "latin_key", "mask", "name_words", "native_key", "tokens")

    def __init__(self, family: str | None, given: str | None, native: str | None) -> None:
        self.latin_key, self.tokens = _latin(family or "", given or "")
        self.native_key = _native(native) if native else ""
        words = tuple(self.tokens)
        self.name_words = (*words, "\x00" + self.native_key) if self.native_key else words
        self.mask = _letter_mask(self.latin_key)
        self._letters: Counter[str] | None = None

    @property
    def letters(self) -> Counter[str]:
        if self._letters is None:
            self._letters = Counter(self.latin_key)
        return self._letters


@dataclass
class _Keys:
    """What matching needs of each person, in lists by age (oldest first): e-mails
    (case-folded), phones, organization (hex) and name."""

    emails: Sequence[Collection[str]]
    phones: Sequence[Collection[str]]
    orgs: Sequence[str | None]
    names: Sequence[_Named]


def _values(text: str | None, fold_case: bool) -> Collection[str]:
    """A stored e-mail or phone list as ``Person.make`` keeps it (as text, e-mails
    case-folded, each once)."""
    if not text or text == "[]":
        return ()
    if text.startswith('["') and text.endswith('"]'):  # one plain string: most lists
        inner = text[2:-2]
        if '"' not in inner and "\\" not in inner:
            return (inner.casefold() if fold_case else inner,)
    items = [str(item) for item in json.loads(text)]
    return frozenset([item.casefold() for item in items] if fold_case else items)


def _keys_of_rows(rows: Sequence[Sequence[Any]]) -> _Keys:
    """The matching keys of ``_PEOPLE`` rows; each distinct name folded once."""
    known: dict[tuple[str | None, str | None, str | None], _Name] = {}
    emails: list[Collection[str]] = []
    phones: list[Collection[str]] = []
    orgs: list[str | None] = []
    names: list[_Named] = []
    for row in rows:
        written = (row[1], row[2], row[3])
        name = known.get(written)
        if name is None:
            name = known[written] = _Name(*written)
        names.append(name)
        emails.append(_values(row[6], True))
        phones.append(_values(row[7], False))
        orgs.append(row[8])
    return _Keys(emails, phones, orgs, names)


def find_duplicates(profile: Profile, *, include_dismissed: bool = False) -> list[DuplicatePair]:
    """Every pair of live contacts that look like one person (the older one first), but
    those already marked as two different people unless ``include_dismissed``.

    Only the contacts in a pair become ``Person`` objects; the others are matched by
    their keys alone."""
    dismissed = set() if include_dismissed else dismissed_pairs(profile)
    rows = _rows(profile)
    made: dict[int, Person] = {}

    def person(index: int) -> Person:
        found = made.get(index)
        if found is None:
            found = made[index] = _person(rows[index])
        return found

    return _pairs(_pair_indices(_keys_of_rows(rows)), person, dismissed)


def pairs_among(
    people: Iterable[Person], dismissed: AbstractSet[frozenset[uuid.UUID]] = frozenset()
) -> list[DuplicatePair]:
    """The duplicate pairs among ``people`` (oldest first), but the ``dismissed`` ones.

    Each person is matched against the older ones as ``PeopleIndex.matches`` would (the
    same reasons, in the same order), but only the people who share an e-mail, a phone or
    a name word in an organization with someone older are looked at.
    """
    everyone = list(people)
    keys = _Keys(
        [p.emails for p in everyone],
        [p.phones for p in everyone],
        [p.organization_id for p in everyone],
        everyone,
    )
    return _pairs(_pair_indices(keys), everyone.__getitem__, dismissed)


def _pairs(
    found: Iterable[tuple[int, int, list[str]]],
    person: Callable[[int], Person],
    dismissed: AbstractSet[frozenset[uuid.UUID]],
) -> list[DuplicatePair]:
    pairs: list[DuplicatePair] = []
    for older, newer, reasons in found:
        keep, other = person(older), person(newer)
        if keep.id == other.id:
            continue
        if not dismissed or frozenset((keep.id, other.id)) not in dismissed:
            pairs.append(DuplicatePair(keep, other, reasons))
    return pairs


def _pair_indices(keys: _Keys) -> list[tuple[int, int, list[str]]]:
    """``(older, newer, reasons)`` for every likely pair among ``keys`` (oldest first):
    for each newer person in turn, its older matches with the most reasons first."""
    email, phone = _shared(enumerate(keys.emails)), _shared(enumerate(keys.phones))
    close = _close_in_organizations(keys.orgs, keys.names)
    later = set(close)
    for groups in (email, phone):
        for group in groups.values():
            later.update(group[1:])
    found: list[tuple[int, int, list[str]]] = []
    for newer in sorted(later):
        matches = _older_matches(keys, newer, email, phone, close.get(newer, ()))
        for older, reasons in sorted(matches.items(), key=lambda item: -len(item[1])):
            found.append((older, newer, reasons))
    return found


def _shared(values: Iterable[tuple[int, Iterable[str]]]) -> dict[str, list[int]]:
    """The values more than one person has, each with its people in order (``values``:
    each person's index, in order, with its values)."""
    first: dict[str, int] = {}
    groups: dict[str, list[int]] = {}
    settle = first.setdefault
    for index, mine in values:
        for value in mine:
            earlier = settle(value, index)
            if earlier != index:
                group = groups.get(value)
                if group is None:
                    groups[value] = [earlier, index]
                else:
                    group.append(index)
    return groups


def _close_in_organizations(
    orgs: Sequence[str | None], names: Sequence[_Named]
) -> dict[int, list[int]]:
    """For each person, the older people of their organization with a close name, oldest
    first. Blocking: only people who share a name word or the native name are compared
    (a close name always shares one: ``close_names``), organization by organization."""
    members: dict[str, list[int]] = {}
    for index, org in enumerate(orgs):
        if org is not None:
            group = members.get(org)
            if group is None:
                members[org] = [index]
            else:
                group.append(index)
    close: dict[int, list[int]] = {}
    for group in members.values():
        if len(group) < 2:
            continue
        words = _shared((index, names[index].name_words) for index in group)
        if not words:
            continue
        for newer in {index for people in words.values() for index in people[1:]}:
            name, near = names[newer], set()
            for word in name.name_words:
                for older in words.get(word, ()):
                    if older >= newer:
                        break
                    near.add(older)
            matched = [older for older in sorted(near) if close_names(name, names[older])]
            if matched:
                close[newer] = matched
    return close


def _older_matches(
    keys: _Keys,
    newer: int,
    email: dict[str, list[int]],
    phone: dict[str, list[int]],
    close: Iterable[int],
) -> dict[int, list[str]]:
    """The older people ``newer`` may duplicate, with the reasons, in order (``close``:
    the older people of its organization with a close name)."""
    found: dict[int, list[str]] = {}

    def note(older: int, reason: str) -> None:
        reasons = found.setdefault(older, [])
        if reason not in reasons:
            reasons.append(reason)

    mine = (("e-mail", keys.emails[newer], email), ("phone", keys.phones[newer], phone))
    for kind, values, groups in mine:
        for value in sorted(values):
            for older in groups.get(value, ()):
                if older >= newer:
                    break
                note(older, f"same {kind} {value}")
    for older in close:
        note(older, "close name in the same organization")
    return found


def dismissed_pairs(profile: Profile) -> set[frozenset[uuid.UUID]]:
    """The pairs marked "not the same person" on this laptop."""
    text = profile.settings().get(DISMISSED_KEY)
    try:
        stored = json.loads(text) if text else []
        return {frozenset(uuid.UUID(i) for i in pair) for pair in stored if len(pair) == 2}
    except (ValueError, TypeError, AttributeError):  # damaged: nothing is hidden
        return set()


def dismiss_pair(profile: Profile, first: uuid.UUID | str, second: uuid.UUID | str) -> None:
    """Remember that ``first`` and ``second`` are two different people: they are no longer
    offered as duplicates (on this laptop; a colleague decides on theirs)."""
    from smartgrowth_desktop.services.records import RecordService

    records = RecordService(profile)
    ids = tuple(records.get("contact", i).id for i in (first, second))  # each must exist
    if ids[0] == ids[1]:
        raise ValidationError("contacts", "a contact cannot be a duplicate of itself")
    pairs = dismissed_pairs(profile) | {frozenset(ids)}
    stored = sorted(sorted(str(i) for i in pair) for pair in pairs)
    with profile.database.connection(immediate=True) as conn:
        write_state(conn, {DISMISSED_KEY: json.dumps(stored)})
