"""The Missions page: missions beside the mission editor and the mission's meetings."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from smartgrowth_desktop.services.meeting_plans import meeting_defaults
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import RecordEditor
from smartgrowth_desktop.ui.editors.mission import FIELDS, MissionEditor
from smartgrowth_desktop.ui.home_zone import home_zone
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

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.open_record_requested: Callable[[str, uuid.UUID], None] | None = None
        self.splitter.setSizes([400, 780])  # the editor needs room for two columns
        header = self.table.horizontalHeader()
        for column, width in enumerate((190, 130, 50)):
            header.resizeSection(column, width)

    def make_editor(self) -> RecordEditor:
        editor = MissionEditor(self.ctx)
        editor.meetings.open_meeting.connect(self._open_meeting)
        editor.meetings.new_meeting.connect(self._new_meeting)
        return editor

    def _open_meeting(self, meeting_id: uuid.UUID) -> None:
        self.editor.flush()
        if self.open_record_requested is not None:
            self.open_record_requested("meeting", meeting_id)

    def _new_meeting(self) -> None:
        """Create a meeting in this mission (at its start, in its market's zone) and open it."""
        mission_id = self.editor.record_id
        if mission_id is None:
            return
        self.editor.flush()
        profile, records, home = self.ctx.profile, self.ctx.records, home_zone()

        def create() -> uuid.UUID:
            return records.create("meeting", meeting_defaults(profile, str(mission_id), home))

        self.ctx.operations.run(create, self._open_meeting)
