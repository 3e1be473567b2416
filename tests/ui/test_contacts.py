"""The contact card as a delegate uses it: names in two scripts, phones, organization."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import load_fonts
from smartgrowth_desktop.ui.editors.contact import ContactEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from tests.ui.conftest import settle, type_text


@pytest.fixture(autouse=True, scope="module")
def fonts(qapp: QApplication) -> None:
    """The shipped fonts, as the app loads them, so Vietnamese and Chinese render."""
    assert "WenQuanYi Micro Hei" in load_fonts()


def contacts_page(window: MainWindow) -> ContactsPage:
    page = window.show_page("Contacts")
    assert isinstance(page, ContactsPage)
    return page


def line(editor: ContactEditor, name: str) -> QLineEdit:
    widget = editor.inputs[name]
    assert isinstance(widget, QLineEdit)
    return widget


def organization(window: MainWindow, name: str, country: str) -> uuid.UUID:
    values = {"name": name, "kind": "company", "country": country}
    return window.ctx.records.create("organization", values)


def open_contact(qtbot: QtBot, window: MainWindow, values: dict[str, object]) -> ContactsPage:
    contact = window.ctx.records.create("contact", values)
    settle(qtbot, window)
    page = contacts_page(window)
    page.open_record("contact", contact)
    settle(qtbot, window)
    return page


def test_chinese_native_name_prefills_pinyin(qtbot: QtBot, window: MainWindow) -> None:
    page = contacts_page(window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert isinstance(editor, ContactEditor)
    type_text(qtbot, line(editor, "native_name"), "王小明")
    assert line(editor, "romanized_name").text() == "Wang Xiaoming"  # live, before saving
    qtbot.waitUntil(lambda: window.ctx.records.count("contact") == 1, timeout=5000)
    settle(qtbot, window)
    [contact] = window.ctx.records.list("contact")
    assert (contact.native_name, contact.romanized_name) == ("王小明", "Wang Xiaoming")

    romanized = line(editor, "romanized_name")
    romanized.selectAll()
    qtbot.keyClicks(romanized, "Ming Wang")  # the user's own form wins from now on
    type_text(qtbot, line(editor, "native_name"), "明")
    assert romanized.text() == "Ming Wang"
    editor.flush()
    settle(qtbot, window)
    contact = window.ctx.records.get("contact", contact.id)
    assert (contact.native_name, contact.romanized_name) == ("王小明明", "Ming Wang")


def test_vietnamese_phone_is_read_in_the_organizations_country(
    qtbot: QtBot, window: MainWindow
) -> None:
    saigon = organization(window, "Saigon Water Supply", "VN")
    page = open_contact(qtbot, window, {"family_name": "Trần", "organization_id": str(saigon)})
    editor = page.editor
    assert isinstance(editor, ContactEditor)
    assert editor.phones.region == "VN"
    row = editor.phones.rows[0].line
    qtbot.keyClicks(row, "0912 345 678")
    qtbot.keyClick(row, Qt.Key.Key_Return)
    assert row.text() == "+84 912 345 678"
    assert "Vietnam · mobile" in editor.phones.rows[0].hint.text()
    editor.flush()
    settle(qtbot, window)
    [contact] = window.ctx.records.list("contact")
    assert contact.phones == ["+84912345678"]
    assert page.model.index(0, 3).data() == "+84 912 345 678"  # the list shows it too


def test_invalid_phone_is_flagged_and_not_saved(qtbot: QtBot, window: MainWindow) -> None:
    hanoi = organization(window, "Da Nang Construction", "VN")
    page = open_contact(qtbot, window, {"family_name": "Lê", "organization_id": str(hanoi)})
    editor = page.editor
    assert isinstance(editor, ContactEditor)
    qtbot.keyClicks(editor.phones.rows[0].line, "0123")
    qtbot.waitUntil(lambda: editor.errors["phones"].isVisible(), timeout=5000)
    assert "not a valid phone number in Vietnam" in editor.errors["phones"].text()
    assert editor.phones.rows[0].hint.text() == "not valid"
    settle(qtbot, window)
    assert window.ctx.records.list("contact")[0].phones == []


#: the offscreen platform cannot grab the keyboard for a popup; not a problem of ours
popup_on_offscreen = pytest.mark.qt_log_ignore("This plugin does not support grabbing")


@popup_on_offscreen
def test_pick_an_organization_by_typing_part_of_its_name(qtbot: QtBot, window: MainWindow) -> None:
    for name, country in (("Guangzhou Metro Group", "CN"), ("Hebei Smart Water", "CN")):
        organization(window, name, country)
    danang = organization(window, "Da Nang Water Supply", "VN")
    page = open_contact(qtbot, window, {"family_name": "Phạm"})
    editor = page.editor
    assert isinstance(editor, ContactEditor)
    picker = editor.organization
    qtbot.mouseClick(picker.line, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(picker.line, "wat")
    popup = picker.completer.popup()
    assert popup is not None
    qtbot.waitUntil(lambda: popup.isVisible() and popup.model().rowCount() == 3, timeout=5000)
    labels = [popup.model().index(r, 0).data() for r in range(3)]
    assert labels[2] == "＋ Create organization “wat”"
    row = next(r for r, label in enumerate(labels) if label.startswith("Da Nang"))
    qtbot.mouseClick(
        popup.viewport(),
        Qt.MouseButton.LeftButton,
        pos=popup.visualRect(popup.model().index(row, 0)).center(),
    )
    assert picker.line.text() == "Da Nang Water Supply"
    editor.flush()
    settle(qtbot, window)
    assert window.ctx.records.list("contact")[0].organization_id == danang
    assert editor.phones.region == "VN"
    assert page.model.index(0, 1).data() == "Da Nang Water Supply"


@popup_on_offscreen
def test_stale_organization_results_are_dropped(qtbot: QtBot, window: MainWindow) -> None:
    organization(window, "Guangzhou Metro Group", "CN")
    page = contacts_page(window)
    page.new_record()
    editor = page.editor
    assert isinstance(editor, ContactEditor)
    picker = editor.organization
    qtbot.keyClicks(picker.line, "guang")
    picker._search()  # a search starts for "guang"…
    qtbot.keyClicks(picker.line, "x")  # …and the user types on before it answers
    window.ctx.operations.wait()
    qtbot.wait(20)
    assert picker.results.rowCount() == 0
    settle(qtbot, window)  # the search for "guangx" answers: nothing matches
    qtbot.waitUntil(lambda: picker.results.rowCount() == 2, timeout=5000)
    assert "No organization matches" in picker.results.index(0, 0).data()
    assert picker.results.index(1, 0).data() == "＋ Create organization “guangx”"


@popup_on_offscreen
def test_pick_an_organization_with_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    metro = organization(window, "Guangzhou Metro Group", "CN")
    page = open_contact(qtbot, window, {"native_name": "陈静"})
    editor = page.editor
    assert isinstance(editor, ContactEditor)
    picker = editor.organization
    qtbot.keyClicks(picker.line, "metro")
    popup = picker.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.value() == str(metro)
    editor.flush()
    settle(qtbot, window)
    assert window.ctx.records.list("contact")[0].organization_id == metro
    assert editor.phones.region == "CN"
