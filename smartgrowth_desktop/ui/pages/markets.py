"""The Markets page."""

from __future__ import annotations

from smartgrowth_desktop.ui.editors.form import FormField
from smartgrowth_desktop.ui.models.record_table import Column
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of


class MarketsPage(RecordListPage):
    title = "Markets"
    kind = "market"
    noun = "market"
    default_sort = "name"
    columns = (
        Column("Name", text_of("name"), "name"),
        Column("Country", text_of("country"), "country"),
        Column("Time zone", text_of("time_zone"), "time_zone"),
        Column("Focus areas", text_of("focus_areas")),
    )
    form = (
        FormField("name"),
        FormField("country", placeholder="VN, CN"),
        FormField("region"),
        FormField("time_zone", placeholder="Asia/Ho_Chi_Minh"),
        FormField("focus_areas"),
    )
    empty_text = "No markets yet."
