"""The Trash: deleted records of every kind, restorable."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.lists import ListQuery
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.models.record_table import ID_ROLE, Column, RecordTableModel, Row
from smartgrowth_desktop.ui.pages.base import Page
from smartgrowth_desktop.ui.pages.record_list import text_of

_KINDS = (
    ("contact", "Contacts"),
    ("meeting", "Meetings"),
    ("organization", "Organizations"),
    ("lead", "Leads"),
    ("mission", "Missions"),
    ("follow_up", "Follow-ups"),
    ("market", "Markets"),
)


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
        for kind, label in _KINDS:
            self.kind_box.addItem(label, kind)
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
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.kind_box.currentIndexChanged.connect(lambda _i: self._show_kind())
        ctx.bus.changed.connect(self._on_changed)
        self.model: RecordTableModel | None = None

    def activated(self) -> None:
        self._show_kind()

    def _show_kind(self) -> None:
        kind = str(self.kind_box.currentData())
        columns = (
            Column("Record", _label),
            Column("Deleted", lambda r: r["deleted_at"].strftime("%Y-%m-%d %H:%M"), "deleted_at"),
            Column("Last edited", text_of("updated_at"), "updated_at"),
        )
        query = ListQuery(kind, "deleted_at", deleted=True)
        self.model = RecordTableModel(self.ctx.lists, self.ctx.operations.query, query, columns)
        self.model.reload()
        self.table.setModel(self.model)
        self.table.setColumnWidth(0, 380)

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
