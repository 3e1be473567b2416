"""What a card photo was read as: a proposed contact card, every field with its source.

These names are a public, stable API (the review screen and the CLI build on them):

- ``ProposedField(value, source_text, uncertain)``: one proposed value ("" when the card
  showed nothing for it), the OCR text it was read from, and whether the person should
  look twice (a guessed country, a name not in the list, a shaky OCR line...).
- ``ProposedPhone``: a ``ProposedField`` whose ``value`` is E.164 (``+84905888777``) or,
  when the country could not be decided, the stored "as written" form (``~0905 888 777``,
  see ``core/phones.py``), plus its ``kind``: one of ``PHONE_KINDS``.
- ``CardProposal``: the whole card (fields below), the photo's path, the raw OCR text,
  the Tesseract languages used and the warnings. ``to_json()`` for the CLI.

Field names follow the contact record: ``family_name``, ``given_name``, ``native_name``
(Hanzi, or the Vietnamese name with its diacritics), ``romanized_name`` (pinyin),
``title`` / ``native_title``, ``organization`` / ``native_organization`` (Latin and
native-script forms of the same thing when the card is bilingual), ``emails``, ``phones``,
``websites``, ``wechat``, ``zalo``, ``address``; ``country`` is an ISO 3166 code guessed
from the card (phone prefixes, address, script), used to read national phone numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: the kinds a phone label on a card maps to (ĐT/Tel → phone, DĐ/Mobile/手机 → mobile...)
PHONE_KINDS = ("phone", "mobile", "fax", "office", "home")


@dataclass
class ProposedField:
    """One proposed value, the OCR text it came from, and whether it is uncertain."""

    value: str = ""
    source_text: str = ""
    uncertain: bool = False

    def __bool__(self) -> bool:
        return bool(self.value)

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "source_text": self.source_text, "uncertain": self.uncertain}


@dataclass
class ProposedPhone(ProposedField):
    """A phone number (E.164 or kept as written) and its kind from the card's label."""

    kind: str = "phone"

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "kind": self.kind}


#: the single-valued text fields of a proposal, in the order a card shows them
TEXT_FIELDS = (
    "native_name",
    "family_name",
    "given_name",
    "romanized_name",
    "title",
    "native_title",
    "organization",
    "native_organization",
    "wechat",
    "zalo",
    "address",
)
LIST_FIELDS = ("phones", "emails", "websites")


@dataclass
class CardProposal:
    """A contact card proposed from one photo; nothing is stored until it is saved."""

    photo: Path
    native_name: ProposedField = field(default_factory=ProposedField)
    family_name: ProposedField = field(default_factory=ProposedField)
    given_name: ProposedField = field(default_factory=ProposedField)
    romanized_name: ProposedField = field(default_factory=ProposedField)
    title: ProposedField = field(default_factory=ProposedField)
    native_title: ProposedField = field(default_factory=ProposedField)
    organization: ProposedField = field(default_factory=ProposedField)
    native_organization: ProposedField = field(default_factory=ProposedField)
    phones: list[ProposedPhone] = field(default_factory=list)
    emails: list[ProposedField] = field(default_factory=list)
    websites: list[ProposedField] = field(default_factory=list)
    wechat: ProposedField = field(default_factory=ProposedField)
    zalo: ProposedField = field(default_factory=ProposedField)
    address: ProposedField = field(default_factory=ProposedField)
    country: str | None = None
    ocr_text: str = ""
    languages: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The name as a list shows it (native first), or the photo's file name."""
        latin = " ".join(v for v in (self.family_name.value, self.given_name.value) if v)
        return self.native_name.value or latin or self.photo.name

    @property
    def is_empty(self) -> bool:
        """True when no name, organization, e-mail or phone was read."""
        names = (self.native_name, self.family_name, self.given_name, self.organization)
        return not any(names) and not self.native_organization and not (self.emails or self.phones)

    def uncertain_fields(self) -> list[str]:
        """The names of the fields (``phones[0]``...) marked uncertain."""
        found = [name for name in TEXT_FIELDS if getattr(self, name).uncertain]
        for name in LIST_FIELDS:
            values: list[ProposedField] = getattr(self, name)
            found.extend(f"{name}[{i}]" for i, v in enumerate(values) if v.uncertain)
        return found

    def to_json(self) -> dict[str, Any]:
        """Every field with its source, for ``import-cards --json``."""
        result: dict[str, Any] = {"photo": str(self.photo)}
        for name in TEXT_FIELDS:
            result[name] = getattr(self, name).to_json()
        for name in LIST_FIELDS:
            result[name] = [v.to_json() for v in getattr(self, name)]
        result.update(
            country=self.country,
            languages=list(self.languages),
            ocr_text=self.ocr_text,
            warnings=list(self.warnings),
        )
        return result
