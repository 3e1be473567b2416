"""Contact cards drawn directly on the canvas (nested tables cost several times more).

A card: the name across the top; photo (if any), role and phone beside the QR code; then
e-mail, messengers and languages across the card. Cards go two by two in a ``CardPair``,
both as tall as the taller one.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from smartgrowth_desktop.reports.flowables import Picture, QrCode
from smartgrowth_desktop.reports.styles import CARD, RULE

PADDING = 7
GAP = 6


class ContactCard(Flowable):
    """One contact card of a fixed width."""

    def __init__(
        self,
        width: float,
        name: Paragraph,
        middle: Paragraph | None,
        below: Paragraph | None,
        qr: QrCode,
        picture: Picture | None = None,
    ) -> None:
        super().__init__()
        self.width: float = width
        self.height: float = 0.0
        self.name, self.middle, self.below, self.qr, self.picture = (
            name, middle, below, qr, picture
        )  # fmt: skip
        self._heights = (0.0, 0.0, 0.0, 0.0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        inner = self.width - 2 * PADDING
        name_h = self.name.wrap(inner, available_height)[1]
        side = inner - self.qr.width - GAP
        tallest = self.qr.height
        if self.picture is not None:
            side -= self.picture.width + GAP
            tallest = max(tallest, self.picture.height)
        middle_h = self.middle.wrap(side, available_height)[1] if self.middle else 0.0
        row_h = max(middle_h, tallest)
        below_h = self.below.wrap(inner, available_height)[1] + 4 if self.below else 0.0
        self._heights = (name_h, middle_h, row_h, below_h)
        self.height = 2 * PADDING + name_h + 3 + row_h + below_h
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        name_h, middle_h, row_h, below_h = self._heights
        canv.saveState()
        canv.setFillColor(CARD)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.roundRect(0, 0, self.width, self.height, 4, stroke=1, fill=1)
        canv.restoreState()
        top = self.height - PADDING
        self.name.drawOn(canv, PADDING, top - name_h)
        row_top = top - name_h - 3
        x: float = PADDING
        if self.picture is not None:
            self.picture.drawOn(canv, x, row_top - self.picture.height)
            x += self.picture.width + GAP
        if self.middle is not None:
            self.middle.drawOn(canv, x, row_top - middle_h)
        self.qr.drawOn(canv, self.width - PADDING - self.qr.width, row_top - self.qr.height)
        if self.below is not None:
            self.below.drawOn(canv, PADDING, row_top - row_h - below_h)


class CardPair(Flowable):
    """Two cards side by side (or one), as tall as the taller card."""

    def __init__(self, cards: list[ContactCard], gutter: float) -> None:
        super().__init__()
        self.cards, self.gutter = cards, gutter
        self.width: float = 0.0
        self.height: float = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.height = max(card.wrap(available_width, available_height)[1] for card in self.cards)
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        for card in self.cards:
            below = self.height - card.height
            card.height = self.height  # the shorter card grows at its bottom
            card.drawOn(self.canv, x, 0)
            card.height -= below
            x += card.width + self.gutter
