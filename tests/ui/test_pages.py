"""Pages through their typed interface, one page at a time (no main window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.meeting import MeetingEditor
from smartgrowth_desktop.ui.pages.base import RecordRef
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from smartgrowth_desktop.ui.pages.meetings import MeetingsPage
from smartgrowth_desktop.ui.pages.today import TodayPage
from smartgrowth_desktop.ui.pages.trash import TrashPage
from tests.ui.conftest import settle, show


def test_a_list_page_says_what_it_can_do(qtbot: QtBot, ctx: AppContext) -> None:
    lan = ctx.records.create("contact", {"family_name": "Nguyễn", "given_name": "Lan"})
    ctx.records.create("contact", {"family_name": "Berg", "given_name": "Anna"})
    page = ContactsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    assert page.can_create() and page.selected_record() is None
    page.open_record("contact", lan)
    assert page.selected_record() == RecordRef("contact", lan)
    page.filter_edit.setText("nguyen")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    shown = page.list_export()
    assert shown is not None and shown.query.text == "nguyen"
    with qtbot.waitSignal(page.export_list_requested):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert not TrashPage(ctx).can_create() and TrashPage(ctx).list_export() is None


def test_an_autosave_updates_its_row_without_reloading_the_list(
    qtbot: QtBot, ctx: AppContext
) -> None:
    for n in range(5):
        ctx.records.create("contact", {"family_name": f"Trần {n}"})
    page = ContactsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))
    page.table.selectRow(2)
    record_id = page.selected_id()
    assert record_id is not None
    title = page.editor.inputs["title"]
    qtbot.keyClicks(title, "Director")
    page.editor.flush()
    settle(qtbot, ctx)
    assert ctx.records.get("contact", record_id).title == "Director"
    assert page.model.index(2, 2).data() == "Director"
    assert resets == []  # the one row, in place


def test_the_home_zone_is_a_signal_pages_follow(qtbot: QtBot, ctx: AppContext) -> None:
    today = TodayPage(ctx)
    meetings = MeetingsPage(ctx)
    show(qtbot, ctx, today)
    editor = meetings.editor
    assert isinstance(editor, MeetingEditor)
    meeting = ctx.records.create("meeting", {"title": "Pitch", "time_zone": "Asia/Ho_Chi_Minh",
                                             "starts_at": "2026-03-10T02:00:00+00:00"})  # fmt: skip
    editor.load(meeting)
    ctx.home.choose("Europe/Tallinn")
    assert today.home_zone.key == "Europe/Tallinn"
    assert "Tallinn" in editor.home_time.text()
    ctx.home.choose("Asia/Shanghai")
    assert "Shanghai" in editor.home_time.text()
    settle(qtbot, ctx)
