"""The organization editor: country by name, and the people we know there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import load_fonts
from smartgrowth_desktop.ui.editors.organization import OrganizationEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from smartgrowth_desktop.ui.pages.organizations import OrganizationsPage
from tests.ui.conftest import settle, type_text


@pytest.fixture(autouse=True, scope="module")
def fonts(qapp: QApplication) -> None:
    load_fonts()


def organizations_page(window: MainWindow) -> tuple[OrganizationsPage, OrganizationEditor]:
    page = window.show_page("Organizations")
    assert isinstance(page, OrganizationsPage)
    assert isinstance(page.editor, OrganizationEditor)
    return page, page.editor


def test_organization_lists_its_contacts_and_opens_one(qtbot: QtBot, window: MainWindow) -> None:
    records = window.ctx.records
    values = {"name": "Guangzhou Metro Group", "native_name": "广州地铁集团", "kind": "company"}
    metro = records.create("organization", {**values, "country": "CN"})
    other = records.create("organization", {"name": "Saigon Water", "kind": "company"})
    li = records.create("contact", {"native_name": "李伟", "organization_id": str(metro)})
    records.create("contact", {"native_name": "王芳", "organization_id": str(metro)})
    records.create("contact", {"family_name": "Trần", "organization_id": str(other)})
    settle(qtbot, window)
    page, editor = organizations_page(window)
    settle(qtbot, window)  # the rows arrive from the worker
    assert page.model.index(0, 4).data() == "2"  # the list counts them
    page.open_record("organization", metro)
    settle(qtbot, window)
    assert editor.contacts.rowCount() == 2
    assert editor.contacts_heading.text() == "Contacts (2)"
    names = [editor.contacts.index(r, 0).data() for r in range(2)]
    assert names == ["李伟 (Li Wei)", "王芳 (Wang Fang)"]
    view = editor.contact_table
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(view.model().index(0, 0)).center(),
    )
    contacts = window.current_page()
    assert isinstance(contacts, ContactsPage)
    assert contacts.editor.record_id == li


def test_new_organization_with_a_country_picked_by_name(qtbot: QtBot, window: MainWindow) -> None:
    page, editor = organizations_page(window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert editor.no_contacts.isVisible()
    type_text(qtbot, editor.inputs["name"], "Sở Xây dựng Đà Nẵng")
    combo = editor.country.combo
    combo.setFocus()
    qtbot.keyClicks(combo, "Viet")
    assert combo.currentText() == "Vietnam (VN)"
    records = window.ctx.records
    qtbot.waitUntil(lambda: [o.country for o in records.list("organization")] == ["VN"])
    settle(qtbot, window)
    assert records.list("organization")[0].name == "Sở Xây dựng Đà Nẵng"
    assert page.model.index(0, 3).data() == "Vietnam (VN)"
