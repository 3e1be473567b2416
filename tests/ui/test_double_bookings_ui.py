"""Double bookings said in the window at 1366×768 (#16): the meeting editor, the
Meetings list (a sign and its tooltip) and Today."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.meetings import MeetingsPage
from smartgrowth_desktop.ui.pages.today import TodayPage
from smartgrowth_desktop.ui.widgets.rows import BADGE_ROLE
from tests.ui.conftest import settle

SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")


def two_meetings(qtbot: QtBot, window: MainWindow) -> tuple[uuid.UUID, uuid.UUID]:
    """Two meetings this afternoon in Saigon, both with Lý Thu Hà; half an hour apart."""
    records = window.ctx.records
    ly = records.create("contact", {"family_name": "Lý", "given_name": "Thu Hà"})
    start = datetime.now(SAIGON).replace(hour=15, minute=0, second=0, microsecond=0)
    made = []
    for title, offset in (("Smart lighting workshop", 0), ("Site visit", 30)):
        begins = start + timedelta(minutes=offset)
        made.append(
            records.create(
                "meeting",
                {
                    "title": title,
                    "starts_at": begins.isoformat(),
                    "ends_at": (begins + timedelta(hours=1)).isoformat(),
                    "time_zone": "Asia/Ho_Chi_Minh",
                    "attendee_ids": [str(ly)],
                },
            )
        )
    settle(qtbot, window)
    return made[0], made[1]


def meetings_page(qtbot: QtBot, window: MainWindow) -> MeetingsPage:
    page = window.show_page("Meetings")
    assert isinstance(page, MeetingsPage)
    settle(qtbot, window)
    return page


def test_the_editor_and_the_list_say_a_double_booking(qtbot: QtBot, window: MainWindow) -> None:
    workshop, visit = two_meetings(qtbot, window)
    page = meetings_page(qtbot, window)
    settle(qtbot, window)
    marks = page.clash_marks
    assert page.model.rowCount() == 2
    for row in range(page.model.rowCount()):
        index = page.model.index(row, 1)  # beside the title
        option = QStyleOptionViewItem()
        marks.initStyleOption(option, index)
        assert not option.icon.isNull()  # the sign
        assert "Double booked. Overlaps" in (marks.tooltip(index) or "")
        assert "Lý Thu Hà" in (marks.tooltip(index) or "")

    page.open_record("meeting", workshop)
    settle(qtbot, window)
    note = page.editor.findChild(QLabel, "double-booking")
    assert note.isVisible()
    assert "Overlaps “Site visit”" in note.text() and "Lý Thu Hà" in note.text()

    # the visit moves to the evening: the warning goes, in the list too
    later = datetime.now(SAIGON).replace(hour=19, minute=0, second=0, microsecond=0)
    evening = {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()}
    window.ctx.records.update("meeting", visit, evening)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not marks.clashes, timeout=5000)
    page.open_record("meeting", workshop)
    settle(qtbot, window)
    assert not page.editor.findChild(QLabel, "double-booking").isVisible()
    assert window.size().width() == 1366


def test_today_badges_a_double_booking(qtbot: QtBot, window: MainWindow) -> None:
    two_meetings(qtbot, window)
    page = window.show_page("Today")
    assert isinstance(page, TodayPage)
    page.refresh()
    settle(qtbot, window)
    rows = [page.view.meetings.index(r, 0) for r in range(page.view.meetings.rowCount())]
    assert [row.data(BADGE_ROLE) for row in rows] == ["double booked", "double booked"]
    assert "Overlaps “Site visit”" in rows[0].data(Qt.ItemDataRole.ToolTipRole)
