"""Flowables of our own: bookmarked headings, TOC rows, QR codes, pictures and placeholders."""

from __future__ import annotations

import functools
import hashlib
from typing import Any, cast

import segno
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph

from smartgrowth_desktop.reports import text
from smartgrowth_desktop.reports.canvas import PackCanvas, toc_number_form
from smartgrowth_desktop.reports.fonts import SANS
from smartgrowth_desktop.reports.styles import FAINT, RULE

TOC_NUMBER_WIDTH = 36
QR_QUIET_MODULES = 2
QR_MASK = 0


class Heading(Paragraph):
    """A heading that is also a PDF bookmark, an outline entry and a TOC target."""

    def __init__(
        self, markup: str, style: ParagraphStyle, key: str, outline: str, level: int = 0
    ) -> None:
        super().__init__(markup, style)
        self.key = key
        self.outline = text.clean(outline)
        self.level = level

    def draw(self) -> None:
        canv = cast(PackCanvas, self.canv)
        mark(canv, self.key, self.outline, self.level, self.height)
        super().draw()


def mark(canv: PackCanvas, key: str, outline: str, level: int, top: float) -> None:
    """Bookmark ``key`` at ``top`` (relative), add its outline entry and TOC page number."""
    canv.bookmarkHorizontal(key, 0, top)
    canv.addOutlineEntry(outline, key, level=level, closed=level > 0)
    canv.section, canv.section_page = outline, canv.getPageNumber()
    canv.right_aligned_form(toc_number_form(key), str(canv.getPageNumber()), 9)


class Anchor(Flowable):
    """An invisible bookmark and outline entry (a parent entry without a heading)."""

    def __init__(self, key: str, outline: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.outline, self.level = key, text.clean(outline), level
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        mark(cast(PackCanvas, self.canv), self.key, self.outline, self.level, 0)


class TocRow(Flowable):
    """One line of the table of contents: a link to ``key`` with its page number."""

    def __init__(self, markup: str, style: ParagraphStyle, key: str) -> None:
        super().__init__()
        self.paragraph = Paragraph(markup, style)
        self.style, self.key = style, key

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, height = self.paragraph.wrap(available_width - TOC_NUMBER_WIDTH, available_height)
        self.width, self.height = available_width, height
        return available_width, height

    def draw(self) -> None:
        canv = cast(PackCanvas, self.canv)
        self.paragraph.drawOn(canv, 0, 0)
        baseline = self.height - self.style.fontSize
        canv.place_form(toc_number_form(self.key), self.width, baseline)
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


class QrCode(Flowable):
    """A QR code of ``data`` (UTF-8 bytes), drawn as vector rectangles, each code once."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data = data
        self.width = self.height = size
        self.form = "sgQr" + hashlib.sha1(data.encode("utf-8")).hexdigest()[:20]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = cast(PackCanvas, self.canv)
        if not canv.hasForm(self.form):
            canv.beginForm(self.form, 0, 0, self.width, self.height)
            self._draw_modules(canv)
            canv.endForm()
        canv.doForm(self.form)

    def _draw_modules(self, canv: PackCanvas) -> None:
        canv.setFillColorRGB(1, 1, 1)  # the quiet zone must be white, whatever is behind
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.addLiteral(qr_operators(self.data, self.width))


@functools.lru_cache(maxsize=512)
def qr_operators(data: str, size: float) -> str:
    """PDF operators drawing the QR code of ``data`` in a ``size`` square: black runs of
    modules as rectangles, in module units (short integers: small and fast to write).

    UTF-8 with an ECI header, so scanners do not guess the encoding of Chinese names; the
    lowest error level is raised as far as the symbol size allows (segno's boost). The mask
    pattern is fixed: choosing the "best" of eight costs about 35 ms per code in pure
    Python, and every mask is valid and scans.
    """
    code = segno.make(data, encoding="utf-8", eci=True, error="l", micro=False, mask=QR_MASK)
    matrix = code.matrix
    modules = len(matrix) + 2 * QR_QUIET_MODULES
    unit = size / modules
    parts = [f"q {unit:.5f} 0 0 {unit:.5f} 0 0 cm 0 g"]
    for row_index, row in enumerate(matrix):
        y = modules - 1 - (row_index + QR_QUIET_MODULES)
        for start, length in _dark_runs(row):
            parts.append(f"{start + QR_QUIET_MODULES} {y} {length} 1 re")
    parts.append("f Q")
    return "\n".join(parts)


def _dark_runs(row: Any) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a QR matrix row."""
    found: list[tuple[int, int]] = []
    start = -1
    for index, dark in enumerate([*row, 0]):
        if dark and start < 0:
            start = index
        elif not dark and start >= 0:
            found.append((start, index - start))
            start = -1
    return found


class Picture(Flowable):
    """An image fitted in a box, or a placeholder box when there is none."""

    def __init__(self, image: ImageReader | None, width: float, height: float) -> None:
        super().__init__()
        self.image = image
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.image is not None:
            canv.drawImage(
                self.image,
                0,
                0,
                self.width,
                self.height,
                preserveAspectRatio=True,
                anchor="c",
            )
            return
        canv.setStrokeColor(RULE)
        canv.setDash(2, 2)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.setFillColor(FAINT)
        canv.setFont(SANS, 6)
        canv.drawCentredString(self.width / 2, self.height / 2 + 1, "no")
        canv.drawCentredString(self.width / 2, self.height / 2 - 6, "image")
