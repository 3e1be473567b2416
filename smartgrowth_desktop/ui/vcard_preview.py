"""The vCard import preview: every card found, the ones that may repeat a stored contact
(merge, import as new or skip), the rejected ones with their reason; choose, then import."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.phones import KEPT, READ, is_as_written, shown
from smartgrowth_desktop.services.contact_import import Action, CardPlan, ImportPreview
from smartgrowth_desktop.ui.widgets.phones import phone_summary

Index = QModelIndex | QPersistentModelIndex
ACTION_TEXT = {"new": "Import as new", "merge": "Merge into it", "skip": "Skip"}
MATCH_COLOUR = QColor("#fff4d6")
WRITTEN_COLOUR = QColor("#8a5300")  # a number kept as written (as on the contact card)


class CardPreviewModel(QAbstractTableModel):
    """The good cards of a preview: import or not, what they hold, duplicates, action."""

    IMPORT, NAME, ORGANIZATION, REACH, DUPLICATE, ACTION = range(6)
    HEADERS: ClassVar[list[str]] = [
        "Import", "Name", "Organization", "Phones and e-mails", "Maybe the same as", "Action",
    ]  # fmt: skip
    PlanRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plans: list[CardPlan] = preview.good
        self._chosen_action: dict[int, Action] = {
            id(p): ("merge" if p.matches else "new") for p in self.plans
        }

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.plans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.IMPORT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        plan = self.plans[index.row()]
        if index.column() == self.ACTION and plan.matches and plan.action != "skip":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        plan, column = self.plans[index.row()], index.column()
        if role == self.PlanRole:
            return plan
        if role == Qt.ItemDataRole.CheckStateRole and column == self.IMPORT:
            return Qt.CheckState.Unchecked if plan.action == "skip" else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.BackgroundRole and plan.matches:
            return QBrush(MATCH_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.REACH:
            written = any(is_as_written(p) for p in plan.values.get("phones", []))
            return QBrush(WRITTEN_COLOUR) if written else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.REACH:
                return "\n".join(_phone_notes(plan)) or None
            notes = [f"{plan.card.where}", *plan.card.warnings]
            notes += [f"{m.label}: {'; '.join(m.reasons)}" for m in plan.matches]
            return "\n".join(notes)
        if role == Qt.ItemDataRole.EditRole and column == self.ACTION:
            return plan.action
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(plan, column)

    def _text(self, plan: CardPlan, column: int) -> str:
        if column == self.NAME:
            return plan.card.label
        if column == self.ORGANIZATION:
            return plan.card.organization or ""
        if column == self.REACH:
            phones = [_shown_phone(p) for p in plan.values.get("phones", [])]
            reach = [*phones, *(str(e) for e in plan.values.get("emails", []))]
            return ", ".join(reach[:3]) + ("…" if len(reach) > 3 else "")
        if column == self.DUPLICATE:
            if not plan.matches:
                return ""
            first = plan.matches[0]
            more = f" (+{len(plan.matches) - 1})" if len(plan.matches) > 1 else ""
            return f"{first.label} — {first.reasons[0]}{more}"
        if column == self.ACTION:
            return ACTION_TEXT[plan.action]
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        plan = self.plans[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.IMPORT:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            plan.action = self._chosen_action[id(plan)] if checked else "skip"
        elif role == Qt.ItemDataRole.EditRole and index.column() == self.ACTION:
            if value not in ACTION_TEXT:
                return False
            action: Action = value
            plan.action = action
            if action != "skip":
                self._chosen_action[id(plan)] = action
        else:
            return False
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True

    def counts(self) -> dict[str, int]:
        """How many cards each action has now."""
        found = {"new": 0, "merge": 0, "skip": 0}
        for plan in self.plans:
            found[plan.action] += 1
        return found


def _shown_phone(wire: object) -> str:
    text = shown(wire)
    return f"{text} (as written)" if is_as_written(wire) else text


def _phone_notes(plan: CardPlan) -> list[str]:
    """How each TEL of the card was read, for the Phones column's tooltip."""
    notes = []
    for reading in plan.phones:
        if reading.outcome == READ and reading.hint is not None:
            where = "your " if not reading.hint.own else "the card's "
            notes.append(
                f"{reading.text} → {shown(reading.wire)} (from {where}{reading.hint.source})"
            )
        elif reading.outcome == KEPT:
            notes.append(f"{reading.text}: kept as written, {reading.reason}")
        elif reading.note():
            notes.append(str(reading.note()))
    return notes


class ActionDelegate(QStyledItemDelegate):
    """A drop-down to choose what happens to a card that may repeat a stored contact."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        for key in ("merge", "new", "skip"):
            box.addItem(ACTION_TEXT[key], key)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class VCardImportDialog(QDialog):
    """Shows what a vCard import would do; ``accept()`` means: import the chosen cards."""

    def __init__(self, preview: ImportPreview, files: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vcard-import")
        self.setWindowTitle(f"Import vCard — {files}")
        self.preview = preview
        self.model = CardPreviewModel(preview, self)
        self.summary = QLabel()
        self.summary.setObjectName("vcard-summary")
        self.summary.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("vcard-cards")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(CardPreviewModel.ACTION, ActionDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((60, 230, 230, 230, 260)):
            self.table.setColumnWidth(column, width)
        self.rejected_list = QListWidget()
        self.rejected_list.setObjectName("vcard-rejected")
        for plan in preview.rejected:
            self.rejected_list.addItem(plan.error or plan.card.where)
        self.rejected_list.setMaximumHeight(110)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        rejected_label = QLabel(f"Not imported ({len(preview.rejected)}): the reason and line")
        rejected_label.setVisible(bool(preview.rejected))
        self.rejected_list.setVisible(bool(preview.rejected))
        layout.addWidget(rejected_label)
        layout.addWidget(self.rejected_list)
        layout.addWidget(self.buttons)
        self.model.dataChanged.connect(self._update)
        self._update()
        self.resize(1200, 640)

    def _update(self) -> None:
        counts = self.model.counts()
        matched = sum(1 for p in self.model.plans if p.matches)
        text = (
            f"{len(self.preview.cards)} cards found: {len(self.model.plans)} can be imported, "
            f"{matched} may be people you already have (highlighted: choose merge, import as "
            f"new or skip), {len(self.preview.rejected)} cannot be read."
        )
        self.summary.setText(text + phone_summary(self.preview.phone_tally().lines()))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        chosen = counts["new"] + counts["merge"]
        ok.setText(f"Import {chosen} card{'s' if chosen != 1 else ''}")
        ok.setEnabled(chosen > 0)
