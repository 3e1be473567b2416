"""File → Import calendar…: an .ics file read in the background, a preview of what will
be created, updated or trashed (and the mission asked where several fit), then the import
in the background; the views refresh from the write's announcement."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error

if TYPE_CHECKING:  # icalendar loads only when the command is used
    from smartgrowth_desktop.services.calendar_import import CalendarPlan, CalendarReport
    from smartgrowth_desktop.services.calendar_plan import PlannedMeeting

Index = QModelIndex | QPersistentModelIndex
ICS_FILTER = "iCalendar (*.ics *.ical *.ifb *.icalendar);;All files (*)"
ACTION_TEXT = {
    "create": "New",
    "update": "Update",
    "trash": "To the trash",
    "unchanged": "Unchanged",
    "stale": "Older: ignored",
    "absent": "Not here",
}
QUIET = QColor("#6b6b6b")
ASK = QColor("#fff4d6")


class CalendarPreviewModel(QAbstractTableModel):
    """The planned meetings: what happens, when (local time), what, which mission."""

    ACTION, WHEN, TITLE, MISSION, NOTE = range(5)
    HEADERS: ClassVar[list[str]] = ["", "When (local time)", "Meeting", "Mission", "Note"]

    def __init__(self, plan: CalendarPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.plan.meetings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        meeting = self.plan.meetings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(meeting, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not meeting.writes:
            return QBrush(QUIET)
        if role == Qt.ItemDataRole.BackgroundRole and meeting.unclear:
            return QBrush(ASK)
        return None

    def _text(self, meeting: PlannedMeeting, column: int) -> str:
        if column == self.ACTION:
            return ACTION_TEXT.get(meeting.action, meeting.action)
        if column == self.WHEN:
            return _when(meeting)
        if column == self.TITLE:
            return meeting.title
        if column == self.MISSION:
            return self._mission(meeting)
        return meeting.reason

    def _mission(self, meeting: PlannedMeeting) -> str:
        if meeting.action == "trash":
            return ""
        if meeting.unclear:
            return "? " + " or ".join(self.plan.missions[c].name for c in meeting.candidates)
        if meeting.mission_id is None:
            return "—"
        return self.plan.missions[meeting.mission_id].name

    def refresh(self) -> None:
        """The missions changed (a choice was made)."""
        if self.plan.meetings:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.plan.meetings) - 1, 4))


def _when(meeting: PlannedMeeting) -> str:
    start = meeting.starts_at
    if start is None:
        return ""
    if meeting.invitation.all_day:
        return f"{start:%a %d %b %Y}, all day"
    return f"{start:%a %d %b %Y %H:%M} {meeting.zone}"


class CalendarImportDialog(QDialog):
    """The preview of one file: counts, the mission choice when unclear, the meetings."""

    def __init__(self, plan: CalendarPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Import calendar — {plan.file_name}")
        self.setObjectName("calendar-import")
        self.resize(980, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel(_summary(plan))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.mission = QComboBox()
        self.mission.setObjectName("calendar-mission")
        self.ask = self._mission_row(layout)
        self.model = CalendarPreviewModel(plan, self)
        self.table = QTableView()
        self.table.setObjectName("calendar-meetings")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CalendarPreviewModel.TITLE, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._enable()

    def _mission_row(self, layout: QVBoxLayout) -> QWidget | None:
        unclear = self.plan.unclear
        if not unclear:
            return None
        candidates = list(dict.fromkeys(c for m in unclear for c in m.candidates))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel(f"{len(unclear)} meeting(s) fit several missions; attach them to:"))
        self.mission.addItem("Choose a mission…", None)
        for mission_id in candidates:
            self.mission.addItem(self.plan.missions[mission_id].label(), mission_id)
        self.mission.addItem("No mission", "none")
        self.mission.currentIndexChanged.connect(self._chosen)
        line.addWidget(self.mission, 1)
        layout.addWidget(row)
        return row

    def _chosen(self) -> None:
        choice = self.mission.currentData()
        if choice is None:
            return
        self.plan.choose(choice if isinstance(choice, uuid.UUID) else None)
        self.model.refresh()
        self._enable()

    def _enable(self) -> None:
        writes = any(m.writes for m in self.plan.meetings)
        self.import_button.setEnabled(writes and not self.plan.unclear)
        if not writes:
            self.import_button.setToolTip("Nothing in this file changes the profile")
        elif self.plan.unclear:
            self.import_button.setToolTip("Choose the mission first")
        else:
            self.import_button.setToolTip("")


def _summary(plan: CalendarPlan) -> str:
    parts = [
        f"{plan.count(action)} {ACTION_TEXT[action].lower()}"
        for action in ("create", "update", "trash", "unchanged", "stale")
        if plan.count(action)
    ]
    people = plan.new_people()
    who = f"; {len(people)} new contact(s): " + ", ".join(p.name or p.email for p in people[:6])
    more = "…" if len(people) > 6 else ""
    people_text = who + more if people else ""
    return f"<b>{plan.file_name}</b>: " + (", ".join(parts) or "nothing") + people_text


class CalendarImporter:
    """The window's Import calendar command."""

    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        self.ctx, self.window = ctx, window
        self.dialog: CalendarImportDialog | None = None
        self.last_report: CalendarReport | None = None

    def import_calendar(self, path: str | None = None) -> None:
        """Choose a file, read and plan it in the background, then show the preview."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Import calendar", "", ICS_FILTER)
        if not path:
            return
        from smartgrowth_desktop.services.calendar_import import preview_calendar

        source, profile = Path(path), self.ctx.profile
        self.window.statusBar().showMessage(f"Reading {source.name}…")
        self.ctx.operations.run(
            lambda: preview_calendar(profile, source),
            self._show,
            lambda error: show_error(self.window, error),
        )

    def _show(self, plan: CalendarPlan) -> None:
        self.window.statusBar().clearMessage()
        dialog = CalendarImportDialog(plan, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._import(plan))
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _import(self, plan: CalendarPlan) -> None:
        from smartgrowth_desktop.services.calendar_import import import_calendar

        profile = self.ctx.profile

        def done(report: CalendarReport) -> None:
            self.last_report = report
            self.window.statusBar().showMessage(
                f"Imported {plan.file_name}: {report.created} new meetings, "
                f"{report.updated} updated, {report.trashed} to the trash; "
                f"{report.contacts_created} new contacts",
                12_000,
            )

        self.ctx.operations.run(
            lambda: import_calendar(profile, plan), done, lambda e: show_error(self.window, e)
        )
