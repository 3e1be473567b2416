"""One column of the pipeline board: a header with count and value, and a list of cards.

The list accepts dropped lead cards (``LEAD_MIME``) from the other columns and emits
``dropped``; with the keyboard, Ctrl+←/→ asks to move the current card one stage,
←/→ alone moves the focus to the neighbouring column and Enter opens the card.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHBoxLayout, QLabel, QListView, QVBoxLayout

from smartgrowth_desktop.core.labels import stage_label
from smartgrowth_desktop.services.pipeline import StageSummary
from smartgrowth_desktop.ui.widgets.formatting import money, totals_text
from smartgrowth_desktop.ui.widgets.labels import QuietLabel
from smartgrowth_desktop.ui.widgets.lead_card import LeadCardDelegate
from smartgrowth_desktop.ui.widgets.painting import muted, scaled, surface
from smartgrowth_desktop.ui.widgets.pipeline_model import (
    CARD_ROLE,
    ID_ROLE,
    StageModel,
    lead_id_of,
    lead_mime,
)

THIN_SCROLLBAR = """
QScrollBar:vertical { width: 8px; background: transparent; margin: 0; }
QScrollBar::handle:vertical { background: palette(mid); border-radius: 3px; min-height: 28px;
                              margin: 0 2px 0 1px; }
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }
"""
KEY_HINT = "Drag a card to another stage, or select it and press Ctrl+→ / Ctrl+←. Enter opens it."


class StageView(QListView):
    """The cards of one stage; a drop target for cards of the other stages."""

    dropped = Signal(object)  # lead id
    move_requested = Signal(object, int)  # lead id, +1 / -1 stage
    open_requested = Signal(object)  # lead id
    neighbour_requested = Signal(int)  # -1 / +1 column
    hovering = Signal(bool)

    def __init__(self, model: StageModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setItemDelegate(LeadCardDelegate(self))
        self.setObjectName(f"stage-{model.stage}")
        self.setAccessibleName(f"{stage_label(model.stage)} leads")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)  # the column's surface shows through
        self.verticalScrollBar().setStyleSheet(THIN_SCROLLBAR)
        self.doubleClicked.connect(self._open_index)

    def stage_model(self) -> StageModel:
        model = self.model()
        assert isinstance(model, StageModel)
        return model

    def current_lead(self) -> uuid.UUID | None:
        value = self.currentIndex().data(ID_ROLE)
        return value if isinstance(value, uuid.UUID) else None

    def select_lead(self, lead_id: uuid.UUID) -> bool:
        """Make ``lead_id`` the current card, if this column shows it."""
        row = self.stage_model().row_of(lead_id)
        if row is None:
            return False
        index = self.stage_model().index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    # -- drag and drop ------------------------------------------------------------------

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        index = self.currentIndex()
        card = index.data(CARD_ROLE)
        if card is None:
            return
        drag = QDrag(self)
        drag.setMimeData(lead_mime(card))
        rect = self.visualRect(index)
        drag.setPixmap(self.viewport().grab(rect))
        drag.setHotSpot(self.viewport().mapFromGlobal(self.cursor().pos()) - rect.topLeft())
        drag.exec(Qt.DropAction.MoveAction)

    def _acceptable(self, event: QDragMoveEvent | QDropEvent) -> uuid.UUID | None:
        lead = lead_id_of(event.mimeData())
        if lead is None or self.stage_model().row_of(lead) is not None:
            return None  # not a card, or already in this stage
        return lead

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._acceptable(event) is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.hovering.emit(True)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.hovering.emit(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self.hovering.emit(False)
        lead = self._acceptable(event)
        if lead is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.dropped.emit(lead)

    # -- keyboard -----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        sideways = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: +1}.get(Qt.Key(key))
        lead = self.current_lead()
        if sideways and mods & Qt.KeyboardModifier.ControlModifier:
            if lead is not None:
                self.move_requested.emit(lead, sideways)
            event.accept()
        elif sideways and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            self.neighbour_requested.emit(sideways)
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and lead is not None:
            self.open_requested.emit(lead)
            event.accept()
        else:
            super().keyPressEvent(event)

    def _open_index(self, index: QModelIndex) -> None:
        lead = index.data(ID_ROLE)
        if isinstance(lead, uuid.UUID):
            self.open_requested.emit(lead)

    # -- empty state --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.stage_model().rowCount():
            return
        painter = QPainter(self.viewport())
        painter.setPen(muted(self.palette()))
        rect = self.viewport().rect().adjusted(8, 24, -8, 0)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(rect, flags | Qt.TextFlag.TextWordWrap, "No leads here.\nDrop a card.")


class StageColumn(QFrame):
    """A stage's header (name, count, value per currency), its cards and a "+N more" note."""

    def __init__(self, stage: str, position: float) -> None:
        super().__init__()
        self.stage = stage
        self.position = position  # 0–1 along the pipeline, for the header stripe
        self._hover = False
        self.setObjectName(f"column-{stage}")
        self.model = StageModel(stage, self)
        self.view = StageView(self.model)
        self.view.hovering.connect(self._set_hover)
        self.title = QLabel(stage_label(stage, short=True))  # a column has little room
        self.title.setToolTip(stage_label(stage))
        self.title.setFont(scaled(self.font(), 1.0, QFont.Weight.DemiBold))
        self.count = QuietLabel("0")
        self.count.setObjectName(f"count-{stage}")
        self.total = QuietLabel()
        self.total.setObjectName(f"total-{stage}")
        self.total.setWordWrap(True)
        self.more = QuietLabel()
        self.more.setObjectName(f"more-{stage}")
        self.more.setWordWrap(True)
        self._layout()
        self.setMinimumWidth(150)
        self.setAcceptDrops(True)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.count)
        self.total.setMinimumHeight(2 * self.fontMetrics().lineSpacing())
        self.total.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 12, 2, 6)
        column.setSpacing(2)
        top.setContentsMargins(6, 0, 6, 0)
        column.addLayout(top)
        self.total.setContentsMargins(6, 0, 6, 4)
        column.addWidget(self.total)
        column.addWidget(self.view, 1)
        self.more.setContentsMargins(6, 4, 6, 2)
        column.addWidget(self.more)

    def refresh_header(self) -> None:
        """Show the stage's count, value totals and how many cards are not loaded."""
        summary = self.model.summary
        self.count.setText(f"{summary.count:,}")
        self.count.setToolTip(f"{summary.count:,} leads in {stage_label(self.stage)}")
        self.total.setText(header_value(summary))
        self.total.setToolTip(totals_text(summary.totals, "\n") or "")
        hidden = self.model.hidden
        self.more.setVisible(hidden > 0)
        self.more.setText(f"+{hidden:,} more ({len(self.model.cards):,} newest shown)")
        self.more.setToolTip(
            f"The {len(self.model.cards):,} most recently updated leads of this stage are "
            "shown as cards; the List view filters and sorts every lead."
        )

    # A drop anywhere on the column (its header too) goes to the column's list.

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.view.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.view.dragMoveEvent(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.view.dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.view.dropEvent(event)

    def _set_hover(self, hover: bool) -> None:
        if hover != self._hover:
            self._hover = hover
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        accent = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(accent, 2) if self._hover else Qt.PenStyle.NoPen)
        painter.setBrush(surface(palette, 0.08 if self._hover else 0.04))
        painter.drawRoundedRect(rect, 8, 8)
        stripe = QColor(accent) if self.stage != "lost" else muted(palette)
        stripe.setAlphaF(0.35 + 0.65 * self.position if self.stage != "lost" else 0.6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(stripe)
        painter.drawRoundedRect(
            QRectF(rect.left() + 8, rect.top() + 4, rect.width() - 16, 3), 1.5, 1.5
        )


def header_value(summary: StageSummary) -> str:
    """ "≈ 1.4M EUR" over "1.2M EUR · 340k CNY", what has no rate and how many leads
    have no value, or "No value yet"."""
    totals = totals_text(summary.totals)
    if not totals:
        return "No value yet"
    lines = [totals]
    converted, problems = summary.converted()
    others = {c for c, v in summary.totals.items() if v} - {summary.reporting_currency}
    if others and converted is not None:
        lines.insert(0, f"≈ {money(converted, summary.reporting_currency)} in all")
    lines.extend(problems)
    if summary.without_value:
        lines.append(f"{summary.without_value:,} without a value")
    return "\n".join(lines)
