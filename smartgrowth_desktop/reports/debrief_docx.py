"""The mission debrief as an editable Word file (python-docx).

Same contents as the PDF. Every style names the pack's fonts as Word knows them: Latin
text (Vietnamese included) in "Noto Sans" (``w:ascii``/``w:hAnsi``/``w:cs``), Chinese in
"WenQuanYi Micro Hei" (``w:eastAsia``), so Word picks the right one per character. The
fonts are not embedded: Word substitutes a font of the same script where they are absent.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import BaseStyle

from smartgrowth_desktop import __version__
from smartgrowth_desktop.reports import when
from smartgrowth_desktop.reports.blocks import amount
from smartgrowth_desktop.reports.debrief import (
    NO_FOLLOW_UPS,
    NO_LEADS,
    NO_MEETINGS,
    follow_up_detail,
    moves_text,
    person_text,
    summary_line,
    when_text,
)
from smartgrowth_desktop.reports.debrief_model import Debrief, DebriefMeeting
from smartgrowth_desktop.reports.model import PackOptions
from smartgrowth_desktop.reports.tables import stage_label
from smartgrowth_desktop.reports.text import clean

#: the families of resources/fonts/NotoSans-*.ttf and wqy-microhei.ttc, as Word names them
LATIN_FONT = "Noto Sans"
CJK_FONT = "WenQuanYi Micro Hei"
ACCENT = RGBColor(0x1F, 0x6F, 0x78)
MUTED = RGBColor(0x5B, 0x67, 0x76)
STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet")


def name_fonts(style: BaseStyle) -> None:
    """Name the Latin and the East Asian font of ``style`` (w:rFonts)."""
    name_fonts_in(style.element.get_or_add_rPr())


def name_fonts_in(rpr: Any) -> None:
    """Name the fonts and languages in one run-properties element (``w:rPr``)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)  # a theme font would win over the names
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), "en-GB")
    language.set(qn("w:eastAsia"), "zh-CN")


def _styled(doc: DocxDocument) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if run_defaults is not None and run_defaults.find(qn("w:rPr")) is not None:
        name_fonts_in(run_defaults.find(qn("w:rPr")))  # runs of any style, tables included
    for name in STYLES:
        style = doc.styles[name]
        name_fonts(style)
        if name.startswith("Heading") or name == "Title":
            style.font.color.rgb = ACCENT if name != "Title" else RGBColor(0x1D, 0x27, 0x33)
    doc.styles["Normal"].font.size = Pt(10)


def _text(doc: DocxDocument, value: str | None, style: str | None = None) -> None:
    """Free text, a paragraph per blank-line block (line breaks kept)."""
    for block in clean(value).replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            paragraph = doc.add_paragraph(style=style)
            lines = block.split("\n")
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                if index < len(lines) - 1:
                    run.add_break()


def _labelled(doc: DocxDocument, label: str, value: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label} ").bold = True
    paragraph.add_run(value)


def _muted(doc: DocxDocument, value: str) -> None:
    run = doc.add_paragraph().add_run(value)
    run.font.color.rgb = MUTED


def _meeting(doc: DocxDocument, meeting: DebriefMeeting) -> None:
    doc.add_heading(meeting.title, level=2)
    _muted(doc, when_text(meeting) + (f" · {meeting.location}" if meeting.location else ""))
    if meeting.counterparts:
        _labelled(doc, "With", ", ".join(meeting.counterparts))
    if meeting.smes:
        _labelled(doc, "SMEs", ", ".join(meeting.smes))
    if meeting.met:
        doc.add_heading("Who was met", level=3)
        for person in meeting.met:
            doc.add_paragraph(person_text(person), style="List Bullet")
    if clean(meeting.notes):
        doc.add_heading("Notes", level=3)
        _text(doc, meeting.notes)
    else:
        _muted(doc, "No notes were taken.")
    if meeting.follow_ups:
        doc.add_heading("Open follow-ups", level=3)
        for item in meeting.follow_ups:
            paragraph = doc.add_paragraph(f"☐ {item.text}  ")
            run = paragraph.add_run(follow_up_detail(item))
            run.font.color.rgb = MUTED


def _table(doc: DocxDocument, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value


def _leads(doc: DocxDocument, debrief: Debrief) -> None:
    if not debrief.leads:
        doc.add_paragraph(NO_LEADS)
        return
    rows = []
    for lead in debrief.leads:
        who = " · ".join(t for t in (lead.organization, lead.sme) if t)
        head = "\n".join(
            t for t in (lead.title, who, f"Next: {lead.next_step}" if lead.next_step else "") if t
        )
        rows.append(
            [head, stage_label(lead.stage), moves_text(lead), amount(lead.value, lead.currency)]
        )
    _table(doc, ["Lead", "Stage now", "During the mission", "Value"], rows)


def _follow_ups(doc: DocxDocument, debrief: Debrief) -> None:
    if not debrief.follow_ups:
        doc.add_paragraph(NO_FOLLOW_UPS)
        return
    rows = [
        [when.short_date(f.due_date) if f.due_date else "—", f.text, f.owner or "—", f.source or ""]
        for f in debrief.follow_ups
    ]
    _table(doc, ["Due", "Follow-up", "Owner", "From"], rows)


def build_debrief_docx(debrief: Debrief, options: PackOptions) -> bytes:
    """The debrief as the bytes of a .docx file."""
    doc = Document()
    _styled(doc)
    props = doc.core_properties
    props.title, props.author = debrief.title, clean(options.author)
    props.comments = f"SmartGrowth Field Desk {__version__}"
    made = options.generated_at or datetime.now().astimezone()
    props.created = props.modified = made.replace(tzinfo=None)
    doc.add_paragraph(
        f"SME debrief · {debrief.sme}" if debrief.sme else "Mission debrief", style="Subtitle"
    )
    doc.add_heading(debrief.name, level=0)
    dates = when.date_range(debrief.start_date, debrief.end_date)
    _muted(doc, "  ·  ".join(t for t in (dates, ", ".join(debrief.markets)) if t))
    for label, value in (
        ("Delegates", ", ".join(debrief.delegates)),
        ("Travelling SMEs", ", ".join(debrief.smes)),
        ("In short", summary_line(debrief)),
    ):
        if value:
            _labelled(doc, label, value)
    if debrief.notes:
        doc.add_heading("About this mission", level=2)
        _text(doc, debrief.notes)
    doc.add_heading("Meetings attended", level=1)
    if not debrief.meetings:
        doc.add_paragraph(NO_MEETINGS)
    for meeting in debrief.meetings:
        _meeting(doc, meeting)
    doc.add_heading("Leads opened or moved", level=1)
    if debrief.window:
        _muted(doc, f"Stage history between {when.date_range(*debrief.window)}.")
    _leads(doc, debrief)
    doc.add_heading("Open follow-ups", level=1)
    _follow_ups(doc, debrief)
    _muted(doc, options.confidentiality)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
