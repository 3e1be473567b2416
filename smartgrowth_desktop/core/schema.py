"""One declaration of every record kind: its fields, their types and how they merge.

The writer, the merge, the interchange format and the search index all read this table,
and so do the faces: a field's label is the one the window's forms, the spreadsheet
import and the briefing packs show; its vCard property and spreadsheet headers are the
ones the contact exchange reads and writes. A field added here is captured, synced,
exported, validated, searched, edited and exchanged everywhere (its column goes in
``core/models.py`` and a migration; ``tests/test_schema_models.py`` checks the three agree).

Standard library only (besides ``fieldtypes``): the CLI's parser and the window's start-up
read it before anything heavy is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core.labels import LEAD_STAGES as LEAD_STAGES
from smartgrowth_desktop.core.labels import RECORD_KINDS

if TYPE_CHECKING:
    from smartgrowth_desktop.core.models import Record

Policy = Literal["register", "set", "max", "min"]
#: how the search index reads a field: as a "name" (the index's title, with pinyin for
#: Chinese, ranked ten times a body word: see core/search.py) or as "text" (the body)
Search = Literal["name", "text"]
#: where a contact card of the briefing pack shows a field (reports/cards.py): "role"
#: and "reach" lines of values, "handle" ("WeChat liwei", several on one line), "aside"
#: (small print, "Languages: vi, en")
CardPlace = Literal["role", "reach", "handle", "aside"]

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


def _humanized(name: str) -> str:
    """A field's label from its name: "due_date" → "Due date", "market_ids" → "Markets"."""
    if name.endswith("_ids"):
        name = name.removesuffix("_ids") + "s"
    return name.removesuffix("_id").replace("_", " ").capitalize()


@dataclass(frozen=True)
class Field:
    """One field of a record kind, with everything the app says and does about it.

    ``label``: how the window, the spreadsheet import and the packs name it (by default
    from its name). ``search``: how the search index reads it (``Search``; None: not
    searched). ``vcard``: the vCard property that carries a contact's field. ``headers``:
    the spreadsheet column names that hold it, comma separated, in the programme's
    languages (case and accents do not matter; the field's own name is one too); a field
    without them is not imported from spreadsheets. ``card``: where a contact card in a
    briefing pack shows it (``CardPlace``; None: not on the card).
    """

    name: str
    type: ft.FieldType
    required: bool = False
    policy: Policy = "register"
    label: str = ""
    search: Search | None = None
    vcard: str = ""
    headers: str = ""
    card: CardPlace | None = None

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", _humanized(self.name))


@dataclass(frozen=True)
class Kind:
    """A record kind: its name, model, fields and the interchange array it lives in."""

    name: str
    plural: str
    fields: tuple[Field, ...]
    parent: tuple[str, ...] = ()  # for nested kinds: the reference fields to a parent
    table: str = ""  # its SQL table (the model's), when not ``plural``
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "table", self.table or self.plural)

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

#: a column holding an organization's name, as spreadsheets head it
ORGANIZATION_HEADERS = (
    "organization, organisation, company, company name, organization name, business, "
    "employer, företag, företagsnamn, yritys, yrityksen nimi, organisaatio, ettevõte, "
    "ettevõtte nimi, organisatsioon, asutus, công ty, tên công ty, doanh nghiệp, tổ chức, "
    "đơn vị, 公司, 单位, 企业"
)
#: the prefix of our own vCard properties: exact values, for a lossless round trip
OWN_VCARD = "X-SMARTGROWTH-"

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "market",
            "markets",
            (
                Field("name", ft.NAME, required=True, search="name"),
                Field("country", ft.Country(), required=True, search="text"),
                Field("region", ft.NAME, label="City or region", search="name"),
                Field("time_zone", ft.TimeZone(), required=True, search="text"),
                Field(
                    "focus_areas",
                    SHORT_LIST,
                    policy="set",
                    label="Master-plan focus",
                    search="text",
                ),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "organization",
            "organizations",
            (
                Field(
                    "name",
                    ft.NAME,
                    required=True,
                    search="name",
                    headers="name, namn, nimi, nimetus, tên, " + ORGANIZATION_HEADERS,
                ),
                Field(
                    "native_name",
                    ft.NAME,
                    search="name",
                    headers="native name, local name, tên tiếng việt, 中文名, 名称",
                ),
                Field(
                    "kind",
                    ft.Choice(choices=ORGANIZATION_KINDS),
                    required=True,
                    search="text",
                    headers="kind, type, category, typ, tyyppi, tüüp, loại",
                ),
                Field(
                    "country",
                    ft.Country(),
                    headers="country, country code, land, maa, riik, quốc gia, 国家",
                ),
                Field("market_id", _ref("market")),
                Field(
                    "website",
                    ft.FieldType(max_length=2000),
                    search="text",
                    headers="website, web, web site, url, homepage, webbplats, hemsida, "
                    "verkkosivu, kotisivu, veebileht, trang web, 网站",
                ),
                Field(
                    "description",
                    ft.LONG_TEXT,
                    search="text",
                    headers="description, about, beskrivning, kuvaus, kirjeldus, mô tả, 简介",
                ),
                Field(
                    "solution_areas",
                    SHORT_LIST,
                    policy="set",
                    search="text",
                    headers="solution areas, solutions, areas, sector, industry, bransch, "
                    "toimiala, valdkond, lĩnh vực, 行业",
                ),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "contact",
            "contacts",
            (
                Field(
                    "family_name",
                    ft.NAME,
                    search="name",
                    vcard="N",
                    headers="family name, last name, surname, efternamn, sukunimi, "
                    "perekonnanimi, perenimi, họ, 姓",
                ),
                Field(
                    "given_name",
                    ft.NAME,
                    search="name",
                    vcard="N",
                    headers="given name, first name, förnamn, etunimi, eesnimi, tên riêng, 名",
                ),
                Field(
                    "native_name",
                    ft.NAME,
                    label="Native script",
                    search="name",
                    vcard=OWN_VCARD + "NATIVE-NAME",
                    headers="native name, chinese name, 中文名, 中文姓名",
                ),
                Field(
                    "romanized_name",
                    ft.NAME,
                    search="name",
                    vcard=OWN_VCARD + "ROMANIZED-NAME",
                    headers="romanized name, pinyin, phonetic name",
                ),
                Field(
                    "name_order",
                    ft.Choice(choices=NAME_ORDERS),
                    vcard=OWN_VCARD + "NAME-ORDER",
                    headers="name order",
                ),
                Field(
                    "title",
                    ft.NAME,
                    search="text",
                    vcard="TITLE",
                    headers="title, job title, position, role, befattning, titel, tehtävä, "
                    "titteli, ametinimetus, amet, chức vụ, chức danh, organization title, "
                    "职位, 职务",
                    card="role",
                ),
                Field(
                    "organization_id",
                    _ref("organization"),
                    vcard="ORG",
                    headers=ORGANIZATION_HEADERS,
                    card="role",
                ),
                Field(
                    "emails",
                    _set(ft.Email()),
                    policy="set",
                    label="E-mails",
                    search="text",
                    vcard="EMAIL",
                    headers="emails, email, e-mail, mail, e-post, epost, sähköposti, e-posti, "
                    "thư điện tử, 邮箱, 电子邮件",
                    card="reach",
                ),
                Field(
                    "phones",
                    _PhoneSet(element=ft.Phone()),
                    policy="set",
                    search="text",
                    vcard="TEL",
                    headers="phones, phone, tel, telephone, mobile, cell, mobile phone, "
                    "work phone, business phone, home phone, telefon, mobil, puhelin, "
                    "matkapuhelin, mobiiltelefon, điện thoại, số điện thoại, sđt, di động, "
                    "电话, 手机",
                    card="role",
                ),
                Field(
                    "wechat",
                    ft.NAME,
                    label="WeChat",
                    search="text",
                    vcard="X-WECHAT",
                    headers="wechat, weixin, 微信",
                    card="handle",
                ),
                Field(
                    "zalo",
                    ft.NAME,
                    search="text",
                    vcard="X-ZALO",
                    headers="zalo",
                    card="handle",
                ),
                Field(
                    "linkedin",
                    ft.FieldType(max_length=2000),
                    label="LinkedIn",
                    search="text",
                    vcard="X-SOCIALPROFILE",
                    headers="linkedin",
                    card="reach",
                ),
                Field(
                    "languages",
                    SHORT_LIST,
                    policy="set",
                    vcard="LANG",
                    headers="languages, language, språk, kielet, keeled, ngôn ngữ, 语言",
                    card="aside",
                ),
                Field(
                    "tags",
                    SHORT_LIST,
                    policy="set",
                    search="text",
                    vcard="CATEGORIES",
                    headers="tags, labels, groups, taggar, tunnisteet, sildid, nhãn, 标签",
                ),
                Field(
                    "notes",
                    ft.LONG_TEXT,
                    search="text",
                    vcard="NOTE",
                    headers="notes, note, comments, anteckningar, muistiinpanot, märkmed, "
                    "ghi chú, 备注",
                ),
                Field(
                    "source",
                    ft.TEXT,
                    label="Where we met",
                    search="text",
                    vcard=OWN_VCARD + "SOURCE",
                    headers="source, källa, lähde, allikas, nguồn, 来源",
                ),
                Field(
                    "legal_basis",
                    ft.TEXT,
                    vcard=OWN_VCARD + "LEGAL-BASIS",
                    headers="legal basis",
                ),
                Field("review_by", ft.Day(), vcard=OWN_VCARD + "REVIEW-BY", headers="review by"),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "mission",
            "missions",
            (
                Field("name", ft.NAME, required=True, search="name"),
                Field("market_ids", _ids("market"), policy="set"),
                Field("start_date", ft.Day(), label="Starts"),
                Field("end_date", ft.Day(), label="Ends"),
                Field("sme_ids", _ids("organization"), policy="set", label="SMEs"),
                Field("delegates", SHORT_LIST, policy="set", search="text"),
                Field("notes", ft.LONG_TEXT, search="text"),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "meeting",
            "meetings",
            (
                Field("mission_id", _ref("mission")),
                Field("title", ft.NAME, required=True, search="name"),
                Field("starts_at", ft.Moment(), label="Starts"),
                Field("ends_at", ft.Moment(), label="Ends"),
                Field("time_zone", ft.TimeZone()),
                Field("location", ft.TEXT, search="text"),
                Field("attendee_ids", _ids("contact"), policy="set"),
                Field("organization_ids", _ids("organization"), policy="set"),
                Field("sme_ids", _ids("organization"), policy="set", label="SMEs"),
                Field("agenda", ft.LONG_TEXT, search="text"),
                Field("notes", ft.LONG_TEXT, search="text"),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "lead",
            "leads",
            (
                Field("title", ft.NAME, required=True, search="name"),
                Field("kind", ft.Choice(choices=LEAD_KINDS), required=True, search="text"),
                Field("sme_id", _ref("organization"), label="SME"),
                Field("organization_id", _ref("organization"), label="Counterpart"),
                Field("mission_id", _ref("mission")),
                Field("stage", ft.Choice(choices=LEAD_STAGES), required=True, search="text"),
                Field("value", ft.Money()),
                Field("currency", ft.Choice(choices=CURRENCIES)),
                Field("probability", ft.Integer(minimum=0, maximum=100), label="Probability %"),
                Field("next_step", ft.TEXT, search="text"),
                Field("notes", ft.LONG_TEXT, search="text"),
                *TIMESTAMPS,
            ),
        ),
        Kind(
            "follow_up",
            "follow_ups",
            (
                Field("text", ft.FieldType(max_length=5000), required=True, label="Follow-up"),
                Field("owner", ft.NAME),
                Field("due_date", ft.Day(), label="Due"),
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
            table="stage_changes",
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
if KIND_ORDER != RECORD_KINDS:  # the CLI's parser reads that list without loading this
    raise RuntimeError("core/labels.py RECORD_KINDS differs from the kinds declared here")
BOOKKEEPING = frozenset({"created_at", "updated_at", "deleted_at"})


def kind(name: str) -> Kind:
    """The kind called ``name``; raises ``KeyError`` with the known kinds listed."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown record kind {name!r} (known: {', '.join(KINDS)})") from None
