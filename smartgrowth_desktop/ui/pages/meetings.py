"""The Meetings page: the meetings of one mission (or all) beside the meeting editor."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMenu, QVBoxLayout, QWidget

from smartgrowth_desktop.services.lists import Where
from smartgrowth_desktop.services.meeting_plans import meeting_defaults
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import RecordEditor
from smartgrowth_desktop.ui.editors.meeting import FIELDS, MeetingEditor, mission_label
from smartgrowth_desktop.ui.models.record_table import Column
from smartgrowth_desktop.ui.options import MEETINGS_MISSION
from smartgrowth_desktop.ui.pages.columns import local_time
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of
from smartgrowth_desktop.ui.widgets.clash_marks import ClashMarks
from smartgrowth_desktop.ui.widgets.record_picker import RecordCombo

ALL_TEXT = "No meetings yet. Press Ctrl+N to capture one now, or “New meeting” to plan one."
MISSION_TEXT = "No meetings in this mission yet. Press “New meeting” to plan one."


class MeetingsPage(RecordListPage):
    title = "Meetings"
    kind = "meeting"
    noun = "meeting"
    default_sort = "starts_at"
    columns = (
        Column("When (local)", local_time, "starts_at"),
        Column("Title", text_of("title"), "title"),
        Column("Location", text_of("location"), "location"),
        Column("Attendees", lambda r: str(len(r.get("attendee_ids") or []))),
    )
    form = FIELDS
    empty_text = ALL_TEXT
    detail_width = 700  # details and notes side by side

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        header = self.table.horizontalHeader()
        for column, width in enumerate((150, 230, 130)):
            header.resizeSection(column, width)
        self.clash_marks = ClashMarks(ctx, self.table)  # ⚠ beside a double booking
        saved = MEETINGS_MISSION.read(ctx.settings)
        if saved:
            self.mission_filter.set_value(str(saved))

    def _build(self) -> None:
        super()._build()
        self.mission_filter = RecordCombo(self.ctx, "mission", "All missions", mission_label)
        self.mission_filter.setObjectName("mission-filter")
        self.mission_filter.setToolTip("Show the meetings of one mission")
        self.mission_filter.combo.setAccessibleName("Show the meetings of mission")
        self.mission_filter.edited.connect(self._filter_by_mission)
        row = QHBoxLayout()
        row.addWidget(QLabel("Mission"))
        row.addWidget(self.mission_filter, 1)
        left = self.splitter.widget(0)
        assert left is not None
        layout = left.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, row)

    def fill_record_menu(self, menu: QMenu, record_id: uuid.UUID) -> None:
        """A meeting's brief, and the follow-up e-mails to the people met."""
        menu.addAction(
            "Export meeting brief…", lambda: self.export_pack_requested.emit("meeting", record_id)
        )
        menu.addAction("Follow-up e-mails…", lambda: self.follow_up_mails_requested.emit(record_id))

    def make_editor(self) -> RecordEditor:
        return MeetingEditor(self.ctx)

    def mission_id(self) -> str | None:
        """The mission whose meetings are shown (None: all)."""
        value = self.mission_filter.value()
        return str(value) if value else None

    def activated(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._apply_mission()  # the first load, already filtered
        super().activated()

    def _filter_by_mission(self) -> None:
        MEETINGS_MISSION.write(self.ctx.settings, self.mission_id() or "")
        if self._loaded:
            self._apply_mission()

    def _apply_mission(self) -> None:
        mission = self.mission_id()
        conditions = [Where("mission_id", "=", uuid.UUID(mission))] if mission else []
        self.empty_text = MISSION_TEXT if mission else ALL_TEXT
        self.model.set_conditions(conditions)

    def new_record(self) -> None:
        """A new meeting in the shown mission, at the next hour in the mission's zone."""
        self.editor.flush()
        profile, mission, home = self.ctx.profile, self.mission_id(), self.ctx.home.name
        self.ctx.operations.run(lambda: meeting_defaults(profile, mission, home), self._start_new)

    def _start_new(self, defaults: dict[str, Any]) -> None:
        self.table.clearSelection()
        self.editor.defaults = defaults
        self.editor.load(None)
        self.detail.setCurrentWidget(self.editor)
        title = self.editor.inputs["title"]
        title.setFocus()
        if isinstance(title, QLineEdit):
            title.selectAll()

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        """Show a meeting, switching the mission filter to its mission if it is hidden."""
        super().open_record(kind, record_id)
        mission = self.editor.values.get("mission_id")
        shown = self.mission_id()
        if shown and shown != mission:
            self.mission_filter.set_value(mission)
            self._filter_by_mission()
            super().open_record(kind, record_id)
