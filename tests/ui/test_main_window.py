"""The main window as a user meets it: pages, search, editing, undo, trash."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.record_list import RecordListPage
from tests.ui.conftest import settle, type_text


def test_every_page_opens_from_the_sidebar(qtbot: QtBot, demo_window: MainWindow) -> None:
    for row in range(demo_window.sidebar.count()):
        demo_window.sidebar.setCurrentRow(row)
        settle(qtbot, demo_window)
        page = demo_window.current_page()
        assert page.title == demo_window.sidebar.item(row).text()
        if isinstance(page, RecordListPage) and page.kind != "market":
            assert page.model.rowCount() > 0, page.title


def test_new_contact_is_saved_as_you_type(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("Contacts")
    assert isinstance(page, RecordListPage)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, page.editor.inputs["family_name"], "Nguyễn")
    type_text(qtbot, page.editor.inputs["native_name"], "Nguyễn Thị Minh Khai")
    qtbot.waitUntil(lambda: window.ctx.records.count("contact") == 1, timeout=5000)
    settle(qtbot, window)
    [contact] = window.ctx.records.list("contact")
    assert contact.native_name == "Nguyễn Thị Minh Khai"
    assert contact.romanized_name == "Nguyen Thi Minh Khai"
    assert page.model.rowCount() == 1


def test_invalid_value_is_shown_inline_and_not_saved(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("Contacts")
    assert isinstance(page, RecordListPage)
    page.new_record()
    type_text(qtbot, page.editor.inputs["family_name"], "Trần")
    qtbot.waitUntil(lambda: window.ctx.records.count("contact") == 1, timeout=5000)
    settle(qtbot, window)
    qtbot.keyClicks(page.editor.inputs["emails"], "not-an-address")
    qtbot.waitUntil(lambda: page.editor.errors["emails"].isVisible(), timeout=5000)
    assert "e-mail" in page.editor.errors["emails"].text()
    assert window.ctx.records.list("contact")[0].emails == []


def test_global_search_opens_the_record(qtbot: QtBot, demo_window: MainWindow) -> None:
    qtbot.keyClick(demo_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = demo_window.search_popup
    assert popup.isVisible()
    qtbot.keyClicks(popup.query, "nguyen thi minh")
    qtbot.waitUntil(lambda: popup.results.count() > 1, timeout=5000)
    qtbot.keyClick(popup.query, Qt.Key.Key_Return)
    page = demo_window.current_page()
    assert page.title == "Contacts"
    assert isinstance(page, RecordListPage)
    assert page.editor.values["native_name"] == "Nguyễn Thị Minh Khai"


def test_undo_an_edit_and_restore_from_trash(qtbot: QtBot, window: MainWindow) -> None:
    contact = window.ctx.records.create("contact", {"family_name": "Lê", "title": "Engineer"})
    settle(qtbot, window)
    page = window.show_page("Contacts")
    assert isinstance(page, RecordListPage)
    page.open_record("contact", contact)
    title = page.editor.inputs["title"]
    title.selectAll()
    qtbot.keyClicks(title, "Director")
    page.editor.flush()
    settle(qtbot, window)
    assert window.ctx.records.get("contact", contact).title == "Director"
    window.actions_by_id[ActionId.UNDO].trigger()
    settle(qtbot, window)
    assert window.ctx.records.get("contact", contact).title == "Engineer"
    page.delete_selected()
    settle(qtbot, window)
    assert window.ctx.records.count("contact") == 0
    trash = window.show_page("Trash")
    settle(qtbot, window)
    trash.table.selectRow(0)  # type: ignore[attr-defined]
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    settle(qtbot, window)
    assert window.ctx.records.count("contact") == 1


def test_a_refused_field_does_not_hold_back_the_others(qtbot: QtBot, window: MainWindow) -> None:
    contact = window.ctx.records.create("contact", {"family_name": "Phan"})
    settle(qtbot, window)
    page = window.show_page("Contacts")
    assert isinstance(page, RecordListPage)
    page.open_record("contact", contact)
    editor = page.editor
    emails = editor.inputs["emails"]
    notes = editor.inputs["notes"]
    emails.setFocus()
    qtbot.keyClicks(emails, "not-an-address")
    notes.setFocus()
    type_text(qtbot, notes, "Gặp ở hội thảo")
    editor.flush()
    qtbot.waitUntil(
        lambda: window.ctx.records.get("contact", contact).notes is not None, timeout=5000
    )
    settle(qtbot, window)
    assert window.ctx.records.get("contact", contact).notes == "Gặp ở hội thảo"
    assert window.ctx.records.get("contact", contact).emails == []
    assert editor.errors["emails"].isVisible()
