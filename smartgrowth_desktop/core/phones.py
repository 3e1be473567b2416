"""Phone numbers as stored, and how a number written on a card or in a sheet is read.

A contact's ``phones`` holds each number in one of two forms, never confused (E.164
starts with ``+``, the other with ``~``):

- read: E.164, ``+84905888777``, with an extension ``+84905888777;ext=12``;
- kept as written: ``~`` then the text as it was given (runs of white space made one
  space), ``~0905 888 777``, when its country could not be decided. The contact card
  marks it; typing it with its country code (or choosing its country) fixes it.

``read_phone`` reads one text with hints of its country, strongest first (the card's own
address or international numbers, its organization, its language, the user's mission).
A national number is read in the country of the strongest hints in which it is a valid
number (``phonenumbers.is_valid_number``), when exactly one such country fits; otherwise
it is kept as written, with the reason. A text with digits is never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.regions import country_adjective, country_name

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

AS_WRITTEN = "~"
MAX_WRITTEN = 100  # characters of a number kept as written; longer text goes to the notes
AS_WRITTEN_NOTE = "(as written, country unknown)"

INTERNATIONAL, READ, KEPT, TO_NOTES, NO_DIGITS = (
    "international", "read", "as_written", "to_notes", "no_digits",
)  # fmt: skip

_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_EXTENSION = re.compile(r"(?:;\s*ext\s*=|\s*(?:ext\.?|extension|x|#))\s*(\d{1,10})\s*$", re.I)
_NUMBER = re.compile(r"[+\uff0b]?[\d\s().\-/\u00a0\u2010-\u2015\u2212\uff08\uff09\uff0d]+")


# -- the stored forms ---------------------------------------------------------------------


def is_as_written(wire: Any) -> bool:
    """True for a number kept as written (``~…``)."""
    return isinstance(wire, str) and wire.startswith(AS_WRITTEN)


def written_text(wire: Any) -> str | None:
    """The text of a number kept as written; None for a read (E.164) number."""
    return wire[len(AS_WRITTEN) :] if is_as_written(wire) else None


def tidy(text: str) -> str:
    """A phone text trimmed, with each run of white space one space."""
    return _SPACES.sub(" ", text).strip()


def as_written(text: str) -> str:
    """The stored form of ``text`` kept as written."""
    return AS_WRITTEN + tidy(text)


def check_as_written(value: str, path: str) -> str:
    """The canonical stored form of a ``~…`` value; ``ValidationError`` if it is no number."""
    text = tidy(value.strip()[len(AS_WRITTEN) :])
    if not _DIGIT.search(text):
        raise ValidationError(path, f"{value!r}: a number kept as written needs digits")
    if len(text) > MAX_WRITTEN:
        raise ValidationError(path, f"a number kept as written is at most {MAX_WRITTEN} long")
    return AS_WRITTEN + text


def to_wire(number: PhoneNumber) -> str:
    """E.164, with ``;ext=`` and the extension if the number has one."""
    import phonenumbers

    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164};ext={number.extension}" if number.extension else e164


def shown(wire: Any, note: bool = False) -> str:
    """How people read a stored number: "+84 905 888 777"; the text of one kept as
    written (with ``AS_WRITTEN_NOTE`` after it when ``note``)."""
    import phonenumbers

    text = written_text(wire)
    if text is not None:
        return f"{text} {AS_WRITTEN_NOTE}" if note else text
    try:
        number = phonenumbers.parse(str(wire), None)
    except phonenumbers.NumberParseException:
        return str(wire)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def sort_key(wire: Any) -> str | None:
    """E.164 as it is; a number kept as written after every read one, by its digits."""
    if not isinstance(wire, str) or not wire:
        return None
    text = written_text(wire)
    return wire if text is None else AS_WRITTEN + "".join(_DIGIT.findall(text))


# -- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hint:
    """A country a number may be read in, and what says so.

    ``source`` is short: "address", "organization", "language", … for what the card or
    row itself says (``own``), or "mission “Hebei 2026”" for the user's mission.
    ``strength`` orders hints: 0 is the strongest.
    """

    region: str
    source: str
    strength: int
    own: bool = True


@dataclass(frozen=True)
class Reading:
    """What became of one phone text."""

    text: str
    wire: str | None  # what is stored (None: nothing, see ``outcome``)
    outcome: str  # INTERNATIONAL, READ, KEPT, TO_NOTES or NO_DIGITS
    region: str | None = None
    hint: Hint | None = None
    reason: str | None = None

    def note(self) -> str | None:
        """A line for the card's or row's notes, when the text was not simply read."""
        if self.outcome == KEPT:
            return f"phone {self.text!r} kept as written: {self.reason}"
        if self.outcome == TO_NOTES:
            return f"phone text longer than {MAX_WRITTEN} characters: kept in the notes"
        if self.outcome == NO_DIGITS:
            return f"phone {self.text[:60]!r} has no digits: not kept"
        return None

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"text": self.text, "stored": self.wire, "how": self.outcome}
        if self.region:
            found["country"] = self.region
        if self.hint is not None:
            found["from"] = self.hint.source
        if self.reason:
            found["reason"] = self.reason
        return found


def _parse(text: str, region: str | None) -> PhoneNumber | None:
    import phonenumbers

    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _whole(text: str, number: PhoneNumber) -> bool:
    """Every digit of ``text`` is in ``number`` (or a national or international prefix)."""
    import phonenumbers

    digits = "".join(str(int(d)) for d in _DIGIT.findall(text))
    core = phonenumbers.national_significant_number(number) + (number.extension or "")
    if not digits.endswith(core):
        return False
    code = str(number.country_code)
    region = phonenumbers.region_code_for_number(number)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region or "", None)
    national = (metadata.national_prefix or "") if metadata is not None else ""
    prefixes = {"", national, code, code + national, "00" + code, "011" + code}
    prefixes.add("00" + code + national)
    return digits[: len(digits) - len(core)] in prefixes


def _valid(text: str, number: PhoneNumber) -> bool:
    import phonenumbers

    return phonenumbers.is_valid_number(number) and _whole(text, number)


def _plain(text: str) -> bool:
    """Only a number (and an extension): no words, no second line."""
    body = _EXTENSION.sub("", text)
    return bool(_NUMBER.fullmatch(body))


def _countries(regions: Iterable[str]) -> str:
    names = [country_name(r) for r in dict.fromkeys(regions)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def read_phone(text: str, hints: Sequence[Hint] = ()) -> Reading:
    """Read one phone text; see the module's doc."""
    import phonenumbers

    text = tidy(text)
    if not _DIGIT.search(text):
        return Reading(text, None, NO_DIGITS)
    if is_as_written(text):
        text = tidy(text[len(AS_WRITTEN) :])
        if len(text) > MAX_WRITTEN:
            return Reading(text, None, TO_NOTES)
        return Reading(text, as_written(text), KEPT, reason="so marked in the file")
    if len(text) > MAX_WRITTEN:
        return Reading(text, None, TO_NOTES)
    if not _plain(text):
        return Reading(text, as_written(text), KEPT, reason="words or two numbers in it")
    if text[0] in "+\uff0b":
        number = _parse(text, None)
        if number is None or not phonenumbers.is_possible_number(number):
            return Reading(text, as_written(text), KEPT, reason="not a complete number")
        if not _whole(text, number):
            return Reading(text, as_written(text), KEPT, reason="words or two numbers in it")
        return Reading(text, to_wire(number), INTERNATIONAL, _region(number))
    ordered = sorted(hints, key=lambda h: h.strength)
    for _strength, group in groupby(ordered, key=lambda h: h.strength):
        fits: dict[str, tuple[Hint, PhoneNumber]] = {}
        for hint in _one_per_region(group):
            number = _parse(text, hint.region)
            if number is not None and _valid(text, number):
                fits.setdefault(to_wire(number), (hint, number))
        if len(fits) == 1:
            wire, (hint, number) = next(iter(fits.items()))
            outcome = INTERNATIONAL if hint.region != _region(number) else READ
            return Reading(text, wire, outcome, _region(number), hint)
        if fits:
            where = _countries(_region(n) or "" for _h, n in fits.values())
            return Reading(text, as_written(text), KEPT, reason=f"could be in {where}")
    if text.startswith("00"):
        number = _parse("+" + text[2:], None)
        if number is not None and _valid(text, number):
            return Reading(text, to_wire(number), INTERNATIONAL, _region(number))
    if len(_DIGIT.findall(text)) > 15:
        return Reading(text, as_written(text), KEPT, reason="more digits than one number has")
    if not hints:
        return Reading(text, as_written(text), KEPT, reason="country unknown")
    where = _countries(h.region for h in ordered)
    return Reading(text, as_written(text), KEPT, reason=f"not a valid number in {where}")


def _one_per_region(hints: Iterable[Hint]) -> list[Hint]:
    found: dict[str, Hint] = {}
    for hint in hints:
        found.setdefault(hint.region, hint)
    return list(found.values())


def _region(number: PhoneNumber) -> str | None:
    import phonenumbers

    region = phonenumbers.region_code_for_number(number)
    return region if region and region != "ZZ" else None


# -- what an import did with its numbers ---------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _as_country(region: str) -> str:
    import phonenumbers

    code = phonenumbers.country_code_for_region(region)
    adjective = country_adjective(region)
    where = adjective if adjective else f"numbers of {country_name(region)}"
    return f"{where} (+{code})" if code else where


@dataclass
class PhoneTally:
    """How many phone texts were read, how, and from what (for a preview's summary).

    ``noun`` is what holds the numbers: "card" (vCard) or "row" (spreadsheet).
    """

    noun: str = "card"
    read: dict[str, Counter[tuple[str, bool]]] = field(default_factory=dict)
    outcomes: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, readings: Iterable[Reading]) -> None:
        for reading in readings:
            self.outcomes[reading.outcome] += 1
            if reading.outcome == READ and reading.region and reading.hint is not None:
                sources = self.read.setdefault(reading.region, Counter())
                sources[(reading.hint.source, reading.hint.own)] += 1
            elif reading.outcome == KEPT:
                self.reasons[reading.reason or "country unknown"] += 1

    def _origin(self, sources: Counter[tuple[str, bool]]) -> str:
        ranked = [key for key, _n in sources.most_common()]
        own = [source for source, is_own in ranked if is_own]
        others = [f"your {source}" for source, is_own in ranked if not is_own]
        parts = [f"the {self.noun}'s {'/'.join(own)}"] if own else []
        return " and ".join(parts + others)

    def lines(self) -> list[str]:
        """ "2 phone numbers read as Vietnamese (+84) from the card's address/language", …"""
        found = []
        ranked = sorted(self.read.items(), key=lambda item: -sum(item[1].values()))
        for region, sources in ranked:
            count = sum(sources.values())
            found.append(
                f"{_plural(count, 'phone number')} read as {_as_country(region)} "
                f"from {self._origin(sources)}"
            )
        if self.outcomes[INTERNATIONAL]:
            found.append(f"{_plural(self.outcomes[INTERNATIONAL], 'phone number')} international")
        for reason, count in self.reasons.most_common():
            found.append(f"{count} kept as written: {reason}")
        if self.outcomes[TO_NOTES]:
            found.append(f"{self.outcomes[TO_NOTES]} too long for a phone: kept in the notes")
        if self.outcomes[NO_DIGITS]:
            found.append(f"{self.outcomes[NO_DIGITS]} without digits: not kept")
        return found

    def __str__(self) -> str:
        return "; ".join(self.lines())

    def to_json(self) -> dict[str, Any]:
        return {
            "international": self.outcomes[INTERNATIONAL],
            "read": [
                {
                    "country": region,
                    "count": sum(sources.values()),
                    "from": sorted({source for source, _own in sources}),
                }
                for region, sources in sorted(self.read.items())
            ],
            "as_written": dict(self.reasons),
            "to_notes": self.outcomes[TO_NOTES],
            "not_kept": self.outcomes[NO_DIGITS],
            "summary": self.lines(),
        }
