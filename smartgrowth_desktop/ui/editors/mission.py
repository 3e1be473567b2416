"""The mission editor: name, dates, markets, travelling SMEs, delegates, notes; and beside
them the mission's meetings (a click opens one, a button plans a new one)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.lists import ListQuery, ListService, Where
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import FormField, RecordEditor
from smartgrowth_desktop.ui.editors.meeting import fit_width, show_start_of_lines
from smartgrowth_desktop.ui.fields import FieldInput
from smartgrowth_desktop.ui.widgets.pickers import many_picker
from smartgrowth_desktop.ui.widgets.time_zone import DateInput

FIELDS = (
    FormField("name", placeholder="e.g. Smart water, Da Nang, spring 2026"),
    FormField("start_date", "custom"),
    FormField("end_date", "custom"),
    FormField("market_ids", "custom"),
    FormField("sme_ids", "custom", tooltip="The SMEs travelling on this mission"),
    FormField("delegates", placeholder="Anna Berg, Mikko Virtanen"),
    FormField("notes"),
)
MEETING_ROLE = Qt.ItemDataRole.UserRole + 1


Line = tuple[uuid.UUID, str, str]  # meeting id, day heading, "09:00  Title"


def meetings_of(lists: ListService, mission_id: uuid.UUID) -> list[Line]:
    """A mission's meetings in time order, in their local times (worker side)."""
    where = (Where("mission_id", "=", mission_id),)
    query = ListQuery("meeting", "starts_at", where=where, fields=("title", "time_zone"))
    rows = list(lists.page(query, limit=5000).dicts())
    rows.sort(key=lambda r: (r["starts_at"] is None, r["starts_at"] or 0, r["title"] or ""))
    return [_meeting_line(row) for row in rows]


def _meeting_line(row: dict[str, Any]) -> Line:
    title = row["title"] or "(untitled)"
    starts = row["starts_at"]
    if not isinstance(starts, datetime):
        return row["id"], "No time yet", title
    zone = ZoneInfo(row["time_zone"]) if row["time_zone"] else ZoneInfo("UTC")
    local = starts.astimezone(zone)
    return row["id"], f"{local:%A %d %B %Y}", f"{local:%H:%M}   {title}"


class MissionMeetings(QWidget):
    """The meetings of one mission; emits ``open_meeting(id)`` and ``new_meeting()``."""

    open_meeting = Signal(object)
    new_meeting = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mission_id: uuid.UUID | None = None
        title = QLabel("Meetings")
        title.setStyleSheet("font-weight: 600;")
        self.count = QLabel()
        self.count.setStyleSheet("color: palette(mid);")
        self.add_button = QPushButton("＋ New meeting in this mission")
        self.add_button.setObjectName("new-meeting-in-mission")
        self.add_button.clicked.connect(self.new_meeting.emit)
        self.list = QListWidget()
        self.list.setObjectName("mission-meetings")
        self.list.setAccessibleName("Meetings of this mission")
        self.list.setToolTip("Click a meeting to open it")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemClicked.connect(self._open)
        self.list.itemActivated.connect(self._open)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(mid);")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.add_button)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        ctx.bus.changed.connect(self._on_changed)
        self.set_mission(None)

    def set_mission(self, mission_id: uuid.UUID | None) -> None:
        """List the meetings of ``mission_id`` (None: a mission not saved yet)."""
        self.mission_id = mission_id
        self.add_button.setEnabled(mission_id is not None)
        if mission_id is None:
            self._show(None, [])
            return
        lists = self.ctx.lists
        self.ctx.operations.query(
            lambda: meetings_of(lists, mission_id), lambda rows: self._show(mission_id, rows)
        )

    def _show(self, mission_id: uuid.UUID | None, rows: list[Line]) -> None:
        if mission_id != self.mission_id:
            return  # another mission was opened meanwhile
        self.list.clear()
        day = None
        for meeting_id, heading, line in rows:
            if heading != day:
                day = heading
                self.list.addItem(_heading(heading))
            item = QListWidgetItem(line)
            item.setData(MEETING_ROLE, meeting_id)
            item.setToolTip(line)
            self.list.addItem(item)
        count = len(rows)
        self.count.setText(f"{count} meeting{'s' if count != 1 else ''}" if rows else "")
        if mission_id is None:
            self.empty.setText("The mission's meetings are listed here once it has a name.")
        else:
            self.empty.setText("No meetings planned yet.\nPlan the agenda one meeting at a time.")
        self.list.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def _open(self, item: QListWidgetItem) -> None:
        meeting_id = item.data(MEETING_ROLE)
        if isinstance(meeting_id, uuid.UUID):
            self.open_meeting.emit(meeting_id)

    def _on_changed(self, summary: WriteSummary) -> None:
        if self.mission_id is not None and "meeting" in summary.records:
            self.set_mission(self.mission_id)


class MissionEditor(RecordEditor):
    """Edits one mission; a new one is created at its first save."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "mission", FIELDS, {}, parent)
        self.saved.connect(self._saved_mission)

    def custom_input(self, spec: FormField) -> FieldInput | None:
        if spec.name in ("start_date", "end_date"):
            return DateInput("no date yet")
        if spec.name == "market_ids":
            return many_picker(self.ctx, "mission", spec.name, "market")
        if spec.name == "sme_ids":
            return many_picker(self.ctx, "mission", spec.name, "organization")
        return None

    def arrange(self, form: QWidget) -> QWidget:
        fit_width(form)
        self.meetings = MissionMeetings(self.ctx)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setChildrenCollapsible(False)
        body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        body.addWidget(form)
        body.addWidget(self.meetings)
        body.setSizes([430, 340])
        return body

    def values_shown(self) -> None:
        show_start_of_lines(self)
        if self.meetings.mission_id != self.record_id:
            self.meetings.set_mission(self.record_id)

    def _saved_mission(self, record_id: uuid.UUID) -> None:
        if self.meetings.mission_id != record_id:
            self.meetings.set_mission(record_id)


def _heading(text: str) -> QListWidgetItem:
    """A day heading in the meetings list (not selectable)."""
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    return item
