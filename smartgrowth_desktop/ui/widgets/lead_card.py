"""Paints a lead as a card: title, SME → counterpart, value, kind and next step."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from smartgrowth_desktop.services.pipeline import LeadCard
from smartgrowth_desktop.ui.widgets.formatting import money
from smartgrowth_desktop.ui.widgets.painting import muted, scaled, wrapped_lines
from smartgrowth_desktop.ui.widgets.pipeline_model import CARD_ROLE

PAD = 9
GAP = 3  # space around a card inside its row
_Index = QModelIndex | QPersistentModelIndex


class LeadCardDelegate(QStyledItemDelegate):
    """Draws every row of a stage column as a card of the same height."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(140, 5 * line + 2 * PAD + 6 + 2 * GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, LeadCard):
            return
        palette: QPalette = option.palette
        state = option.state
        rect = option.rect.adjusted(GAP, GAP, -GAP, -GAP)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _frame(painter, QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), palette, state)
        _contents(painter, rect.adjusted(PAD, PAD - 2, -PAD, -PAD), card, option.font, palette)
        painter.restore()


def _frame(painter: QPainter, rect: QRectF, palette: QPalette, state: QStyle.StateFlag) -> None:
    selected = bool(state & QStyle.StateFlag.State_Selected)
    focused = bool(state & QStyle.StateFlag.State_HasFocus)
    hovered = bool(state & QStyle.StateFlag.State_MouseOver)
    accent = palette.color(QPalette.ColorRole.Highlight)
    border = palette.color(QPalette.ColorRole.Mid)
    background = palette.color(QPalette.ColorRole.Base)
    if selected:
        pen = QPen(accent, 2 if focused else 1.2)
    else:
        pen = QPen(border.darker(115) if hovered else border, 1)
    painter.setBrush(background)
    painter.setPen(pen)
    painter.drawRoundedRect(rect, 6, 6)
    if selected:
        tint = QColor(accent)
        tint.setAlphaF(0.08)
        painter.setBrush(tint)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(rect, 6, 6)


def _contents(
    painter: QPainter, rect: QRect, card: LeadCard, font: QFont, palette: QPalette
) -> None:
    text_color = palette.color(QPalette.ColorRole.Text)
    quiet = muted(palette)
    line = QFontMetrics(font).lineSpacing()
    title_font = scaled(font, 1.0, QFont.Weight.DemiBold)
    y = rect.top()
    painter.setFont(title_font)
    painter.setPen(text_color)
    for text in wrapped_lines(title_font, card.title, rect.width(), 2):
        painter.drawText(QRect(rect.left(), y, rect.width(), line), _LEFT, text)
        y += line
    y = rect.top() + 2 * line + 3
    # an SME the title names already ("…: Lumigrid AB × Da Nang DOST") leaves the line to
    # the counterpart when both do not fit
    named = bool(card.sme and card.counterpart and card.sme in card.title)
    metrics = QFontMetrics(font)
    parties = fitted_parties(metrics, card.sme, card.counterpart, rect.width())
    if named and "…" in parties:
        parties = metrics.elidedText(
            f"→ {card.counterpart}", Qt.TextElideMode.ElideRight, rect.width()
        )
    _line(painter, QRect(rect.left(), y, rect.width(), line), parties, font, quiet)
    y += line + 3
    value = money(card.amount, card.currency) or "No value yet"
    value_font = scaled(font, 1.0, QFont.Weight.DemiBold if card.amount else None)
    value_width = min(rect.width(), QFontMetrics(value_font).horizontalAdvance(value) + 1)
    _line(
        painter,
        QRect(rect.left(), y, value_width, line),
        value,
        value_font,
        text_color if card.amount else quiet,
    )
    left = rect.left() + value_width + 5
    converted = converted_text(card)
    if converted.startswith("≈") and metrics.horizontalAdvance(converted) > rect.right() - left:
        converted = converted.rsplit(" ", 1)[0]  # the column's header names the currency
    if converted and left < rect.right() - 20:
        width = min(rect.right() - left, metrics.horizontalAdvance(converted) + 1)
        _line(painter, QRect(left, y, width, line), converted, font, quiet)
        left += width + 8
    room = rect.right() - left
    facts = _fitting_facts(card, QFontMetrics(font), room)
    painter.setFont(font)
    painter.setPen(quiet)
    painter.drawText(QRect(rect.right() - room, y, room + 1, line), _RIGHT, facts)
    y += line + 3
    if card.next_step:
        italic = QFont(font)
        italic.setItalic(True)
        _line(
            painter,
            QRect(rect.left(), y, rect.width(), line),
            f"Next: {card.next_step}",
            italic,
            quiet,
        )


def fitted_parties(
    metrics: QFontMetrics, sme: str | None, counterpart: str | None, width: int
) -> str:
    """ "Lumigrid AB → Da Nang DOST", each side cut to its share of ``width`` when both do
    not fit: the counterpart first (a long SME name no longer hides it; the SME keeps at
    least a quarter)."""
    sides = [p for p in (sme, counterpart) if p]
    arrow = " → "
    text = arrow.join(sides)
    if len(sides) < 2 or metrics.horizontalAdvance(text) <= width:
        return text
    room = width - metrics.horizontalAdvance(arrow)
    first, second = (metrics.horizontalAdvance(s) for s in sides)
    share = min(first, max(room // 4, room - second - 2))  # the counterpart first
    cut = [
        metrics.elidedText(sides[0], Qt.TextElideMode.ElideRight, share),
        metrics.elidedText(sides[1], Qt.TextElideMode.ElideRight, room - share),
    ]
    return arrow.join(cut)


def _fitting_facts(card: LeadCard, metrics: QFontMetrics, room: int) -> str:
    """ "pilot · 70 %", or just "pilot" when the card is narrow."""
    chance = f"{card.probability} %" if card.probability is not None else ""
    fuller = " · ".join(f for f in (card.kind, chance) if f)
    for text in (fuller, card.kind):
        if metrics.horizontalAdvance(text) <= room:
            return text
    return ""


def _line(painter: QPainter, rect: QRect, text: str, font: QFont, color: QColor) -> None:
    painter.setFont(font)
    painter.setPen(color)
    elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, _LEFT, elided)


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def converted_text(card: LeadCard) -> str:
    """ "≈ 11k EUR" beside a value in another currency, "no SEK→VND rate", or ""."""
    found = card.converted
    if card.amount is None or found is None:
        return ""
    if (card.currency or "").upper() == found.currency:
        return ""
    if found.value is None:
        return found.problem
    return f"≈{_rounded(float(found.value))} {found.currency}"


def _rounded(amount: float) -> str:
    """ "68k", "1.2M": two figures at most, where a card has little room."""
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= limit:
            scaled = amount / limit
            return (f"{scaled:.0f}" if scaled >= 10 else f"{scaled:.1f}").removesuffix(
                ".0"
            ) + suffix
    return f"{amount:.0f}"


def card_value(card: LeadCard) -> str:
    """ "120k SEK ≈ 11k EUR", "120k SEK no SEK→VND rate", or "No value yet"."""
    original = money(card.amount, card.currency)
    return f"{original} {converted_text(card)}".strip() if original else "No value yet"
