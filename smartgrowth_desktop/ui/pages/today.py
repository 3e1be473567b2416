"""Today: today's meetings in the meeting's local time with home time beside it, and the
follow-ups that are due or overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from sqlalchemy import select

from smartgrowth_desktop.core.models import Meeting
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.pages.base import Page

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


class TodayPage(Page):
    """What matters today, at a glance."""

    title = "Today"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.meetings = QListWidget()
        self.meetings.setObjectName("today-meetings")
        self.follow_ups = QListWidget()
        self.follow_ups.setObjectName("today-follow-ups")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(QLabel("Meetings today and tomorrow (local time · home time)"))
        layout.addWidget(self.meetings, 1)
        layout.addWidget(QLabel("Follow-ups due or overdue"))
        layout.addWidget(self.follow_ups, 1)
        self.open_record_requested = None
        ctx.bus.changed.connect(self._on_changed)

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        profile = self.ctx.profile
        leads = self.ctx.leads
        today = date.today()

        def load() -> tuple[list[Meeting], list[object]]:
            start = datetime.combine(today, datetime.min.time(), tzinfo=UTC) - timedelta(hours=14)
            end = start + timedelta(days=2, hours=28)
            with profile.database.read() as session:
                meetings = list(
                    session.scalars(
                        select(Meeting)
                        .where(Meeting.deleted_at.is_(None), Meeting.starts_at >= start)
                        .where(Meeting.starts_at < end)
                        .order_by(Meeting.starts_at)
                    )
                )
            return meetings, list(leads.follow_ups(due_by=today))

        self.ctx.operations.run(load, self._show)

    def _show(self, loaded: tuple[list[Meeting], list[object]]) -> None:
        meetings, follow_ups = loaded
        home = datetime.now().astimezone().tzinfo
        self.heading.setText(date.today().strftime("Today, %A %d %B %Y"))
        self.meetings.clear()
        for meeting in meetings:
            assert meeting.starts_at is not None
            zone = ZoneInfo(meeting.time_zone) if meeting.time_zone else UTC
            local = meeting.starts_at.astimezone(zone)
            at_home = meeting.starts_at.astimezone(home)
            text = f"{local:%a %H:%M} ({at_home:%H:%M} home)   {meeting.title or ''}"
            if meeting.location:
                text += f" — {meeting.location}"
            item = QListWidgetItem(text)
            item.setData(RECORD_ROLE, ("meeting", meeting.id))
            self.meetings.addItem(item)
        if not meetings:
            self.meetings.addItem("No meetings today or tomorrow.")
        self.follow_ups.clear()
        for follow_up in follow_ups:
            due = getattr(follow_up, "due_date", None)
            late = " (overdue)" if due is not None and due < date.today() else ""
            owner = getattr(follow_up, "owner", None)
            self.follow_ups.addItem(
                f"{due or ''}{late}  {getattr(follow_up, 'text', '')}"
                + (f" — {owner}" if owner else "")
            )
        if not follow_ups:
            self.follow_ups.addItem("Nothing due. Well done.")
        self.meetings.itemActivated.connect(self._open)

    def _open(self, item: QListWidgetItem) -> None:
        data = item.data(RECORD_ROLE)
        if data and self.open_record_requested is not None:
            self.open_record_requested(*data)

    def _on_changed(self, summary: WriteSummary) -> None:
        if self.isVisible() and {"meeting", "follow_up"} & set(summary.records):
            self.refresh()
