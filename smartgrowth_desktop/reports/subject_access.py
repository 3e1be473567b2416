"""The PDF of a subject access request: everything a profile holds on one person.

Drawn from the JSON document ``services/subject_access.py`` writes beside it, so the two
always say the same; the pack's fonts print Vietnamese and Chinese as typed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.model import PackImage, PackOptions
from smartgrowth_desktop.reports.styles import MARGIN_X, RULE, page_size, styles
from smartgrowth_desktop.reports.text import markup

PHOTO_MM = 32
_SKIP = {"id", "created_at", "updated_at", "deleted_at"}


def _value(value: Any, names: dict[str, str] | None = None) -> str:
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, list):
        return ", ".join(_value(v, names) for v in value)
    if names and isinstance(value, str) and value in names:
        return names[value]
    if isinstance(value, dict):
        number = value.get("number")
        kind = value.get("kind") or value.get("label")
        if number is not None:
            return f"{number} ({kind})" if kind else str(number)
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _label(kind: str, name: str) -> str:
    """A field's label ("File name"), its kind's name first for another kind's field."""
    found = KINDS.get(kind)
    spec = found.by_name.get(name) if found is not None else None
    label = spec.label if spec is not None else name
    return label if kind == "contact" else f"{kind.replace('_', ' ').capitalize()}: {label}"


def _fields(kind: str, row: dict[str, Any], names: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) of the fields a record has, references by the names they point to."""
    labels = {f.name: f.label for f in KINDS[kind].fields}
    return [
        (labels.get(name, name), _value(value, names))
        for name, value in row.items()
        if name not in _SKIP and _value(value)
    ]


def _table(rows: Sequence[Sequence[Flowable]], widths: list[float]) -> Table:
    table = Table(
        [list(row) for row in rows], colWidths=widths, repeatRows=1 if len(rows) > 1 else 0
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _cell(text: object, bold: bool = False) -> Paragraph:
    style = styles().cell_bold if bold else styles().cell
    return Paragraph(markup(_value(text)) or "–", style)


def _section(title: str, empty: str, body: list[Flowable]) -> list[Flowable]:
    s = styles()
    return [Paragraph(markup(title), s.h2), *(body or [Paragraph(markup(empty), s.muted)])]


def _records(
    kind: str, rows: list[dict[str, Any]], width: float, names: dict[str, str]
) -> list[Flowable]:
    flowables: list[Flowable] = []
    for row in rows:
        cells = [[_cell(label), _cell(value)] for label, value in _fields(kind, row, names)]
        if cells:
            flowables.append(_table(cells, [38 * mm, width - 38 * mm]))
            flowables.append(Spacer(1, 4))
    return flowables


class _Picture(Flowable):
    """A decoded picture at a given size (platypus' Image wants a file)."""

    def __init__(self, picture: ImageReader, width: float, height: float) -> None:
        super().__init__()
        self.picture, self.width, self.height = picture, width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height + 6

    def draw(self) -> None:
        self.canv.drawImage(self.picture, 0, 6, self.width, self.height)


def _photos(photos: list[tuple[dict[str, Any], bytes]]) -> list[Any]:
    context = Context.create(PackOptions())
    shown: list[Any] = []
    for row, data in photos:
        picture = context.image(PackImage("photo", str(row.get("file_name") or ""), data))
        if picture is not None:
            width, height = picture.getSize()
            scale = PHOTO_MM * mm / max(width, height)
            shown.append(_Picture(picture, width * scale, height * scale))
    for warning in context.warnings:
        shown.append(Paragraph(markup(warning), styles().muted))
    return shown


def render_subject_access(
    document: dict[str, Any], photos: list[tuple[dict[str, Any], bytes]]
) -> bytes:
    """The PDF of one subject access document (its JSON form) and the card's photos."""
    s = styles()
    buffer = io.BytesIO()
    paper = page_size("A4")
    width = paper[0] - 2 * MARGIN_X
    person = document["person"]
    names = {**document.get("names_of_linked_records", {}), person["id"]: person["name"]}
    doc = SimpleDocTemplate(
        buffer,
        pagesize=paper,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Everything we hold on {person['name']}",
        author="SmartGrowth Field Desk",
    )
    story: list[Flowable] = [
        Paragraph("SUBJECT ACCESS (GDPR ART. 15)", s.kicker),
        Paragraph(markup(f"Everything we hold on {person['name']}"), s.title),
        Paragraph(
            markup(
                f"Exported {document['exported_at']} from one SmartGrowth Field Desk profile. "
                "Colleagues' profiles hold the same synced records."
            ),
            s.subtitle,
        ),
    ]
    card_rows = [
        [_cell(label), _cell(value)] for label, value in _fields("contact", document["card"], names)
    ]
    story += _section(
        "The contact card", "The card is empty.", [_table(card_rows, [38 * mm, width - 38 * mm])]
    )
    story += _photos(photos)
    organization = document.get("organization")
    story += _section(
        "Their organization",
        "No organization is set on the card.",
        _records("organization", [organization], width, names) if organization else [],
    )
    files = document.get("files") or []
    story += _section(
        "Files attached to the card",
        "No file is attached.",
        _records("attachment", files, width, names),
    )
    story += _section(
        "Meetings attended",
        "The person is not an attendee of any meeting.",
        _records("meeting", document.get("meetings_attended") or [], width, names),
    )
    story += _section(
        "Follow-ups",
        "No follow-up of those meetings, or owned by the person.",
        _records("follow_up", document.get("follow_ups") or [], width, names),
    )
    story += _section(
        "Leads at their organization",
        "No lead names their organization.",
        _records("lead", document.get("leads_at_their_organization") or [], width, names),
    )
    mentions = document.get("mentioned_in") or []
    mention_rows = [[_cell("Record", True), _cell("Field", True), _cell("Passage", True)]] + [
        [_cell(f"{m['kind']}: {m['record']}"), _cell(m["field"]), _cell(m["passage"])]
        for m in mentions
    ]
    story += _section(
        "Other records whose text names them",
        "No other record's text names them.",
        [_table(mention_rows, [45 * mm, 25 * mm, width - 70 * mm])] if mentions else [],
    )
    history = document.get("history") or []
    history_rows = [
        [_cell("When (UTC)", True), _cell("By", True), _cell("Field", True), _cell("Value", True)]
    ] + [
        [
            _cell(h["when"].replace("T", " ")[:16]),
            _cell(h["author"] or h["device"][:8]),
            _cell(_label(h["kind"], h["field"])),
            _cell(_value(h["value"], names)),
        ]
        for h in history
    ]
    story += _section(
        "History of the card",
        "No change of the card is in the log.",
        [_table(history_rows, [28 * mm, 28 * mm, 30 * mm, width - 86 * mm])] if history else [],
    )
    doc.build(story)
    return buffer.getvalue()
