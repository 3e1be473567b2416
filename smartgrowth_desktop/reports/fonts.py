"""The TrueType fonts shipped in ``resources/fonts/``, registered once with reportlab.

reportlab has no font fallback: a character missing from the current font silently
vanishes. So the packs set Latin text (Vietnamese included) in Noto Sans and every run the
Latin font cannot draw (Han characters, CJK punctuation, arrows) in WenQuanYi Micro Hei;
``coverage()`` tells ``text.py`` which font draws which character. Never system fonts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from smartgrowth_desktop import shipped
from smartgrowth_desktop.core.errors import SmartGrowthError

RESOURCES_ENV = shipped.RESOURCES_ENV

SANS = "SG-Sans"
SANS_BOLD = "SG-Sans-Bold"
CJK = "SG-CJK"

#: (reportlab name, file in resources/fonts, face index in a collection)
FONT_FILES = (
    (SANS, "NotoSans-Regular.ttf", 0),
    (SANS_BOLD, "NotoSans-Bold.ttf", 0),
    (CJK, "wqy-microhei.ttc", 0),
)


class FontError(SmartGrowthError):
    """The shipped fonts cannot be found or read (a broken installation)."""


@dataclass(frozen=True)
class Coverage:
    """The code points each font can draw."""

    latin: frozenset[int]
    cjk: frozenset[int]


def resources_dir() -> Path:
    """The resources folder: ``$SMARTGROWTH_RESOURCES``, else next to the package."""
    found = shipped.find_resources("fonts")
    if found is not None:
        return found
    tried = ", ".join(str(c) for c in shipped.resource_candidates())
    raise FontError(f"the shipped fonts are missing (looked for resources/fonts in {tried})")


def font_path(file_name: str) -> Path:
    """Where one shipped font file is."""
    return resources_dir() / "fonts" / file_name


_lock = threading.Lock()
_coverage: Coverage | None = None


def _load(name: str, file_name: str, index: int) -> TTFont:
    path = font_path(file_name)
    try:
        return TTFont(name, str(path), subfontIndex=index)
    except (OSError, TTFError) as error:
        raise FontError(f"cannot read the font {path}: {error}") from error


def register_fonts() -> Coverage:
    """Register the shipped fonts with reportlab (once per process); their coverage."""
    global _coverage
    with _lock:
        if _coverage is None:
            fonts = {name: _load(name, file, index) for name, file, index in FONT_FILES}
            for font in fonts.values():
                pdfmetrics.registerFont(font)
            pdfmetrics.registerFontFamily(
                SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
            )
            # There is no bold Chinese face: bold runs use the same one.
            pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
            _coverage = Coverage(
                latin=frozenset(fonts[SANS].face.charToGlyph),
                cjk=frozenset(fonts[CJK].face.charToGlyph),
            )
        return _coverage


def coverage() -> Coverage:
    """The code points each shipped font draws (registering the fonts if needed)."""
    return _coverage if _coverage is not None else register_fonts()
