"""Text for reportlab: NFC, escaped for Paragraph markup, each script run in a font that has it.

Every string that reaches a Paragraph goes through ``markup()``: what a user typed prints
as typed (``<b>`` and ``&`` included), and runs the Latin font lacks are wrapped in
``<font name="SG-CJK">``, headings and bold text included. A character no shipped font
draws prints as a visible stand-in (see ``glyphs``).
"""

from __future__ import annotations

import itertools
import math
import re
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


NBSP = "\u00a0"
MIN_SIZE = 6.0  # a phone number or an address is set no smaller to fit its column
_BREAKS = re.compile(r"(?<=[@/])|(?=[.\-_])|(?<= )")  # where an address may break at last


def unbroken(value: object | None, size: float, max_width: float, bold: bool = False) -> str:
    """Markup of a phone number or an address (e-mail, URL, messenger id) that never
    breaks inside: its spaces do not break, it is set smaller where the column is too
    narrow (down to ``MIN_SIZE``), and only an address too long even then breaks, at its
    separators ("@", ".", "/", "-"). A note after a number ("… (as written, country
    unknown)") breaks as usual."""
    text = clean(value)
    if not text:
        return ""
    head, sep, note = text.partition(" (")
    shown = _fitted(head, size, max_width - 0.5, bold)
    return f"{shown} {markup('(' + note)}" if sep else shown


def _fitted(text: str, size: float, max_width: float, bold: bool) -> str:
    need = width(text, size, bold)
    if need <= max_width:
        return markup(text.replace(" ", NBSP))
    smaller = max(MIN_SIZE, math.floor(size * max_width / need * 10) / 10)
    lines = [text] if width(text, smaller, bold) <= max_width else _lines(text, smaller, max_width)
    widest = max(width(line, smaller, bold) for line in lines)
    if widest > max_width:  # one piece alone is too wide: smaller still, never cut
        smaller = max(1.0, math.floor(smaller * max_width / widest * 10) / 10)
    shown = "<br/>".join(markup(line.strip().replace(" ", NBSP)) for line in lines)
    return f'<font size="{smaller:g}">{shown}</font>'


def _lines(text: str, size: float, max_width: float) -> list[str]:
    """``text`` cut at its separators into lines no wider than ``max_width`` (a piece
    wider than that on its own stays whole)."""
    lines = [""]
    for piece in (p for p in _BREAKS.split(text) if p):
        if lines[-1] and width(lines[-1] + piece, size) > max_width:
            lines.append(piece)
        else:
            lines[-1] += piece
    return lines


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
