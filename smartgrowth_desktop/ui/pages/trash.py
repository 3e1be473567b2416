"""The Trash: deleted records of every kind, restorable."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.labels import kind_name
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.lists import ListQuery
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.models.record_table import ID_ROLE, Column, RecordTableModel, Row
from smartgrowth_desktop.ui.pages.base import Page
from smartgrowth_desktop.ui.widgets.formatting import moment_text

#: the kinds the Trash shows, in this order (named by ``core/labels.py``)
_KINDS = ("contact", "meeting", "organization", "lead", "mission", "follow_up", "market")


def _label(row: Row) -> str:
    if "family_name" in row:
        return contact_display_name(row)
    for field in ("name", "title", "text"):
        if row.get(field):
            return str(row[field])
    return "(untitled)"


class TrashPage(Page):
    """Deleted records of one kind at a time, with Restore."""

    title = "Trash"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("trash-kind")
        self.kind_box.setAccessibleName("Kind of record")
        for kind in _KINDS:
            self.kind_box.addItem(kind_name(kind, 2).capitalize(), kind)
        self.restore_button = QPushButton("Restore")
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.restore_selected)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show deleted"))
        bar.addWidget(self.kind_box)
        bar.addStretch(1)
        bar.addWidget(self.restore_button)
        self.table = QTableView()
        self.table.setObjectName("trash-table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel()
        self.empty.setObjectName("empty-state")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(mid); padding: 40px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack)
        self.kind_box.currentIndexChanged.connect(lambda _i: self._show_kind())
        ctx.bus.changed.connect(self._on_changed)
        ctx.home.changed.connect(lambda _zone: self._show_kind() if self.isVisible() else None)
        self.model: RecordTableModel | None = None

    def activated(self) -> None:
        self._show_kind()

    def _show_kind(self) -> None:
        kind = str(self.kind_box.currentData())
        home = self.ctx.home

        def when(field: str) -> Callable[[Row], str]:
            return lambda row: moment_text(
                row.get(field), home.zone, datetime.now(home.zone).date()
            )

        columns = (
            Column("Record", _label),
            Column("Deleted", when("deleted_at"), "deleted_at"),
            Column("Last edited", when("updated_at"), "updated_at"),
        )
        query = ListQuery(kind, "deleted_at", deleted=True)
        self.model = RecordTableModel(self.ctx.lists, self.ctx.operations.query, query, columns)
        self.model.loaded.connect(self._update_empty)
        self.model.rowsRemoved.connect(lambda *_a: self._update_empty())
        self.model.rowsInserted.connect(lambda *_a: self._update_empty())
        self.model.reload()
        self.table.setModel(self.model)
        self.table.setColumnWidth(0, 520)
        self.table.setColumnWidth(1, 160)
        self.restore_button.setToolTip(f"Put the selected {kind_name(kind)} back where it was")

    def _update_empty(self) -> None:
        """No deleted record of this kind: say what the Trash is for."""
        kind = str(self.kind_box.currentData())
        empty = self.model is None or self.model.rowCount() == 0
        self.empty.setText(
            f"No deleted {kind_name(kind, 2)}.\n\nWhat you move to the trash waits here (and"
            f" what a colleague deleted, after a sync): select it and press Restore to put"
            f" it back. Ctrl+Z undoes a delete just made."
        )
        self.stack.setCurrentWidget(self.empty if empty else self.table)
        self.restore_button.setEnabled(not empty)

    def restore_selected(self) -> None:
        if self.model is None:
            return
        index = self.table.currentIndex()
        record_id = self.model.data(index, ID_ROLE) if index.isValid() else None
        if not isinstance(record_id, uuid.UUID):
            return
        kind = self.model.kind
        ctx = self.ctx
        ctx.operations.run(lambda: ctx.records.restore(kind, record_id))

    def _on_changed(self, summary: WriteSummary) -> None:
        if self.model is not None and self.model.kind in summary.records and self.isVisible():
            self.model.reload()
