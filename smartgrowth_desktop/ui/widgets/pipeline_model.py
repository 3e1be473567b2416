"""The cards of one pipeline stage as a Qt list model; dragging a card carries its lead id."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from smartgrowth_desktop.core.labels import stage_label
from smartgrowth_desktop.services.pipeline import LeadCard, StageSummary
from smartgrowth_desktop.ui.widgets.formatting import full_money

LEAD_MIME = "application/x-smartgrowth-lead-id"
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


def lead_mime(card: LeadCard) -> QMimeData:
    """Drag payload: the lead id under ``LEAD_MIME``, and the title as plain text."""
    mime = QMimeData()
    mime.setData(LEAD_MIME, QByteArray(str(card.id).encode()))
    mime.setText(card.title)
    return mime


def lead_id_of(mime: QMimeData | None) -> uuid.UUID | None:
    """The lead a drag carries, or None when it is not one of our cards."""
    if mime is None or not mime.hasFormat(LEAD_MIME):
        return None
    try:
        return uuid.UUID(bytes(mime.data(LEAD_MIME).data()).decode())
    except ValueError:
        return None


class StageModel(QAbstractListModel):
    """The cards shown in one stage column, newest first, and the stage's summary."""

    def __init__(self, stage: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.cards: list[LeadCard] = []
        self.summary = StageSummary()

    def set_cards(self, cards: list[LeadCard], summary: StageSummary) -> None:
        """Replace everything (after a load in the worker)."""
        self.beginResetModel()
        self.cards = list(cards)
        self.summary = summary
        self.endResetModel()

    @property
    def hidden(self) -> int:
        """Leads of this stage not loaded as cards (beyond the column's cap)."""
        return max(0, self.summary.count - len(self.cards))

    def row_of(self, lead_id: uuid.UUID) -> int | None:
        return next((n for n, c in enumerate(self.cards) if c.id == lead_id), None)

    def take(self, lead_id: uuid.UUID) -> LeadCard | None:
        """Remove a card (it moves to another stage) and count it out."""
        row = self.row_of(lead_id)
        if row is None:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        card = self.cards.pop(row)
        self.endRemoveRows()
        self.summary.add(card, -1)
        return card

    def put_first(self, card: LeadCard) -> None:
        """Add a card at the top (it was just updated) and count it in."""
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.cards.insert(0, card)
        self.endInsertRows()
        self.summary.add(card)

    # -- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        if role == CARD_ROLE:
            return card
        if role == ID_ROLE:
            return card.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(card)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{card.title}, {stage_label(card.stage)}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [LEAD_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = [i.row() for i in indexes if i.isValid()]
        return lead_mime(self.cards[rows[0]]) if rows else QMimeData()

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


def _tooltip(card: LeadCard) -> str:
    lines = [f"<b>{_escape(card.title)}</b>"]
    if card.sme or card.counterpart:
        lines.append(f"{_escape(card.sme or '?')} → {_escape(card.counterpart or '?')}")
    facts = [stage_label(card.stage), card.kind, full_money(card.amount, card.currency)]
    found = card.converted
    if card.amount is not None and found is not None and found.currency != card.currency:
        facts.append(f"≈ {full_money(found.value, found.currency)}" if found.ok else found.problem)
    if card.probability is not None:
        facts.append(f"{card.probability} %")
    lines.append(" · ".join(f for f in facts if f))
    if card.next_step:
        lines.append(f"Next: {_escape(card.next_step)}")
    lines.append("<i>Drag to another stage, or Ctrl+← / Ctrl+→. Enter opens it.</i>")
    return "<br>".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
