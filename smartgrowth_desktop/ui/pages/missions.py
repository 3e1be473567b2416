"""The Missions page: missions beside the mission editor and the mission's meetings."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QMenu, QWidget

from smartgrowth_desktop.services.meeting_plans import meeting_defaults
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import RecordEditor
from smartgrowth_desktop.ui.editors.mission import FIELDS, MissionEditor
from smartgrowth_desktop.ui.models.record_table import Column, Row
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of


def _dates(row: Row) -> str:
    start, end = row.get("start_date"), row.get("end_date")
    if start and end:
        return f"{start:%d %b} – {end:%d %b %Y}"
    return f"{start or end or ''}"


class MissionsPage(RecordListPage):
    title = "Missions"
    kind = "mission"
    noun = "mission"
    default_sort = "start_date"
    columns = (
        Column("Name", text_of("name"), "name"),
        Column("Dates", _dates, "start_date"),
        Column("SMEs", lambda r: str(len(r.get("sme_ids") or []))),
        Column("Delegates", text_of("delegates")),
    )
    form = FIELDS
    empty_text = "No missions yet. A mission gathers the SMEs, meetings and leads of one trip."
    detail_width = 620  # the form and the mission's meetings side by side
    elide_middle = ("Name",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        header = self.table.horizontalHeader()
        for column, width in enumerate((300, 130, 50)):
            header.resizeSection(column, width)

    def fill_record_menu(self, menu: QMenu, record_id: uuid.UUID) -> None:
        """A mission's briefing pack, its meetings as a calendar, its debrief."""
        menu.addAction(
            "Export briefing pack…", lambda: self.export_pack_requested.emit("mission", record_id)
        )
        menu.addAction("Export calendar…", lambda: self.export_calendar_requested.emit(record_id))
        menu.addAction("Write debrief…", lambda: self.debrief_requested.emit(record_id))

    def make_editor(self) -> RecordEditor:
        editor = MissionEditor(self.ctx)
        editor.meetings.open_meeting.connect(self._open_meeting)
        editor.meetings.new_meeting.connect(self._new_meeting)
        return editor

    def _open_meeting(self, meeting_id: uuid.UUID) -> None:
        self.editor.flush()
        self.open_record_requested.emit("meeting", meeting_id)

    def _new_meeting(self) -> None:
        """Create a meeting in this mission (at its start, in its market's zone) and open it."""
        mission_id = self.editor.record_id
        if mission_id is None:
            return
        self.editor.flush()
        profile, records, home = self.ctx.profile, self.ctx.records, self.ctx.home.name

        def create() -> uuid.UUID:
            return records.create("meeting", meeting_defaults(profile, str(mission_id), home))

        self.ctx.operations.run(create, self._open_meeting)
