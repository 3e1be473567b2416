"""The page frame every pack shares: paper, footer, metadata, progress and cancelling."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, cast

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from smartgrowth_desktop import __version__
from smartgrowth_desktop.core.errors import SmartGrowthError
from smartgrowth_desktop.reports import text
from smartgrowth_desktop.reports.canvas import LABEL_SIZE, PackCanvas, page_label_form
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.fonts import SANS
from smartgrowth_desktop.reports.model import Rendered
from smartgrowth_desktop.reports.styles import (
    ACCENT,
    FAINT,
    FOOTER_Y,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    RULE,
    page_size,
)

#: progress(fraction 0..1, what is being done)
Progress = Callable[[float, str], None]
#: returns True when the user asked to stop
CancelCheck = Callable[[], bool]

COMPOSE_SHARE = 0.3  # of the progress bar: building the story; the rest is layout


def producer() -> str:
    """The PDF's Producer entry: this app and version, and the library that drew it."""
    from reportlab import Version as reportlab_version

    return f"SmartGrowth Field Desk {__version__} (ReportLab {reportlab_version})"


class PackCancelled(SmartGrowthError):
    """The user cancelled a pack while it was being made; nothing was written."""

    def __init__(self) -> None:
        super().__init__("the briefing pack was cancelled; no file was written")


class Reporter:
    """Progress and cancel checks of one build (both optional)."""

    def __init__(self, progress: Progress | None, cancelled: CancelCheck | None) -> None:
        self.progress, self.cancelled = progress, cancelled
        self.done = 0.0

    def check(self) -> None:
        """Raise ``PackCancelled`` if the user asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise PackCancelled

    def report(self, fraction: float, message: str) -> None:
        """Tell the caller how far we are (and stop here if cancelled)."""
        self.check()
        self.done = min(1.0, max(self.done, fraction))  # never backwards
        if self.progress is not None:
            self.progress(self.done, message)


class PackDocument(BaseDocTemplate):
    """A4 or Letter pages with the pack footer; a cover template with an accent band."""

    def __init__(self, buffer: io.BytesIO, ctx: Context, footer: str, **meta: Any) -> None:
        size = page_size(ctx.options.page_size)
        super().__init__(
            buffer,
            pagesize=size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            creator=f"SmartGrowth Field Desk {__version__}",
            producer=producer(),
            initialFontName=SANS,
            displayDocTitle=1,
            lang="en",
            **meta,
        )
        self.ctx, self.footer = ctx, text.clean(footer)
        self.reporter: Reporter = Reporter(None, None)
        self.story_size = 1
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            size[0] - 2 * MARGIN_X,
            size[1] - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    "cover", [frame], onPage=self._cover_page, autoNextPageTemplate="body"
                ),
                PageTemplate("body", [frame], onPage=self._body_page, onPageEnd=self._continued),
            ]
        )

    @property
    def body_width(self) -> float:
        return float(self.width)

    def beforeDocument(self) -> None:
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:
        self.reporter.check()

    def afterPage(self) -> None:
        remaining = len(getattr(self, "_story_left", ()))
        done = 1 - remaining / self.story_size
        page = self.canv.getPageNumber()
        self.reporter.report(COMPOSE_SHARE + (1 - COMPOSE_SHARE) * done, f"laid out page {page}")

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self._story_left = flowables
        super().handle_flowable(flowables)

    def _cover_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, self.pagesize[1] - 7, self.pagesize[0], 7, stroke=0, fill=1)
        canv.restoreState()
        self._footer(cast(PackCanvas, canv))

    def _body_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._footer(cast(PackCanvas, canv))

    def _continued(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """On a page that continues a section, its title at the top, small and muted."""
        pack = cast(PackCanvas, canv)
        if not pack.section or pack.section_page == pack.getPageNumber():
            return
        top = self.pagesize[1] - MARGIN_TOP + 10
        room = self.pagesize[0] - 2 * MARGIN_X
        canv.saveState()
        canv.setFillColor(FAINT)
        text.draw(canv, MARGIN_X, top, text.fit(f"{pack.section} (continued)", 7.5, room), 7.5)
        canv.restoreState()

    def _footer(self, canv: PackCanvas) -> None:
        right = self.pagesize[0] - MARGIN_X
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, FOOTER_Y + 17, right, FOOTER_Y + 17)
        room = right - MARGIN_X - 70
        canv.setFillColor(MUTED)
        text.draw(canv, MARGIN_X, FOOTER_Y + 7, text.fit(self.footer, LABEL_SIZE, room), LABEL_SIZE)
        canv.setFillColor(FAINT)
        confidential = text.fit(self.ctx.options.confidentiality, 6.8, room)
        text.draw(canv, MARGIN_X, FOOTER_Y - 2, confidential, 6.8)
        canv.restoreState()
        canv.place_form(page_label_form(canv.getPageNumber()), right, FOOTER_Y + 7)


def render(
    compose: Callable[[PackDocument, Reporter], list[Flowable]],
    ctx: Context,
    *,
    footer: str,
    title: str,
    subject: str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Rendered:
    """Compose a story for the document, lay it out, and return the PDF bytes."""
    buffer = io.BytesIO()
    author = text.clean(ctx.options.author) or None
    doc = PackDocument(
        buffer, ctx, footer, title=text.clean(title), subject=text.clean(subject), author=author
    )
    doc.reporter = Reporter(progress, cancelled)
    doc.reporter.report(0.0, "gathering the contents")
    story = compose(doc, doc.reporter)
    doc.story_size = max(1, len(story))
    doc.build(story, canvasmaker=PackCanvas)
    canv = cast(PackCanvas, doc.canv)
    doc.reporter.report(1.0, "done")
    return Rendered(buffer.getvalue(), canv.pages_done, tuple(ctx.warnings))
