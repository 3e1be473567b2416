"""A calm two-line list row: an optional tick box, a time or date aside, title, subtitle
and a badge ("3 days overdue"). Used by Today, Indicators and the stage history.

Items are ``QStandardItem``s carrying the custom roles below; a row whose item is user
checkable gets a tick box that the mouse or the space bar toggles.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from smartgrowth_desktop.ui.widgets.painting import muted, scaled, success, surface, warning

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # (kind, uuid)
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 10
ASIDE_ROLE = Qt.ItemDataRole.UserRole + 11  # (first line, second line)
BADGE_ROLE = Qt.ItemDataRole.UserRole + 12
TONE_ROLE = Qt.ItemDataRole.UserRole + 13  # "warn", "ok" or None
_Index = QModelIndex | QPersistentModelIndex
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CHECK = 22  # room for the tick box


class _Look(NamedTuple):
    """The fonts, metrics and colours every row of one font and palette is painted with."""

    line: int  # the line spacing of the list's font
    plain: QFontMetrics
    title: QFont
    title_done: QFont  # struck out
    title_metrics: QFontMetrics
    aside: QFont
    badge: QFont
    badge_metrics: QFontMetrics
    text: QColor
    muted: QColor
    rule: QColor  # the line under a row
    highlight: QColor
    warn: QColor
    ok: QColor


def _look(font: QFont, palette: QPalette) -> _Look:
    title = scaled(font, 1.0, QFont.Weight.Medium)
    title_done = QFont(title)
    title_done.setStrikeOut(True)
    badge = scaled(font, 0.9)
    plain = QFontMetrics(font)
    return _Look(
        plain.lineSpacing(),
        plain,
        title,
        title_done,
        QFontMetrics(title),
        scaled(font, 1.0, QFont.Weight.DemiBold),
        badge,
        QFontMetrics(badge),
        palette.color(QPalette.ColorRole.Text),
        muted(palette),
        surface(palette, 0.10),
        palette.color(QPalette.ColorRole.Highlight),
        warning(palette),
        success(palette),
    )


class RowDelegate(QStyledItemDelegate):
    """Paints rows of two lines; ``aside_width`` > 0 keeps a column for times or dates.

    The fonts, metrics and colours are made once per font and palette (``_Look``), not
    for every row: a screen of rows is painted in the window's first frame.
    """

    def __init__(self, parent: QWidget | None = None, aside_width: int = 0) -> None:
        super().__init__(parent)
        self.aside_width = aside_width
        self._looks: dict[tuple[str, int, int], _Look] = {}

    def _look_of(self, option: QStyleOptionViewItem) -> _Look:
        palette = option.palette
        key = (option.font.key(), palette.cacheKey(), palette.currentColorGroup().value)
        look = self._looks.get(key)
        if look is None:
            if len(self._looks) > 8:  # a few fonts and palettes in a session
                self._looks.clear()
            look = self._looks[key] = _look(option.font, palette)
        return look

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(200, 2 * self._look_of(option).line + 18)

    @staticmethod
    def check_rect(row: QRect) -> QRect:
        """Where a row's tick box is (tests click its centre)."""
        size = QApplication.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
        return QRect(row.left() + 10, row.center().y() - size // 2, size, size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect, look = option.rect, self._look_of(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._background(painter, option, look)
        left = rect.left() + 12
        state = index.data(Qt.ItemDataRole.CheckStateRole)
        checked = state == Qt.CheckState.Checked.value
        if state is not None:  # a tick box, greyed while it cannot be ticked yet
            enabled = bool(index.flags() & Qt.ItemFlag.ItemIsUserCheckable)
            self._tick_box(painter, option, checked, enabled)
            left += _CHECK
        tone = _tone(look, index.data(TONE_ROLE))
        aside = index.data(ASIDE_ROLE)
        if self.aside_width and aside:
            self._aside(
                painter,
                option.font,
                look,
                QRect(left, rect.top(), self.aside_width, rect.height()),
                aside,
                tone,
            )
        left += self.aside_width
        right = rect.right() - 12 - self._badge(painter, rect, look, index.data(BADGE_ROLE), tone)
        self._texts(
            painter,
            option.font,
            look,
            index,
            QRect(left, rect.top(), right - left, rect.height()),
            checked,
        )
        painter.restore()

    # -- parts --------------------------------------------------------------------------

    def _background(self, painter: QPainter, option: QStyleOptionViewItem, look: _Look) -> None:
        rect = option.rect
        selected = option.state & QStyle.StateFlag.State_Selected
        hovered = option.state & QStyle.StateFlag.State_MouseOver
        if selected or hovered:
            color = QColor(look.highlight)
            color.setAlphaF(0.16 if selected else 0.06)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(rect.adjusted(2, 1, -2, -1), 5, 5)
        painter.setPen(look.rule)
        painter.drawLine(rect.left() + 10, rect.bottom(), rect.right() - 10, rect.bottom())

    def _tick_box(
        self, painter: QPainter, option: QStyleOptionViewItem, checked: bool, enabled: bool
    ) -> None:
        box = QStyleOptionButton()
        box.rect = self.check_rect(option.rect)
        box.palette = option.palette
        box.state = QStyle.StateFlag.State_On if checked else QStyle.StateFlag.State_Off
        if enabled:
            box.state |= QStyle.StateFlag.State_Enabled
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_IndicatorCheckBox, box, painter, option.widget
        )

    def _aside(
        self,
        painter: QPainter,
        font: QFont,
        look: _Look,
        rect: QRect,
        aside: Any,
        tone: QColor | None,
    ) -> None:
        first, second = (aside, "") if isinstance(aside, str) else [*aside, "", ""][:2]
        line = look.line
        top = rect.top() + (rect.height() - 2 * line) // 2
        painter.setFont(look.aside)
        painter.setPen(tone or look.text)
        painter.drawText(QRect(rect.left(), top, rect.width() - 8, line), _LEFT, first)
        painter.setFont(font)
        painter.setPen(look.muted)
        painter.drawText(QRect(rect.left(), top + line, rect.width() - 8, line), _LEFT, second)

    def _badge(
        self, painter: QPainter, row: QRect, look: _Look, text: Any, tone: QColor | None
    ) -> int:
        if not text:
            return 0
        metrics = look.badge_metrics
        width = metrics.horizontalAdvance(str(text)) + 16
        height = metrics.height() + 4
        top = row.center().y() - height // 2
        rect = QRect(row.right() - 10 - width, top, width, height)
        color = QColor(tone or look.muted)
        fill = QColor(color)
        fill.setAlphaF(0.13)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setFont(look.badge)
        painter.setPen(color)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(text))
        return width + 8

    def _texts(
        self,
        painter: QPainter,
        font: QFont,
        look: _Look,
        index: _Index,
        rect: QRect,
        done: bool,
    ) -> None:
        line = look.line
        top = rect.top() + (rect.height() - 2 * line) // 2
        painter.setFont(look.title_done if done else look.title)
        painter.setPen(look.muted if done else look.text)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        elide = Qt.TextElideMode.ElideRight
        painter.drawText(
            QRect(rect.left(), top, rect.width(), line),
            _LEFT,
            look.title_metrics.elidedText(title, elide, rect.width()),
        )
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        painter.setFont(font)
        painter.setPen(look.muted)
        painter.drawText(
            QRect(rect.left(), top + line, rect.width(), line),
            _LEFT,
            look.plain.elidedText(subtitle, elide, rect.width()),
        )

    # -- the tick box -------------------------------------------------------------------

    def editorEvent(
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: _Index
    ) -> bool:
        if not index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            return False
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            assert isinstance(event, QMouseEvent)
            hit = self.check_rect(option.rect).adjusted(-4, -4, 4, 4)
            if not hit.contains(event.position().toPoint()):
                return False
            if kind == QEvent.Type.MouseButtonDblClick:
                return True
        elif kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() not in (Qt.Key.Key_Space, Qt.Key.Key_Select):
                return False
        else:
            return False
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
        state = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        return bool(model.setData(index, state.value, Qt.ItemDataRole.CheckStateRole))


def row_list(name: str, aside_width: int = 0) -> QListView:
    """A frameless list of ``RowDelegate`` rows."""
    view = QListView()
    view.setObjectName(name)
    view.setItemDelegate(RowDelegate(view, aside_width))
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setUniformItemSizes(True)
    view.setMouseTracking(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view


def _tone(look: _Look, tone: Any) -> QColor | None:
    if tone == "warn":
        return look.warn
    if tone == "ok":
        return look.ok
    return None
