"""The look of the packs: paper, margins, one restrained accent colour, paragraph styles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.reports.fonts import CJK, SANS, SANS_BOLD, register_fonts

INK = HexColor("#1d2733")
MUTED = HexColor("#5b6776")
FAINT = HexColor("#8a95a3")
ACCENT = HexColor("#1f6f78")
ACCENT_LIGHT = HexColor("#e6f0f1")
RULE = HexColor("#d5dbe1")
CARD = HexColor("#f7f9fa")

PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN_X = 22 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 24 * mm
FOOTER_Y = 12 * mm


def page_size(name: str) -> tuple[float, float]:
    """The (width, height) of "A4" or "letter"."""
    try:
        return PAGE_SIZES[name.lower()]
    except KeyError:
        raise ValidationError("page_size", f"{name!r} is not A4 or letter") from None


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of every pack."""

    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    tiny: ParagraphStyle
    bullet: ParagraphStyle
    check: ParagraphStyle
    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    label: ParagraphStyle
    card_name: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    toc0: ParagraphStyle
    toc1: ParagraphStyle


def _style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
    values: dict[str, Any] = {"fontName": SANS, "bulletFontName": SANS, "textColor": INK}
    values.update(extra)
    return ParagraphStyle(name, fontSize=size, leading=leading, **values)


@cache
def styles() -> Styles:
    """The styles (registering the fonts first)."""
    register_fonts()
    bold: dict[str, Any] = {"fontName": SANS_BOLD}
    return Styles(
        body=_style("body", 9.5, 13.5, spaceAfter=5),
        small=_style("small", 8.5, 11.5),
        muted=_style("muted", 8.5, 11.5, textColor=MUTED),
        tiny=_style("tiny", 7.5, 9.5, textColor=MUTED),
        bullet=_style(
            "bullet", 9.5, 13.5, leftIndent=12, bulletIndent=2, spaceAfter=2, bulletFontName=SANS
        ),
        check=_style(
            "check",
            9.5,
            13.5,
            leftIndent=14,
            bulletIndent=1,
            spaceAfter=2,
            bulletFontName=CJK,
            bulletFontSize=9,
        ),
        kicker=_style("kicker", 9, 12, textColor=ACCENT, spaceAfter=10, **bold),
        title=_style("title", 24, 30, spaceAfter=8, **bold),
        subtitle=_style("subtitle", 12, 16, textColor=MUTED, spaceAfter=18),
        h1=_style("h1", 17, 21.5, spaceAfter=4, **bold),
        h2=_style(
            "h2", 10.5, 14, textColor=ACCENT, spaceBefore=14, spaceAfter=6, keepWithNext=1, **bold
        ),
        h3=_style("h3", 9.5, 13, spaceBefore=6, spaceAfter=2, keepWithNext=1, **bold),
        label=_style("label", 7.5, 10, textColor=MUTED, **bold),
        card_name=_style("card_name", 10, 13, **bold),
        cell=_style("cell", 8.5, 11.2),
        cell_bold=_style("cell_bold", 8.5, 11.2, **bold),
        cell_head=_style("cell_head", 7.5, 10, textColor=MUTED, **bold),
        toc0=_style("toc0", 10, 14, spaceBefore=5, **bold),
        toc1=_style("toc1", 9, 12.5, leftIndent=24, firstLineIndent=-12),
    )
