"""Names in the window at 1366×768 (#16): typed in their order, sorted as readers expect."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import load_fonts
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.editors.contact import ContactEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from smartgrowth_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import settle, type_text


@pytest.fixture(autouse=True, scope="module")
def fonts(qapp: QApplication) -> None:
    """The shipped fonts, as the app loads them."""
    assert "WenQuanYi Micro Hei" in load_fonts()


def contacts_page(qtbot: QtBot, window: MainWindow) -> ContactsPage:
    page = window.show_page("Contacts")
    assert isinstance(page, ContactsPage)
    settle(qtbot, window)
    return page


def names(page: ContactsPage) -> list[str]:
    model = page.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def test_a_vietnamese_name_typed_in_the_card_reads_family_first(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = contacts_page(qtbot, window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert isinstance(editor, ContactEditor)
    family, given = editor.inputs["family_name"], editor.inputs["given_name"]
    assert isinstance(family, QLineEdit) and isinstance(given, QLineEdit)
    given.setFocus()
    type_text(qtbot, given, "Thu Hà")  # the given name first, as a card may be read
    qtbot.keyClick(given, Qt.Key.Key_Tab)
    family.setFocus()
    type_text(qtbot, family, "Lý")
    qtbot.keyClick(family, Qt.Key.Key_Tab)
    editor.flush()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: names(page) == ["Lý Thu Hà"], timeout=5000)
    [contact] = window.ctx.records.list("contact")
    assert contact.name_order == "family_first"


def test_choosing_swedish_in_settings_sorts_the_contacts_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    for family, given in (("Zorn", "Anders"), ("Åberg", "Johan"), ("Abel", "Karin")):
        window.ctx.records.create("contact", {"family_name": family, "given_name": given})
    page = contacts_page(qtbot, window)
    assert names(page) == ["Karin Abel", "Johan Åberg", "Anders Zorn"]

    window.actions_by_id[ActionId.SETTINGS].trigger()
    dialog = window.findChildren(SettingsDialog, "settings-dialog")[-1]
    combo = dialog.findChild(QComboBox, "settings-collation")
    assert combo.currentData() == "root"
    combo.setFocus()
    qtbot.keyClicks(combo, "S")  # typing a letter picks "Swedish (Å, Ä, Ö after Z)"
    assert combo.currentData() == "sv"
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: names(page) == ["Karin Abel", "Anders Zorn", "Johan Åberg"])
    assert window.size().width() == 1366
