"""Contact cards (with photo and a vCard QR code) and organization profiles."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph, Spacer

from smartgrowth_desktop.reports import text
from smartgrowth_desktop.reports.blocks import long_text
from smartgrowth_desktop.reports.card_flowables import GAP, PADDING, CardPair, ContactCard
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.flowables import Picture, QrCode
from smartgrowth_desktop.reports.fonts import SANS
from smartgrowth_desktop.reports.model import CardLine, PackContact, PackOrganization
from smartgrowth_desktop.reports.styles import MUTED
from smartgrowth_desktop.reports.vcard import vcard

QR_SIZE = 64
PHOTO_WIDTH, PHOTO_HEIGHT = 40, 50
GUTTER = 8
COUNTRIES = {"VN": "Vietnam", "CN": "China", "SE": "Sweden", "FI": "Finland", "EE": "Estonia",
             "NO": "Norway", "DK": "Denmark", "LV": "Latvia", "LT": "Lithuania"}  # fmt: skip
KINDS = {"sme": "SME", "mou": "MoU"}


def country(code: str | None) -> str:
    """A country's English name from its ISO code (the code itself when unknown)."""
    return COUNTRIES.get(text.clean(code).upper(), text.clean(code))


def kind_label(kind: str | None) -> str:
    """ "municipality" → "Municipality", "sme" → "SME"."""
    raw = text.clean(kind)
    return KINDS.get(raw, raw.capitalize())


def _muted_font(size: float) -> str:
    return f'<font name="{SANS}" size="{size}" color="#{MUTED.hexval()[2:]}">'


#: The card lines whose texts are numbers or addresses: never broken inside.
UNBROKEN_FIELDS = frozenset({"phones", "emails", "wechat", "zalo", "linkedin"})


def line_texts(line: CardLine, size: float, max_width: float) -> str:
    """A card line's texts as markup, joined by commas; a phone number or an address is
    never broken inside (set smaller to fit ``max_width``, see ``text.unbroken``)."""
    if line.field not in UNBROKEN_FIELDS:
        return text.joined(*line.texts, sep=", ")
    shown = (text.unbroken(t, size, max_width) for t in line.texts)
    return ", ".join(t for t in shown if t)


def _reach(lines: Sequence[CardLine], size: float, max_width: float) -> list[str]:
    """The reach lines, handles side by side where they follow each other ("WeChat liwei ·
    Zalo +84 …"), then the asides in small print ("Languages: vi, en")."""
    found: list[str] = []
    handles: list[str] = []
    for line in lines:
        if line.place == "handle":
            label = text.markup(line.label)
            handles.append(f"{label} {line_texts(line, size, max_width - text.width(label, size))}")
            continue
        if handles:
            found.append(" · ".join(handles))
            handles = []
        if line.place == "reach":
            found.append(line_texts(line, size, max_width))
    if handles:
        found.append(" · ".join(handles))
    for line in lines:
        if line.place == "aside":
            aside = text.markup(f"{line.label}: {', '.join(line.texts)}")
            found.append(f"{_muted_font(7.5)}{aside}</font>")
    return [line for line in found if line]


def contact_card(ctx: Context, contact: PackContact, width: float) -> ContactCard:
    """One person's card: name, photo if any, the lines the schema puts on it (role:
    title, organization, phones; reach: e-mails, messengers, LinkedIn, languages), QR."""
    s = ctx.styles
    size, inner = s.small.fontSize, width - 2 * PADDING
    side = inner - QR_SIZE - GAP - (PHOTO_WIDTH + GAP if contact.photo is not None else 0)
    role = [line_texts(line, size, side) for line in contact.lines if line.place == "role"]
    role = [line for line in role if line]
    reach = _reach(contact.lines, size, inner)
    picture = None
    if contact.photo is not None:
        picture = Picture(ctx.image(contact.photo), PHOTO_WIDTH, PHOTO_HEIGHT)
    return ContactCard(
        width,
        Paragraph(name_line(contact), s.card_name),
        Paragraph("<br/>".join(role), s.small) if role else None,
        Paragraph("<br/>".join(reach), s.small) if reach else None,
        QrCode(vcard(contact), QR_SIZE),
        picture,
    )


def name_line(contact: PackContact) -> str:
    """The card's first line: native-script name, romanized beside it."""
    shown = text.markup(contact.name) or text.markup(contact.romanized) or "(no name)"
    if contact.romanized and text.clean(contact.romanized) != text.clean(contact.name):
        shown += f"  {_muted_font(8.5)}{text.markup(contact.romanized)}</font>"
    return shown


def card_grid(ctx: Context, contacts: Sequence[PackContact], width: float) -> list[Flowable]:
    """Contact cards two per row."""
    column = (width - GUTTER) / 2
    cards = [contact_card(ctx, c, column) for c in contacts]
    rows: list[Flowable] = []
    for index in range(0, len(cards), 2):
        rows += [CardPair(cards[index : index + 2], GUTTER), Spacer(0, GUTTER)]
    return rows


def organization_profile(ctx: Context, org: PackOrganization) -> list[Flowable]:
    """A counterpart's profile: names, kind, place, website, what they do."""
    s = ctx.styles
    flowables: list[Flowable] = [Paragraph(text.markup(org.name), s.h3)]
    if org.native_name and text.clean(org.native_name) != text.clean(org.name):
        flowables.append(Paragraph(text.markup(org.native_name), s.body))
    where = text.joined(kind_label(org.kind), org.market, country(org.country), org.website)
    if where:
        flowables.append(Paragraph(where, s.muted))
    flowables += long_text(ctx, org.description, s.body)
    if org.solution_areas:
        areas = text.markup(", ".join(org.solution_areas))
        flowables.append(Paragraph(f"{_muted_font(8.5)}Solutions:</font> {areas}", s.small))
    return flowables


def sme_line(ctx: Context, sme: PackOrganization) -> list[Flowable]:
    """A travelling SME: name and country, its solutions, one line of what it does."""
    s = ctx.styles
    head = f"<b>{text.markup(sme.name)}</b>"
    place = text.joined(country(sme.country))
    if place:
        head += f"  {_muted_font(8.5)}{place}</font>"
    flowables: list[Flowable] = [Paragraph(head, s.small)]
    if sme.solution_areas:
        flowables.append(Paragraph(text.markup(", ".join(sme.solution_areas)), s.tiny))
    if sme.description:
        flowables.append(Paragraph(text.markup(sme.description), s.small))
    return flowables
