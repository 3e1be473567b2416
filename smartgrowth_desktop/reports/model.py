"""What a briefing pack shows, as plain data: the services fill these, the reports print them.

Optional fields are None (or empty) when unknown; the reports leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

DEFAULT_HOME_TZ = "Europe/Stockholm"
CONFIDENTIAL = (
    "Confidential: personal data of business contacts (GDPR). For the delegation only; "
    "do not forward, and shred after the mission."
)


@dataclass(frozen=True)
class PackImage:
    """An image to print (a contact's photo); ``data`` None when its file is missing."""

    label: str
    file_name: str
    data: bytes | None


@dataclass(frozen=True)
class PackMarket:
    name: str
    country: str | None = None
    region: str | None = None
    time_zone: str | None = None
    focus_areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackOrganization:
    id: str
    name: str
    native_name: str | None = None
    kind: str | None = None
    country: str | None = None
    market: str | None = None
    website: str | None = None
    description: str | None = None
    solution_areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardLine:
    """One field a contact card shows, ready to print: which field, where on the card
    (``place``: see ``CardPlace`` in core/schema.py), its label and its texts."""

    field: str
    place: str
    label: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class PackContact:
    """A person; ``name`` in native script, ``romanized`` beside it when it differs.

    ``lines`` are what the card shows under the name (the fields core/schema.py puts on
    it); the other fields make the card's vCard QR code.
    """

    id: str
    name: str
    romanized: str | None = None
    family_name: str | None = None
    given_name: str | None = None
    title: str | None = None
    organization: str | None = None
    organization_native: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    wechat: str | None = None
    zalo: str | None = None
    linkedin: str | None = None
    lines: tuple[CardLine, ...] = ()
    photo: PackImage | None = None
    on_our_side: bool = False


@dataclass(frozen=True)
class PackLead:
    title: str
    stage: str
    kind: str | None = None
    sme: str | None = None
    organization: str | None = None
    value: str | None = None
    currency: str | None = None
    probability: int | None = None
    next_step: str | None = None
    #: the value in the reporting currency, or why there is none ("no SEK→VND rate")
    converted: Decimal | None = None
    converted_currency: str | None = None
    conversion_problem: str = ""


@dataclass(frozen=True)
class PackFollowUp:
    text: str
    owner: str | None = None
    due_date: date | None = None


@dataclass(frozen=True)
class EarlierNote:
    """The notes of an earlier meeting with the same people or organizations."""

    title: str
    notes: str
    starts_at: datetime | None = None
    time_zone: str = "UTC"


@dataclass(frozen=True)
class PackMeeting:
    """One meeting and everything its brief shows; ``time_zone`` is the local one."""

    id: str
    title: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str = "UTC"
    location: str | None = None
    counterparts: tuple[PackOrganization, ...] = ()
    attendees: tuple[PackContact, ...] = ()
    smes: tuple[PackOrganization, ...] = ()
    agenda: str | None = None
    notes: str | None = None
    earlier: tuple[EarlierNote, ...] = ()
    leads: tuple[PackLead, ...] = ()
    follow_ups: tuple[PackFollowUp, ...] = ()
    clashes: tuple[str, ...] = ()  # double bookings, said ("Overlaps “…” (…): Karin")


@dataclass(frozen=True)
class PackMission:
    """A mission with its meetings (in time order), contact sheet and lead pipeline."""

    id: str
    name: str
    start_date: date | None = None
    end_date: date | None = None
    markets: tuple[PackMarket, ...] = ()
    delegates: tuple[str, ...] = ()
    smes: tuple[PackOrganization, ...] = ()
    notes: str | None = None
    meetings: tuple[PackMeeting, ...] = ()
    contacts: tuple[PackContact, ...] = ()
    leads: tuple[PackLead, ...] = ()


@dataclass(frozen=True)
class PackOptions:
    """How to print: paper, the delegates' home time zone, who and when."""

    page_size: str = "A4"
    home_tz: str = DEFAULT_HOME_TZ
    author: str | None = None
    generated_at: datetime | None = None
    confidentiality: str = CONFIDENTIAL
    #: how lead values were converted: the currency and each rate with its date and source
    rates_note: str = ""


@dataclass(frozen=True)
class Rendered:
    """A finished PDF in memory, its page count and what the reader should know."""

    pdf: bytes
    pages: int
    warnings: tuple[str, ...] = field(default=())
