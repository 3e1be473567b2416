"""The Missions page."""

from __future__ import annotations

from smartgrowth_desktop.ui.editors.form import FormField
from smartgrowth_desktop.ui.models.record_table import Column
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of


class MissionsPage(RecordListPage):
    title = "Missions"
    kind = "mission"
    noun = "mission"
    default_sort = "start_date"
    columns = (
        Column("Name", text_of("name"), "name"),
        Column("Starts", text_of("start_date"), "start_date"),
        Column("Ends", text_of("end_date"), "end_date"),
        Column("Delegates", text_of("delegates")),
        Column("SMEs", lambda r: str(len(r.get("sme_ids") or []))),
    )
    form = (
        FormField("name", "Name"),
        FormField("start_date", "Starts", "date"),
        FormField("end_date", "Ends", "date"),
        FormField("delegates", "Delegates", "list"),
        FormField("notes", "Notes", "text"),
    )
    empty_text = "No missions yet. A mission gathers the SMEs, meetings and leads of one trip."
