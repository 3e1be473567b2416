"""Today and Follow-ups: local and home times, ticking a follow-up done, overdue ones."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.follow_ups import FollowUpsPage
from smartgrowth_desktop.ui.pages.today import TodayPage
from smartgrowth_desktop.ui.widgets.rows import ASIDE_ROLE, BADGE_ROLE, SUBTITLE_ROLE, RowDelegate
from tests.ui.conftest import settle, show

SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def open_today(qtbot: QtBot, window: MainWindow) -> TodayPage:
    page = window.show_page("Today")
    assert isinstance(page, TodayPage)
    page.home_zone = STOCKHOLM
    page.refresh()
    settle(qtbot, window)
    return page


def add_follow_up(where: MainWindow | AppContext, text: str, due: date) -> uuid.UUID:
    records = where.records if isinstance(where, AppContext) else where.ctx.records
    meeting = records.create("meeting", {"title": "Courtesy call, Da Nang DOST"})
    values = {"text": text, "owner": "Karin", "due_date": due.isoformat(), "done": False}
    return records.create("follow_up", {**values, "meeting_id": str(meeting)})


def test_todays_meeting_in_local_time_with_home_time(qtbot: QtBot, window: MainWindow) -> None:
    starts = datetime.now(SAIGON).replace(hour=15, minute=0, second=0, microsecond=0)
    window.ctx.records.create(
        "meeting",
        {
            "title": "Smart lighting workshop",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "time_zone": "Asia/Ho_Chi_Minh",
            "location": "Da Nang Administrative Centre",
        },
    )
    settle(qtbot, window)
    page = open_today(qtbot, window)
    assert page.view.meetings.rowCount() == 1
    row = page.view.meetings.index(0, 0)
    home = starts.astimezone(STOCKHOLM)
    assert row.data() == "Smart lighting workshop"
    assert row.data(ASIDE_ROLE) == ("15:00", f"{home:%H:%M} home")
    assert "UTC+07:00" in row.data(SUBTITLE_ROLE)  # as the packs write it
    assert "Stockholm" in page.view.home.text()
    assert page.view.meetings_title.text() == "Meetings today · 1"


def test_tick_a_follow_up_done_from_today(qtbot: QtBot, window: MainWindow) -> None:
    today = datetime.now(UTC).astimezone().date()
    late = add_follow_up(window, "Send the reference case", today - timedelta(days=3))
    add_follow_up(window, "Not yet due", today + timedelta(days=5))
    settle(qtbot, window)
    page = open_today(qtbot, window)
    assert page.view.follow_ups.rowCount() == 1
    row = page.view.follow_ups.index(0, 0)
    assert row.data(BADGE_ROLE) == "3 days overdue"
    view = page.view.follow_ups_view
    box = RowDelegate.check_rect(view.visualRect(row)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box)
    settle(qtbot, window)
    assert window.ctx.records.get("follow_up", late).done is True
    assert page.view.follow_ups.index(0, 0).data(BADGE_ROLE) == "done"  # stays, struck through
    window.actions_by_id[ActionId.UNDO].trigger()
    settle(qtbot, window)
    assert window.ctx.records.get("follow_up", late).done is False


def test_helpful_empty_states(qtbot: QtBot, window: MainWindow) -> None:
    page = open_today(qtbot, window)
    assert page.view.meetings_stack.currentIndex() == 1
    assert "No meetings today" in page.view.meetings_empty.text()
    assert page.view.follow_ups_stack.currentIndex() == 1


def test_follow_ups_page_lists_open_ones_with_overdue_highlighted(
    qtbot: QtBot, ctx: AppContext
) -> None:
    today = date.today()
    late = add_follow_up(ctx, "Send draft MoU text", today - timedelta(days=2))
    add_follow_up(ctx, "Book the interpreter", today + timedelta(days=4))
    page = FollowUpsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    assert page.model.rowCount() == 2
    first = page.model.index(0, 0)
    assert first.data().endswith("overdue")
    assert page.model.index(0, 4).data() == "Meeting: Courtesy call, Da Nang DOST"
    assert "1 overdue" in page.summary.text()
    page.table.selectRow(0)
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    assert ctx.records.get("follow_up", late).done is True
    assert page.model.rowCount() == 1
    qtbot.mouseClick(page.show_done, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    assert page.model.rowCount() == 2
