"""The organization editor: its fields, and the people we know there (click to open)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.lists import ListQuery, Where
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.contact import section_label
from smartgrowth_desktop.ui.editors.form import FormField, RecordEditor
from smartgrowth_desktop.ui.fields import FieldInput
from smartgrowth_desktop.ui.models.record_table import ID_ROLE, Column, RecordTableModel, Row
from smartgrowth_desktop.ui.widgets.country import CountryInput
from smartgrowth_desktop.ui.widgets.phones import international

ORGANIZATION_FIELDS = (
    FormField("name"),
    FormField("native_name", placeholder="Sở Xây dựng, 广州市住房和城乡建设局…"),
    FormField("kind"),
    FormField(
        "country", "custom", tooltip="Also the country phone numbers of its people are read in"
    ),
    FormField("market_id"),
    FormField("website", placeholder="https://…"),
    FormField("solution_areas", placeholder="water, mobility, …"),
    FormField("description"),
)


def _first(field: str) -> Any:
    def show(row: Row) -> str:
        values = row.get(field) or []
        return str(values[0]) if values else ""

    return show


CONTACT_COLUMNS = (
    Column("Name", contact_display_name, "sort_name", contact_display_name),
    Column("Title", lambda r: str(r.get("title") or ""), "title"),
    Column("Phone", lambda r: international(_first("phones")(r)) if r.get("phones") else ""),
    Column("E-mail", _first("emails"), None, _first("emails")),
)


class OrganizationEditor(RecordEditor):
    """A ``RecordEditor`` for organizations, with a country combo and its contacts."""

    open_requested = Signal(str, object)  # kind, record id

    def __init__(self, ctx: AppContext, defaults: dict[str, Any] | None = None) -> None:
        super().__init__(ctx, "organization", ORGANIZATION_FIELDS, defaults)
        query = ListQuery("contact", "sort_name")
        self.contacts = RecordTableModel(ctx.lists, ctx.operations.query, query, CONTACT_COLUMNS)
        self.contacts.loaded.connect(self._contacts_shown)
        self._stale = False
        self.contacts_heading = section_label("Contacts")
        self.form_layout.addRow(self.contacts_heading)
        self.form_layout.addRow(self._contacts_view())
        ctx.bus.changed.connect(self._contacts_changed)

    def custom_input(self, spec: FormField) -> FieldInput | None:
        if spec.name == "country":
            self.country = CountryInput()
            return self.country
        return None

    def _contacts_view(self) -> QWidget:
        self.contact_table = QTableView()
        self.contact_table.setObjectName("organization-contacts")
        self.contact_table.setAccessibleName("Contacts at this organization")
        self.contact_table.setModel(self.contacts)
        self.contact_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contact_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contact_table.verticalHeader().hide()
        self.contact_table.setWordWrap(False)
        self.contact_table.setMinimumHeight(160)
        self.contact_table.setToolTip("Click a contact to open the card")
        header = self.contact_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((170, 120, 130)):
            header.resizeSection(column, width)
        self.contact_table.clicked.connect(self._open_contact)
        self.contact_table.activated.connect(self._open_contact)
        self.no_contacts = QLabel("No contacts here yet. Pick this organization on a contact card.")
        self.no_contacts.setObjectName("no-contacts")
        self.no_contacts.setWordWrap(True)
        self.no_contacts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.contacts_stack = QStackedWidget()
        self.contacts_stack.addWidget(self.contact_table)
        self.contacts_stack.addWidget(self.no_contacts)
        return self.contacts_stack

    def load(self, record_id: uuid.UUID | None) -> None:
        """Show an organization and the contacts who work there."""
        super().load(record_id)
        self._show_contacts()

    def _show_contacts(self) -> None:
        """Ask for the organization's contacts (they show when they arrive)."""
        self._stale = False
        if self.record_id is None:  # a new organization: nobody works there yet
            self.contacts_heading.setText("Contacts")
            self.contacts_stack.setCurrentWidget(self.no_contacts)
            return
        self.contacts.set_conditions([Where("organization_id", "=", self.record_id)])

    def _contacts_shown(self) -> None:
        count = self.contacts.rowCount()
        more = "+" if self.contacts.canFetchMore() else ""
        self.contacts_heading.setText(f"Contacts ({count}{more})" if count else "Contacts")
        self.contacts_stack.setCurrentWidget(self.contact_table if count else self.no_contacts)

    def _contacts_changed(self, summary: WriteSummary) -> None:
        if "contact" in summary.records and self.record_id is not None:
            self._stale = True
            if self.isVisible():
                self._show_contacts()

    def showEvent(self, event: QShowEvent) -> None:
        """Back on the page: catch up with contacts edited meanwhile."""
        super().showEvent(event)
        if self._stale:
            self._show_contacts()

    def _open_contact(self, index: QModelIndex) -> None:
        record_id = self.contacts.data(index, ID_ROLE)
        if isinstance(record_id, uuid.UUID):
            self.open_requested.emit("contact", record_id)
