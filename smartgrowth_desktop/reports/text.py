"""Text for reportlab: NFC, escaped for Paragraph markup, each script run in a font that has it.

Every string that reaches a Paragraph goes through ``markup()``: what a user typed prints
as typed (``<b>`` and ``&`` included), and runs the Latin font lacks are wrapped in
``<font name="SG-CJK">``, headings and bold text included. A character no shipped font
draws prints as a visible stand-in (see ``glyphs``).
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from smartgrowth_desktop.reports.fonts import CJK, SANS, SANS_BOLD, coverage
from smartgrowth_desktop.reports.glyphs import drawable


def clean(value: object | None) -> str:
    """``value`` as NFC text without surrounding blanks; "" for None (never "None")."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def runs(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into runs, each ``(needs_cjk_font, run)``; a character no font draws
    comes out as ``glyphs.STAND_IN`` (reportlab would leave it blank)."""
    if text.isascii():
        return [(False, text)] if text else []
    text = drawable(text)
    fonts = coverage()

    def needs_cjk(char: str) -> bool:
        code = ord(char)
        return code not in fonts.latin and code in fonts.cjk

    return [(key, "".join(group)) for key, group in itertools.groupby(text, key=needs_cjk)]


def markup(value: object | None, *, lines: bool = True) -> str:
    """Paragraph markup printing ``value`` as typed; newlines become line breaks."""
    text = clean(value)
    if not text:
        return ""
    parts = []
    for is_cjk, run in runs(text):
        escaped = escape(run)
        parts.append(f'<font name="{CJK}">{escaped}</font>' if is_cjk else escaped)
    result = "".join(parts)
    if lines and "\n" in result:
        result = result.replace("\r\n", "\n").replace("\n", "<br/>")
    return result


def paragraphs(value: object | None) -> list[str]:
    """A long text as the markup of its paragraphs (split at blank lines)."""
    text = clean(value).replace("\r\n", "\n")
    blocks = [b.strip() for b in text.split("\n\n")]
    return [markup(b) for b in blocks if b]


def joined(*values: object | None, sep: str = " · ") -> str:
    """The non-empty values joined by ``sep``, as markup."""
    return markup(sep.join(t for t in (clean(v) for v in values) if t))


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of plain ``text`` drawn with the pack fonts."""
    latin = SANS_BOLD if bold else SANS
    return sum(stringWidth(run, CJK if cjk else latin, size) for cjk, run in runs(clean(text)))


@lru_cache(maxsize=256)
def fit(text: str, size: float, max_width: float, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis to fit ``max_width`` (cached: footers repeat)."""
    text = clean(text)
    if width(text, size, bold) <= max_width:
        return text
    while text and width(text + "…", size, bold) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw(canvas: Canvas, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
    """Draw plain ``text`` at (x, y) on a canvas, switching fonts between script runs."""
    latin = SANS_BOLD if bold else SANS
    for cjk, run in runs(clean(text)):
        font = CJK if cjk else latin
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)


def draw_right(
    canvas: Canvas, x: float, y: float, text: str, size: float, bold: bool = False
) -> None:
    """Draw plain ``text`` ending at x."""
    draw(canvas, x - width(text, size, bold), y, text, size, bold)
