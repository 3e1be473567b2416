"""Missions and meetings as a delegate uses them: plan, pick people, take notes, follow up."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateTimeEdit, QListWidget
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.editors.meeting import MeetingEditor
from smartgrowth_desktop.ui.editors.mission import MissionEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.meetings import MeetingsPage
from smartgrowth_desktop.ui.pages.missions import MissionsPage
from smartgrowth_desktop.ui.widgets.record_picker import Chip, RecordPicker
from smartgrowth_desktop.ui.widgets.time_zone import MomentInput
from tests.ui.conftest import settle, type_text

HCMC = "Asia/Ho_Chi_Minh"


def seed(window: MainWindow) -> dict[str, uuid.UUID]:
    """A market, two SMEs, a counterpart and two contacts, as the demo would have them."""
    records = window.ctx.records
    ids = {
        "market": records.create(
            "market", {"name": "Ho Chi Minh City", "country": "VN", "time_zone": HCMC}
        ),
        "sme": records.create("organization", {"name": "Vesivahti Oy", "kind": "sme"}),
        "other_sme": records.create("organization", {"name": "Flödesvakt AB", "kind": "sme"}),
        "city": records.create(
            "organization", {"name": "Saigon Water Corporation", "kind": "company"}
        ),
        "khai": records.create("contact", {"native_name": "Nguyễn Thị Minh Khai"}),
        "anna": records.create("contact", {"given_name": "Anna", "family_name": "Berg"}),
        "annika": records.create("contact", {"given_name": "Anna", "family_name": "Lind"}),
    }
    return ids


def settle_ui(qtbot: QtBot, window: MainWindow) -> None:
    """``settle``, then let Qt show and lay out what the callbacks added (queued events)."""
    settle(qtbot, window)
    for _ in range(3):
        QApplication.processEvents()


def picker(editor: MeetingEditor | MissionEditor, name: str) -> RecordPicker:
    widget = editor.inputs[name]
    assert isinstance(widget, RecordPicker)
    return widget


def pick(qtbot: QtBot, window: MainWindow, widget: RecordPicker, typed: str) -> None:
    """Type part of a name and press Enter at once (before the results are in)."""
    widget.line.setFocus()
    type_text(qtbot, widget.line, typed)
    qtbot.keyClick(widget.line, Qt.Key.Key_Return)
    settle_ui(qtbot, window)


def saved_meeting(window: MainWindow, meeting_id: uuid.UUID) -> dict[str, object]:
    return window.ctx.records.get_wire("meeting", meeting_id)


def test_plan_a_mission_and_take_a_meeting(qtbot: QtBot, window: MainWindow) -> None:
    ids = seed(window)
    settle_ui(qtbot, window)
    missions = window.show_page("Missions")
    assert isinstance(missions, MissionsPage)
    settle_ui(qtbot, window)
    qtbot.mouseClick(missions.new_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, missions.editor.inputs["name"], "Smart water, Hồ Chí Minh City")
    qtbot.waitUntil(lambda: window.ctx.records.count("mission") == 1, timeout=5000)
    settle_ui(qtbot, window)
    mission_editor = missions.editor
    assert isinstance(mission_editor, MissionEditor)
    pick(qtbot, window, picker(mission_editor, "market_ids"), "ho chi")
    pick(qtbot, window, picker(mission_editor, "sme_ids"), "vesi")
    mission_editor.flush()
    settle_ui(qtbot, window)
    mission_id = mission_editor.record_id
    assert mission_id is not None
    mission = window.ctx.records.get_wire("mission", mission_id)
    assert mission["market_ids"] == [str(ids["market"])]
    assert mission["sme_ids"] == [str(ids["sme"])]

    # a meeting in the mission: in the market's zone, listed under the mission
    qtbot.mouseClick(mission_editor.meetings.add_button, Qt.MouseButton.LeftButton)
    settle_ui(qtbot, window)
    meetings = window.current_page()
    assert isinstance(meetings, MeetingsPage)
    editor = meetings.editor
    assert isinstance(editor, MeetingEditor)
    meeting_id = editor.record_id
    assert meeting_id is not None
    assert saved_meeting(window, meeting_id)["mission_id"] == str(mission_id)
    assert editor.zone_input.value() == HCMC

    title = editor.inputs["title"]
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, title, "Water utility kick-off")

    # attendees: part of a name and Enter; Down to the second match; a new one inline
    attendees = picker(editor, "attendee_ids")
    pick(qtbot, window, attendees, "minh kh")
    assert [c.label.text() for c in _chips(attendees)] == ["Nguyễn Thị Minh Khai"]
    pick(qtbot, window, attendees, "Trần Quốc Bảo")  # nobody yet: creates the contact
    assert window.ctx.records.count("contact") == 4
    attendees.line.setFocus()
    qtbot.keyClicks(attendees.line, "anna")
    qtbot.waitUntil(lambda: attendees.results.count() == 3, timeout=5000)  # 2 Annas, create
    second = attendees.results.item(1).text()
    qtbot.keyClick(attendees.line, Qt.Key.Key_Down)
    qtbot.keyClick(attendees.line, Qt.Key.Key_Return)
    settle_ui(qtbot, window)
    assert [c.label.text() for c in _chips(attendees)][-1] == second
    qtbot.keyClick(attendees.line, Qt.Key.Key_Backspace)  # empty line: drops the last one
    assert len(attendees.ids) == 2
    pick(qtbot, window, attendees, "berg")
    pick(qtbot, window, picker(editor, "sme_ids"), "vesi")
    pick(qtbot, window, picker(editor, "organization_ids"), "saigon water")

    notes = editor.inputs["notes"]
    notes.setFocus()
    type_text(qtbot, notes, "Pilot in Hải Châu: 40 sensors. 试点项目")
    qtbot.waitUntil(
        lambda: (
            saved_meeting(window, meeting_id).get("notes")
            == "Pilot in Hải Châu: 40 sensors. 试点项目"
        ),
        timeout=5000,
    )
    settle_ui(qtbot, window)
    meeting = saved_meeting(window, meeting_id)
    assert meeting["title"] == "Water utility kick-off"
    bao = next(c for c in window.ctx.records.list("contact") if c.native_name == "Trần Quốc Bảo")
    assert bao.family_name == "Trần" and bao.given_name == "Quốc Bảo"
    assert "Water utility kick-off" in (bao.source or "")
    assert set(meeting["attendee_ids"]) == {str(ids["khai"]), str(bao.id), str(ids["anna"])}
    assert meeting["sme_ids"] == [str(ids["sme"])]
    assert meeting["organization_ids"] == [str(ids["city"])]

    # a follow-up with an owner and a due date, then ticked done
    follow_ups = editor.follow_ups
    qtbot.keyClicks(follow_ups.add_line, "Send the pilot proposal")
    qtbot.keyClick(follow_ups.add_line, Qt.Key.Key_Return)
    settle_ui(qtbot, window)
    [row] = follow_ups.rows.values()
    assert row.isVisible()
    row.owner.setFocus()
    type_text(qtbot, row.owner, "Kadri Põldma")
    row.due.edit.setFocus()
    qtbot.keyClick(row.due.edit, Qt.Key.Key_Up)  # an empty date starts at today
    qtbot.keyClick(row.due.edit, Qt.Key.Key_Up)  # and the day moves on by one
    qtbot.mouseClick(row.done, Qt.MouseButton.LeftButton)
    settle_ui(qtbot, window)
    qtbot.waitUntil(lambda: _follow_up(window).done is True, timeout=5000)
    settle_ui(qtbot, window)
    saved = _follow_up(window)
    assert saved.text == "Send the pilot proposal"
    assert saved.owner == "Kadri Põldma"
    assert saved.due_date is not None and saved.due_date > date.today()
    assert saved.meeting_id == meeting_id
    assert follow_ups.count.text() == "0 open of 1"

    # the mission lists the meeting; a click opens it
    missions = window.show_page("Missions")
    assert isinstance(missions, MissionsPage)
    missions.open_record("mission", mission_id)
    settle_ui(qtbot, window)
    listed: QListWidget = missions.editor.meetings.list  # type: ignore[attr-defined]
    item = listed.item(1)  # under the day heading
    assert "Water utility kick-off" in item.text()
    rect = listed.visualItemRect(item)
    qtbot.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle_ui(qtbot, window)
    assert window.current_page() is meetings
    assert meetings.editor.record_id == meeting_id


def _chips(widget: RecordPicker) -> list[Chip]:
    return [c for c in widget.chips.findChildren(Chip) if c.isVisible()]


def _follow_up(window: MainWindow) -> object:
    [follow_up] = window.ctx.records.list("follow_up")
    return follow_up


def test_times_are_in_the_meetings_zone(qtbot: QtBot, window: MainWindow) -> None:
    records = window.ctx.records
    meeting_id = records.create(
        "meeting",
        {
            "title": "Site visit, Đà Nẵng",
            "time_zone": HCMC,
            "starts_at": "2026-03-10T02:00:00+00:00",
            "ends_at": "2026-03-10T03:30:00+00:00",
        },
    )
    settle_ui(qtbot, window)
    page = window.show_page("Meetings")
    assert isinstance(page, MeetingsPage)
    settle_ui(qtbot, window)
    assert page.model.data(page.model.index(0, 0)) == "Tue 10 Mar 2026 09:00"
    page.open_record("meeting", meeting_id)
    editor = page.editor
    assert isinstance(editor, MeetingEditor)
    assert editor.starts.edit.text() == "Tue 10 Mar 2026  09:00"
    assert editor.ends.edit.text() == "Tue 10 Mar 2026  10:30"
    home_zone = window.ctx.home.name
    home = datetime(2026, 3, 10, 2, tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(home_zone))
    if home_zone != HCMC:
        assert f"{home:%H:%M}" in editor.home_time.text()

    # another zone keeps the wall-clock time: 09:00 in Stockholm (UTC+1 in March)
    combo = editor.zone_input.combo
    combo.setFocus()
    qtbot.keyClicks(combo, "Europe/Stockholm")
    assert combo.currentData() == "Europe/Stockholm"
    editor.flush()
    settle_ui(qtbot, window)
    meeting = records.get_wire("meeting", meeting_id)
    assert meeting["time_zone"] == "Europe/Stockholm"
    assert meeting["starts_at"].startswith("2026-03-10T08:00:00")
    assert meeting["ends_at"].startswith("2026-03-10T09:30:00")

    # two hours later by keyboard; the end moves along (the meeting keeps its length)
    starts: MomentInput = editor.starts
    starts.edit.setFocus()
    starts.edit.setCurrentSection(QDateTimeEdit.Section.HourSection)
    qtbot.keyClick(starts.edit, Qt.Key.Key_Up)
    qtbot.keyClick(starts.edit, Qt.Key.Key_Up)
    editor.flush()
    settle_ui(qtbot, window)
    meeting = records.get_wire("meeting", meeting_id)
    assert meeting["starts_at"].startswith("2026-03-10T10:00:00")
    assert meeting["ends_at"].startswith("2026-03-10T11:30:00")

    # undo puts the zone and both times back
    window.actions_by_id[ActionId.UNDO].trigger()
    settle_ui(qtbot, window)
    window.actions_by_id[ActionId.UNDO].trigger()
    settle_ui(qtbot, window)
    meeting = records.get_wire("meeting", meeting_id)
    assert meeting["time_zone"] == HCMC
    assert meeting["starts_at"].startswith("2026-03-10T02:00:00")
    assert editor.starts.edit.text() == "Tue 10 Mar 2026  09:00"
    assert combo.currentData() == HCMC


def test_quick_capture_puts_the_cursor_in_the_notes(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle_ui(qtbot, window)
    page = window.current_page()
    assert isinstance(page, MeetingsPage)
    editor = page.editor
    assert isinstance(editor, MeetingEditor)
    assert editor.record_id is not None
    assert QApplication.focusWidget() is editor.inputs["notes"]
    type_text(qtbot, QApplication.focusWidget(), "Met the deputy director in the lobby.")
    qtbot.waitUntil(
        lambda: (
            window.ctx.records.get_wire("meeting", editor.record_id).get("notes")  # type: ignore[arg-type]
            == "Met the deputy director in the lobby."
        ),
        timeout=5000,
    )
    settle_ui(qtbot, window)


def _choose_mission(qtbot: QtBot, combo: QComboBox, typed: str) -> None:
    """Type part of a mission's name into the filter and press Enter on what it offers."""
    line = combo.lineEdit()
    assert line is not None
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, typed)
    completer = combo.completer()
    assert completer is not None
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # the first record offered
    qtbot.keyClick(popup, Qt.Key.Key_Return)


@pytest.mark.qt_log_ignore("This plugin does not support grabbing")
def test_meetings_are_filtered_by_mission(qtbot: QtBot, window: MainWindow) -> None:
    records = window.ctx.records
    first = records.create("mission", {"name": "Autumn Hồ Chí Minh City"})
    second = records.create("mission", {"name": "Winter Guangzhou"})
    for mission, title in ((first, "Water utility"), (second, "Metro operator")):
        records.create("meeting", {"title": title, "mission_id": str(mission)})
    records.create("meeting", {"title": "Embassy lunch"})
    page = window.show_page("Meetings")
    assert isinstance(page, MeetingsPage)
    settle_ui(qtbot, window)
    assert page.model.rowCount() == 3
    combo = page.mission_filter.combo
    _choose_mission(qtbot, combo, "guangzhou")  # a word inside the name (#16)
    settle_ui(qtbot, window)
    assert page.model.rowCount() == 1
    assert page.model.rows[0]["title"] == "Metro operator"

    # a new meeting here belongs to the shown mission
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    settle_ui(qtbot, window)
    type_text(qtbot, page.editor.inputs["title"], "Depot visit")
    qtbot.waitUntil(lambda: records.count("meeting") == 4, timeout=5000)
    settle_ui(qtbot, window)
    assert page.model.rowCount() == 2
    assert page.editor.values["mission_id"] == str(second)
    assert page.editor.values["title"] == "Depot visit"

    _choose_mission(qtbot, combo, "All")
    settle_ui(qtbot, window)
    assert page.model.rowCount() == 4


def test_an_edit_of_the_notes_can_be_undone(qtbot: QtBot, window: MainWindow) -> None:
    records = window.ctx.records
    meeting_id = records.create("meeting", {"title": "Pitch", "notes": "Before."})
    settle_ui(qtbot, window)
    page = window.show_page("Meetings")
    page.open_record("meeting", meeting_id)
    notes = page.editor.inputs["notes"]  # type: ignore[attr-defined]
    notes.setFocus()
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    type_text(qtbot, notes, " After.")
    page.flush()
    settle_ui(qtbot, window)
    assert records.get_wire("meeting", meeting_id)["notes"] == "Before. After."
    window.actions_by_id[ActionId.UNDO].trigger()
    settle_ui(qtbot, window)
    assert records.get_wire("meeting", meeting_id)["notes"] == "Before."
    assert notes.toPlainText() == "Before."
