"""A canvas that prints "page X of Y" and table-of-contents page numbers in one pass.

Both numbers are unknown when their page is drawn, so the page shows a named PDF form
(``doForm``) and the form is defined later, once the number is known: a heading defines
its TOC number when it is drawn, ``save()`` defines every "page X of Y". No second
layout pass, no deferred pages (which would break the outline's page references).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas

from smartgrowth_desktop.reports import text
from smartgrowth_desktop.reports.fonts import SANS, register_fonts
from smartgrowth_desktop.reports.styles import MUTED

LABEL_SIZE = 7.5


def page_label_form(page: int) -> str:
    """The name of the form holding "page X of Y" for ``page``."""
    return f"sgPage{page}"


def toc_number_form(key: str) -> str:
    """The name of the form holding the page number of the section ``key``."""
    return f"sgToc{key}"


class PackCanvas(Canvas):
    """A reportlab canvas with the pack fonts and late-bound page numbers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        register_fonts()
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SANS  # never Helvetica
        super().__init__(*args, **kwargs)
        self.pages_done = 0
        self.section = ""  # the outline title of the section being laid out
        self.section_page = 0  # and the page where it started

    def showPage(self) -> None:
        self.pages_done += 1
        super().showPage()

    def right_aligned_form(self, name: str, label: str, size: float, bold: bool = False) -> None:
        """Define the form ``name``: ``label`` ending at its origin."""
        if self.hasForm(name):
            return
        self.beginForm(name, lowerx=-300, lowery=-4, upperx=0, uppery=size + 4)
        self.setFillColor(MUTED)
        text.draw_right(self, 0, 0, label, size, bold)
        self.endForm()

    def place_form(self, name: str, x: float, y: float) -> None:
        """Show the form ``name`` with its origin at (x, y)."""
        self.saveState()
        self.translate(x, y)
        self.doForm(name)
        self.restoreState()

    def save(self) -> None:
        total = self.pages_done + (1 if getattr(self, "_code", None) else 0)
        for page in range(1, total + 1):
            self.right_aligned_form(page_label_form(page), f"page {page} of {total}", LABEL_SIZE)
        super().save()
