"""Small building blocks every section uses: headings, text that flows, bullets, tables."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from smartgrowth_desktop.core import formatting
from smartgrowth_desktop.reports import text
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.fonts import SANS
from smartgrowth_desktop.reports.styles import ACCENT_LIGHT, RULE

_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d+[.)])\s+")


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of ready markup (see ``text.markup``)."""
    return Paragraph(markup, style)


def section(ctx: Context, title: str) -> Paragraph:
    """A section heading inside a brief."""
    return Paragraph(text.markup(title), ctx.styles.h2)


def long_text(
    ctx: Context, value: str | None, style: ParagraphStyle | None = None
) -> list[Flowable]:
    """Free text as paragraphs that may flow across pages; bullet lines as bullets."""
    style = style or ctx.styles.body
    flowables: list[Flowable] = []
    for block in text.clean(value).replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines and all(_BULLET.match(line) for line in lines):
            flowables.extend(bullet(ctx, _BULLET.sub("", line)) for line in lines)
        elif lines:
            flowables.append(Paragraph(text.markup("\n".join(lines)), style))
    return flowables


def bullet(ctx: Context, value: str) -> Paragraph:
    """One bulleted line."""
    return Paragraph(text.markup(value), ctx.styles.bullet, bulletText="•")


def facts(ctx: Context, rows: Sequence[tuple[str, str]], width: float) -> Table | None:
    """A two-column table of label and markup value; rows with an empty value left out."""
    kept = [(label, value) for label, value in rows if value]
    if not kept:
        return None
    data = [[Paragraph(text.markup(label), ctx.styles.label), Paragraph(value, ctx.styles.small)]
            for label, value in kept]  # fmt: skip
    table = Table(data, colWidths=[0.22 * width, 0.78 * width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), SANS),  # never Helvetica, even in empty cells
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (0, -1), 3),
            ]
        )
    )
    return table


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    ctx: Context,
) -> Table:
    """A data table: a muted header row repeated on each page, hairlines between rows."""
    head: list[Flowable | str] = [Paragraph(text.markup(h), ctx.styles.cell_head) for h in header]
    table = Table([head, *map(list, rows)], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), SANS),  # never Helvetica, even in empty cells
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT_LIGHT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ]
        )
    )
    return table


def amount(value: str | None, currency: str | None) -> str:
    """ "5,400,000,000 VND" (thousands separated), or the value as typed."""
    raw = text.clean(value)
    if not raw:
        return ""
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        return f"{raw} {text.clean(currency)}".strip()
    return formatting.money(number, text.clean(currency))
