"""The Organizations page: counterparts and SMEs, each with the people we know there."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from smartgrowth_desktop.core.labels import choice_label
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.lists import CountOf
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import RecordEditor
from smartgrowth_desktop.ui.editors.organization import ORGANIZATION_FIELDS, OrganizationEditor
from smartgrowth_desktop.ui.models.record_table import Column, Row
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of
from smartgrowth_desktop.ui.widgets.country import country_name


def contact_count(row: Row) -> str:
    """How many live contacts work there (blank for none)."""
    return str(row.get("contact_count") or "")


def country(row: Row) -> str:
    code = row.get("country")
    return f"{country_name(code)} ({code})" if code else ""


class OrganizationsPage(RecordListPage):
    title = "Organizations"
    kind = "organization"
    noun = "organization"
    default_sort = "sort_name"
    columns = (
        Column("Name", text_of("name"), "sort_name", text_of("name")),  # folded: Đà by Da
        Column("Native name", text_of("native_name"), "native_name", text_of("native_name")),
        Column("Kind", lambda r: choice_label("kind", r.get("kind")), "kind"),
        Column("Country", country, "country"),
        Column("Contacts", contact_count),
        Column("Solution areas", text_of("solution_areas"), None, text_of("solution_areas")),
    )
    form = ORGANIZATION_FIELDS
    defaults = {"kind": "company"}  # noqa: RUF012
    empty_text = "No organizations yet. Press “New organization”, or load the demo data."
    joins = (CountOf("contact", "organization_id", "contact_count"),)
    #: "Ho Chi Minh City Department of Construction" and "… of Science and Technology"
    elide_middle = ("Name",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        header = self.table.horizontalHeader()
        for column, width in enumerate((190, 170, 90, 120, 70)):
            header.resizeSection(column, width)
        self.splitter.setStretchFactor(0, 5)  # the editor lists contacts too: give it room
        self.splitter.setStretchFactor(1, 4)

    def make_editor(self) -> RecordEditor:
        editor = OrganizationEditor(self.ctx, dict(self.defaults))
        editor.open_requested.connect(self.open_record_requested)
        return editor

    def _on_changed(self, summary: WriteSummary) -> None:
        """Contact counts follow contacts (now if the page shows, else when it does)."""
        super()._on_changed(summary)
        if "contact" in summary.records and self.kind not in summary.records:
            self.reload_list()
