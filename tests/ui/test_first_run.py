"""The first-run screen of an empty profile."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import offer_first_run
from smartgrowth_desktop.ui.first_run import FirstRunDialog
from smartgrowth_desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle


def _answer(qtbot: QtBot, button: str, name: str = "") -> None:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, FirstRunDialog)
    dialog.encrypt.setChecked(False)  # encrypting from the start: test_encryption_ui.py
    if name:
        field = dialog.findChild(QLineEdit, "user-name")
        assert field is not None
        qtbot.keyClicks(field, name)
    clicked = dialog.findChild(QPushButton, f"start-{button}")
    assert clicked is not None
    qtbot.mouseClick(clicked, Qt.MouseButton.LeftButton)


def test_empty_profile_offers_the_demo(qtbot: QtBot, window: MainWindow) -> None:
    QTimer.singleShot(50, lambda: _answer(qtbot, "demo", "Karin Lindqvist"))
    offer_first_run(window)
    qtbot.waitUntil(lambda: window.ctx.records.count("mission") == 6, timeout=20_000)
    settle(qtbot, window)
    assert window.ctx.profile.author == "Karin Lindqvist"
    assert window.ctx.records.count("contact") == 90


def test_start_empty_keeps_the_profile_empty(qtbot: QtBot, window: MainWindow) -> None:
    QTimer.singleShot(50, lambda: _answer(qtbot, "empty"))
    offer_first_run(window)
    settle(qtbot, window)
    assert window.ctx.records.count("mission") == 0


def test_a_profile_with_data_skips_the_screen(qtbot: QtBot, demo_window: MainWindow) -> None:
    offer_first_run(demo_window)  # returns at once: no dialog to answer
    assert QApplication.activeModalWidget() is None
