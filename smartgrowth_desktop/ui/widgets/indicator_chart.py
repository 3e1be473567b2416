"""A horizontal bar chart of the programme indicators, each against its target.

Every row shows the indicator's name, a bar, a marker at the target (a band for a range
such as 3–4) and the value; the target's end sits at the same place on every row, so the
rows compare at a glance. Rows are chosen with the mouse or with ↑/↓ and Enter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from smartgrowth_desktop.services.stats import Indicator
from smartgrowth_desktop.ui.widgets.painting import mix, muted, scaled, success, surface

ROW_HEIGHT = 74
TARGET_AT = 0.8  # where the end of the target sits along the track
DESCRIPTIONS = {
    "missions": "Export missions that have started",
    "smes": "SMEs that travelled on those missions",
    "markets": "Markets those missions went to",
    "agreements": "Leads at Agreement: signed sales or agreed pilots",
}


class IndicatorChart(QWidget):
    """Paints one row per indicator; emits ``chosen(key)`` when a row is picked."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicator-chart")
        self.setAccessibleName("Programme indicators")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.indicators: list[Indicator] = []
        self.current = -1
        self._hover = -1

    def set_indicators(self, indicators: list[Indicator]) -> None:
        """Show new values (keeps the chosen row)."""
        self.indicators = list(indicators)
        self.setFixedHeight(max(1, len(indicators)) * ROW_HEIGHT + 4)
        self.setAccessibleDescription(
            "; ".join(f"{i.label}: {i.value} of {_target(i)}" for i in indicators)
        )
        self.update()

    def key_at(self, row: int) -> str:
        return self.indicators[row].key

    def row_rect(self, row: int) -> QRect:
        """The area of one row (tests click in it)."""
        return QRect(0, 2 + row * ROW_HEIGHT, self.width(), ROW_HEIGHT)

    def choose(self, row: int) -> None:
        """Make ``row`` current and announce its key."""
        if 0 <= row < len(self.indicators):
            self.current = row
            self.update()
            self.chosen.emit(self.indicators[row].key)

    def sizeHint(self) -> QSize:
        return QSize(640, max(1, len(self.indicators)) * ROW_HEIGHT + 4)

    # -- input --------------------------------------------------------------------------

    def _row_at(self, point: QPoint) -> int:
        row = (point.y() - 2) // ROW_HEIGHT
        return row if 0 <= row < len(self.indicators) else -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.choose(self._row_at(event.position().toPoint()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        row = self._row_at(event.position().toPoint())
        if row != self._hover:
            self._hover = row
            cursor = Qt.CursorShape.PointingHandCursor if row >= 0 else Qt.CursorShape.ArrowCursor
            self.setCursor(cursor)
            self.update()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = -1
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
        if step:
            self.choose(min(max(self.current + step, 0), len(self.indicators) - 1))
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.choose(max(self.current, 0))
        else:
            super().keyPressEvent(event)

    # -- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for row, indicator in enumerate(self.indicators):
            self._paint_row(painter, self.row_rect(row), indicator, row)

    def _paint_row(self, painter: QPainter, rect: QRect, indicator: Indicator, row: int) -> None:
        palette = self.palette()
        if row in (self.current, self._hover):
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlphaF(0.13 if row == self.current else 0.05)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint)
            painter.drawRoundedRect(QRectF(rect).adjusted(1, 2, -1, -2), 6, 6)
        if row == self.current and self.hasFocus():
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(1.5, 2.5, -1.5, -2.5), 6, 6)
        label_width = min(340, max(220, rect.width() * 30 // 100))
        value_width = 150
        inner = rect.adjusted(16, 0, -16, 0)
        self._paint_label(
            painter, QRect(inner.left(), inner.top(), label_width, inner.height()), indicator
        )
        bar = QRect(inner.left() + label_width + 12, inner.top(), 0, inner.height())
        bar.setRight(inner.right() - value_width - 16)
        self._paint_bar(painter, bar, indicator)
        value = QRect(inner.right() - value_width, inner.top(), value_width, inner.height())
        self._paint_value(painter, value, indicator)

    def _paint_label(self, painter: QPainter, rect: QRect, indicator: Indicator) -> None:
        palette = self.palette()
        line = QFontMetrics(self.font()).lineSpacing()
        top = rect.center().y() - line
        bold = scaled(self.font(), 1.1, QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(
            QRect(rect.left(), top - 2, rect.width(), line + 2), _LEFT, indicator.label
        )
        painter.setFont(self.font())
        painter.setPen(muted(palette))
        text = QFontMetrics(self.font()).elidedText(
            DESCRIPTIONS.get(indicator.key, ""), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(QRect(rect.left(), top + line + 2, rect.width(), line), _LEFT, text)

    def _paint_bar(self, painter: QPainter, rect: QRect, indicator: Indicator) -> None:
        palette = self.palette()
        scale = max(indicator.target_high / TARGET_AT, indicator.value / 0.95, 1.0)
        track = QRectF(rect.left(), rect.center().y() - 6, rect.width(), 12)

        def x_of(amount: float) -> float:
            return track.left() + track.width() * min(amount / scale, 1.0)

        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(surface(palette, 0.12))
        painter.drawRoundedRect(track, 6, 6)
        low, high = x_of(indicator.target_low), x_of(indicator.target_high)
        if high > low:
            band = QColor(muted(palette))
            band.setAlphaF(0.25)
            painter.setBrush(band)
            painter.drawRect(QRectF(low, track.top(), high - low, track.height()))
        if indicator.value > 0:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(fill)
            painter.drawRoundedRect(
                QRectF(
                    track.left(), track.top(), x_of(indicator.value) - track.left(), track.height()
                ),
                6,
                6,
            )
        marker = mix(palette.color(QPalette.ColorRole.WindowText), surface(palette), 0.25)
        painter.setPen(QPen(marker, 2))
        for x in {low, high}:
            painter.drawLine(int(x), int(track.top() - 6), int(x), int(track.bottom() + 6))
        small = scaled(self.font(), 0.88)
        painter.setFont(small)
        painter.setPen(muted(palette))
        caption = QRect(int(low) - 60, int(track.bottom() + 6), int(high - low) + 120, 18)
        painter.drawText(
            caption,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            f"target {_target(indicator)}",
        )

    def _paint_value(self, painter: QPainter, rect: QRect, indicator: Indicator) -> None:
        palette = self.palette()
        big = scaled(self.font(), 1.6, QFont.Weight.DemiBold)
        number = str(indicator.value)
        metrics = QFontMetrics(big)
        top = rect.center().y() - metrics.height() // 2 - 6
        painter.setFont(big)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(QRect(rect.left(), top, rect.width(), metrics.height()), _LEFT, number)
        painter.setFont(self.font())
        painter.setPen(muted(palette))
        left = rect.left() + metrics.horizontalAdvance(number) + 6
        painter.drawText(
            QRect(left, top, rect.width(), metrics.height()), _LEFT, f"of {_target(indicator)}"
        )
        status, color = _status(indicator, palette)
        painter.setPen(color)
        painter.drawText(
            QRect(rect.left(), top + metrics.height(), rect.width(), 20), _LEFT, status
        )


def _target(indicator: Indicator) -> str:
    low, high = indicator.target_low, indicator.target_high
    return str(low) if low == high else f"{low}–{high}"


def _status(indicator: Indicator, palette: QPalette) -> tuple[str, QColor]:
    if indicator.reached:
        return "✓ target reached", success(palette)
    missing = indicator.target_low - indicator.value
    return f"{missing} to go", muted(palette)


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
