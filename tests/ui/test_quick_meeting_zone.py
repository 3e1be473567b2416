"""Ctrl+N takes the place and time of the day (#16): the mission under way today (by its
dates and its market) gives the quick note its mission and time zone, else the home zone;
the editor says which, and the latest meeting elsewhere no longer decides."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.editors.meeting import MeetingEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle

#: at 1366×768 with the fonts the app ships (Noto Sans first)
pytestmark = pytest.mark.usefixtures("shipped_fonts")


def _press_ctrl_n(qtbot: QtBot, window: MainWindow) -> MeetingEditor:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    editor = window.pages["Meetings"].editor  # type: ignore[attr-defined]
    assert isinstance(editor, MeetingEditor)
    qtbot.waitUntil(lambda: editor.record_id is not None, timeout=3000)
    return editor


def _elsewhere(window: MainWindow) -> None:
    """The latest meeting of the profile, in Guangzhou next year (the old rule took its zone)."""
    window.ctx.records.create("meeting", {"title": "Later", "time_zone": "Asia/Shanghai",
                                          "starts_at": "2027-06-01T01:00:00+00:00"})  # fmt: skip


def test_ctrl_n_takes_the_mission_under_way(qtbot: QtBot, window: MainWindow) -> None:
    records, today = window.ctx.records, date.today()
    da_nang = records.create("market", {"name": "Da Nang", "country": "VN",
                                        "time_zone": "Asia/Ho_Chi_Minh"})  # fmt: skip
    mission = records.create("mission", {
        "name": "Smart Water Da Nang", "market_ids": [str(da_nang)],
        "start_date": (today - timedelta(days=1)).isoformat(),
        "end_date": (today + timedelta(days=2)).isoformat(),
    })  # fmt: skip
    _elsewhere(window)
    editor = _press_ctrl_n(qtbot, window)
    stored = records.get_wire("meeting", editor.record_id)
    assert stored["time_zone"] == "Asia/Ho_Chi_Minh" and stored["mission_id"] == str(mission)
    said = editor.findChild(QLabel, "zone-source")
    assert said is not None and said.isVisible()
    assert said.text() == "Time zone of the mission under way, “Smart Water Da Nang”"
    assert editor.inputs["notes"].hasFocus()


def test_ctrl_n_without_a_mission_takes_the_home_zone(qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.home.choose("Europe/Stockholm")
    _elsewhere(window)
    editor = _press_ctrl_n(qtbot, window)
    stored = window.ctx.records.get_wire("meeting", editor.record_id)
    assert stored["time_zone"] == "Europe/Stockholm" and stored["mission_id"] is None
    said = editor.findChild(QLabel, "zone-source")
    assert said is not None and said.text().startswith("Your home time zone")
    other = window.ctx.records.list("meeting")
    editor.load(next(m.id for m in other if m.id != editor.record_id))
    assert not said.isVisible()  # said of the quick note only


def test_the_quick_note_is_selected_in_the_list(qtbot: QtBot, window: MainWindow) -> None:
    for day in range(1, 29):  # a list longer than the window, the note sorting last
        start = f"2020-02-{day:02d}T09:00:00+00:00"
        values = {"title": f"Visit {day}", "time_zone": "UTC", "starts_at": start}
        window.ctx.records.create("meeting", values)
    window.show_page("Meetings")
    settle(qtbot, window)
    editor = _press_ctrl_n(qtbot, window)
    settle(qtbot, window)
    page = window.pages["Meetings"]
    assert page.selected_id() == editor.record_id  # type: ignore[attr-defined]
    table = page.table  # type: ignore[attr-defined]
    row = page.model.row_of(editor.record_id)  # type: ignore[attr-defined]
    assert table.viewport().rect().contains(table.visualRect(table.model().index(row, 0)))
