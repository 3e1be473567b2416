"""One declaration of every record kind: its fields, their types and how they merge.

The writer, the merge, the interchange format and the search index all read this table,
so a field added here is captured, synced, exported and validated everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core.labels import LEAD_STAGES as LEAD_STAGES

if TYPE_CHECKING:
    from smartgrowth_desktop.core.models import Record

Policy = Literal["register", "set", "max", "min"]

ORGANIZATION_KINDS = (
    "sme",
    "municipality",
    "company",
    "agency",
    "investor",
    "university",
    "other",
)
NAME_ORDERS = ("family_first", "given_first")
LEAD_KINDS = ("pilot", "sales")
CURRENCIES = ("EUR", "SEK", "VND", "CNY", "USD")
ATTACHMENT_ROLES = ("photo", "business_card", "file")


@dataclass(frozen=True)
class Field:
    """One field of a record kind."""

    name: str
    type: ft.FieldType
    required: bool = False
    policy: Policy = "register"


@dataclass(frozen=True)
class Kind:
    """A record kind: its name, model, fields and the interchange array it lives in."""

    name: str
    plural: str
    fields: tuple[Field, ...]
    parent: tuple[str, ...] = ()  # for nested kinds: the reference fields to a parent
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})

    @property
    def model(self) -> type[Record]:
        # on use: the table of kinds is read before SQLAlchemy is loaded (the CLI's parser)
        from smartgrowth_desktop.core.models import RECORD_MODELS

        return RECORD_MODELS[self.name]


def _ref(kind: str) -> ft.Reference:
    return ft.Reference(kind=kind)


def _set(element: ft.FieldType) -> ft.Collection:
    return ft.Collection(element=element)


class _PhoneSet(ft.Collection):
    def key_of(self, item: ft.Wire) -> str:
        return str(item)


class _IdSet(ft.Collection):
    def key_of(self, item: ft.Wire) -> str:
        return str(item)


def _ids(kind: str) -> ft.Collection:
    return _IdSet(element=_ref(kind), max_items=5000)


SHORT_LIST = _set(ft.FieldType(max_length=120))

TIMESTAMPS = (
    Field("created_at", ft.Moment(), policy="min"),
    Field("updated_at", ft.Moment(), policy="max"),
    Field("deleted_at", ft.Moment()),
    Field("extra", ft.Mapping()),
)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "market",
            "markets",
            (
                Field("name", ft.NAME, required=True),
                Field("country", ft.Country(), required=True),
                Field("region", ft.NAME),
                Field("time_zone", ft.TimeZone(), required=True),
                Field("focus_areas", SHORT_LIST, policy="set"),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "organization",
            "organizations",
            (
                Field("name", ft.NAME, required=True),
                Field("native_name", ft.NAME),
                Field("kind", ft.Choice(choices=ORGANIZATION_KINDS), required=True),
                Field("country", ft.Country()),
                Field("market_id", _ref("market")),
                Field("website", ft.FieldType(max_length=2000)),
                Field("description", ft.LONG_TEXT),
                Field("solution_areas", SHORT_LIST, policy="set"),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "contact",
            "contacts",
            (
                Field("family_name", ft.NAME),
                Field("given_name", ft.NAME),
                Field("native_name", ft.NAME),
                Field("romanized_name", ft.NAME),
                Field("name_order", ft.Choice(choices=NAME_ORDERS)),
                Field("title", ft.NAME),
                Field("organization_id", _ref("organization")),
                Field("emails", _set(ft.Email()), policy="set"),
                Field("phones", _PhoneSet(element=ft.Phone()), policy="set"),
                Field("wechat", ft.NAME),
                Field("zalo", ft.NAME),
                Field("linkedin", ft.FieldType(max_length=2000)),
                Field("languages", SHORT_LIST, policy="set"),
                Field("notes", ft.LONG_TEXT),
                Field("tags", SHORT_LIST, policy="set"),
                Field("source", ft.TEXT),
                Field("legal_basis", ft.TEXT),
                Field("review_by", ft.Day()),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "mission",
            "missions",
            (
                Field("name", ft.NAME, required=True),
                Field("market_ids", _ids("market"), policy="set"),
                Field("start_date", ft.Day()),
                Field("end_date", ft.Day()),
                Field("sme_ids", _ids("organization"), policy="set"),
                Field("delegates", SHORT_LIST, policy="set"),
                Field("notes", ft.LONG_TEXT),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "meeting",
            "meetings",
            (
                Field("mission_id", _ref("mission")),
                Field("title", ft.NAME, required=True),
                Field("starts_at", ft.Moment()),
                Field("ends_at", ft.Moment()),
                Field("time_zone", ft.TimeZone()),
                Field("location", ft.TEXT),
                Field("attendee_ids", _ids("contact"), policy="set"),
                Field("organization_ids", _ids("organization"), policy="set"),
                Field("sme_ids", _ids("organization"), policy="set"),
                Field("agenda", ft.LONG_TEXT),
                Field("notes", ft.LONG_TEXT),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "lead",
            "leads",
            (
                Field("title", ft.NAME, required=True),
                Field("kind", ft.Choice(choices=LEAD_KINDS), required=True),
                Field("sme_id", _ref("organization")),
                Field("organization_id", _ref("organization")),
                Field("mission_id", _ref("mission")),
                Field("stage", ft.Choice(choices=LEAD_STAGES), required=True),
                Field("value", ft.Money()),
                Field("currency", ft.Choice(choices=CURRENCIES)),
                Field("probability", ft.Integer(minimum=0, maximum=100)),
                Field("next_step", ft.TEXT),
                Field("notes", ft.LONG_TEXT),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "follow_up",
            "follow_ups",
            (
                Field("text", ft.FieldType(max_length=5000), required=True),
                Field("owner", ft.NAME),
                Field("due_date", ft.Day()),
                Field("done", ft.Boolean()),
                Field("meeting_id", _ref("meeting")),
                Field("lead_id", _ref("lead")),
                *TIMESTAMPS,
            ),
            parent=("meeting_id", "lead_id"),
        ),
        Kind(
            "stage_change",
            "stage_history",
            (
                Field("lead_id", _ref("lead"), required=True),
                Field("stage", ft.Choice(choices=LEAD_STAGES), required=True),
                Field("changed_at", ft.Moment(), required=True),
                Field("note", ft.TEXT),
                *TIMESTAMPS,
            ),
            parent=("lead_id",),
        ),
        Kind(
            "attachment",
            "attachments",
            (
                Field("content_hash", ft.FieldType(max_length=64), required=True),
                Field("file_name", ft.NAME, required=True),
                Field("media_type", ft.FieldType(max_length=200)),
                Field("size", ft.Integer(minimum=0, maximum=2**40)),
                Field(
                    "owner_kind",
                    ft.Choice(choices=("contact", "organization", "meeting", "lead", "mission")),
                    required=True,
                ),
                Field("owner_id", ft.Reference(kind="record"), required=True),
                Field("role", ft.Choice(choices=ATTACHMENT_ROLES)),
                *TIMESTAMPS,
            ),
        ),
    )
}

#: Kinds in an order where every reference points to an earlier kind.
KIND_ORDER = tuple(KINDS)
BOOKKEEPING = frozenset({"created_at", "updated_at", "deleted_at"})


def kind(name: str) -> Kind:
    """The kind called ``name``; raises ``KeyError`` with the known kinds listed."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown record kind {name!r} (known: {', '.join(KINDS)})") from None
