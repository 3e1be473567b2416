"""Loading the demo programme from the window: progress, Cancel, nothing half-written."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle


def demo_dialog(window: MainWindow) -> QProgressDialog | None:
    for dialog in window.findChildren(QProgressDialog):
        if dialog.windowTitle() == "Demo programme" and dialog.isVisible():
            return dialog
    return None


def change_count(window: MainWindow) -> int:
    with window.ctx.profile.database.connection() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM changes").scalar_one())


def test_cancelling_the_demo_load_writes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    # Another writer holds the database, so the load waits inside its first step: the
    # delegate has all the time to press Cancel, whatever the speed of the machine.
    blocker = sqlite3.connect(window.ctx.profile.folder / DATABASE_NAME, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        window.commands.load_demo()
        qtbot.waitUntil(lambda: demo_dialog(window) is not None, timeout=5000)
        dialog = demo_dialog(window)
        assert dialog is not None
        [cancel] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.waitUntil(lambda: window.ctx.operations.pending == 0, timeout=20_000)
    settle(qtbot, window)
    assert "nothing was changed" in window.statusBar().currentMessage()
    assert window.ctx.records.count("mission") == window.ctx.records.count("contact") == 0
    assert change_count(window) == 0
    assert demo_dialog(window) is None


def test_the_demo_load_completes_with_progress(qtbot: QtBot, window: MainWindow) -> None:
    window.commands.load_demo()
    qtbot.waitUntil(lambda: window.ctx.operations.pending == 0, timeout=20_000)
    settle(qtbot, window)
    assert window.ctx.records.count("mission") == 6
    assert window.ctx.records.count("contact") == 90
    said = window.statusBar().currentMessage()
    assert said.startswith("Demo programme loaded: ") and "90 contacts" in said  # (#16)
    assert "follow-ups" in said and "_" not in said and " market," not in said
    assert demo_dialog(window) is None
