"""The Organizations page."""

from __future__ import annotations

from smartgrowth_desktop.core.schema import (
    ORGANIZATION_KINDS,
)
from smartgrowth_desktop.ui.editors.form import FormField
from smartgrowth_desktop.ui.models.record_table import Column
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of


class OrganizationsPage(RecordListPage):
    title = "Organizations"
    kind = "organization"
    noun = "organization"
    default_sort = "name"
    columns = (
        Column("Name", text_of("name"), "name"),
        Column("Native name", text_of("native_name"), "native_name"),
        Column("Kind", text_of("kind"), "kind"),
        Column("Country", text_of("country"), "country"),
        Column("Solution areas", text_of("solution_areas")),
    )
    form = (
        FormField("name", "Name"),
        FormField("native_name", "Native name"),
        FormField("kind", "Kind", "choice", ORGANIZATION_KINDS),
        FormField("country", "Country", placeholder="VN, CN, SE, FI, EE…"),
        FormField("market_id", "Market", "ref", ref_kind="market"),
        FormField("website", "Website"),
        FormField("solution_areas", "Solution areas", "list"),
        FormField("description", "Description", "text"),
    )
    defaults = {"kind": "company"}  # noqa: RUF012
    empty_text = "No organizations yet."
