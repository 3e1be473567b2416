"""New and empty states (#16): a new contact is selected and scrolled to in its list, the
welcome screen's fields show their whole examples, and the folder synced with
``smartgrowth-cli sync --folder`` is the window's shared folder too (one setting)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.first_run import FirstRunDialog
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from smartgrowth_desktop.ui.pages.sync import SyncPage
from tests.conftest import run_cli
from tests.ui.conftest import open_window, settle, show

#: at 1366×768 with the fonts the app ships (Noto Sans first)
pytestmark = pytest.mark.usefixtures("shipped_fonts")


def test_a_new_contact_is_selected_and_scrolled_to(qtbot: QtBot, ctx: AppContext) -> None:
    for number in range(60):
        ctx.records.create("contact", {"family_name": f"Andersson {number:02d}"})
    page = ContactsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    family = page.editor.inputs["family_name"]
    assert isinstance(family, QLineEdit) and family.hasFocus()
    qtbot.keyClicks(family, "Zhao")  # sorts last, far below the rows shown
    qtbot.keyClick(family, Qt.Key.Key_Tab)  # leaving the field saves it
    settle(qtbot, ctx)
    made = page.editor.record_id
    assert made is not None and page.selected_id() == made
    row = page.model.row_of(made)
    assert row is not None
    shown = page.table.viewport().rect()
    assert shown.contains(page.table.visualRect(page.model.index(row, 0)))


def test_the_welcome_fields_show_their_whole_examples(qtbot: QtBot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for line in (dialog.name, dialog.organization):
        needed = line.fontMetrics().horizontalAdvance(line.placeholderText())
        assert line.width() >= needed + 20, line.placeholderText()
    qtbot.keyClicks(dialog.name, "Karin Lindqvist")
    assert dialog.name.text() == "Karin Lindqvist"


def test_the_cli_folder_is_the_windows_folder(qtbot: QtBot, tmp_path: Path) -> None:
    folder, shared = tmp_path / "profile", tmp_path / "shared"
    Profile(folder).close()
    shared.mkdir()
    result = run_cli("sync", "--folder", str(shared), data_dir=folder)
    assert result.returncode == 0, result.stderr
    window = open_window(qtbot, folder)
    try:
        page = window.show_page("Sync")
        assert isinstance(page, SyncPage)
        settle(qtbot, window)
        assert page.folder_edit.text() == str(shared)  # no second setting to fill in
        elsewhere = tmp_path / "usb"
        elsewhere.mkdir()
        page.folder_edit.setFocus()
        page.folder_edit.selectAll()
        qtbot.keyClicks(page.folder_edit, str(elsewhere))
        qtbot.keyClick(page.folder_edit, Qt.Key.Key_Tab)
        settle(qtbot, window)
        assert SyncService(window.ctx.profile).folder() == str(elsewhere)  # the CLI's too
    finally:
        window.close()
        window.ctx.profile.close()
