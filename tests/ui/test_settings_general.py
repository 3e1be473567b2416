"""Settings → General: the delegate's name and home time zone, used across the window."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.settings_dialog import SettingsDialog
from smartgrowth_desktop.ui.widgets.time_zone import system_zone
from tests.ui.conftest import settle


def _open(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    window.actions_by_id[ActionId.SETTINGS].trigger()
    dialog = window.findChildren(SettingsDialog, "settings-dialog")[-1]
    assert dialog.isVisible()
    assert dialog.tabs.tabText(0) == "General"
    return dialog


def _press_ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_home_zone_and_name_are_kept_and_shown(qtbot: QtBot, window: MainWindow) -> None:
    today = window.show_page("Today")
    dialog = _open(qtbot, window)
    name = dialog.findChild(QLineEdit, "settings-user-name")
    name.clear()
    qtbot.keyClicks(name, "Kadri Tamm")
    zone = dialog.findChild(QComboBox, "settings-home-zone")
    zone.lineEdit().selectAll()
    qtbot.keyClicks(zone.lineEdit(), "Europe/Tallinn")
    _press_ok(qtbot, dialog)
    settle(qtbot, window)

    assert window.ctx.profile.author == "Kadri Tamm"
    assert window.ctx.profile.home_zone_name == "Europe/Tallinn"
    assert window.ctx.home.name == "Europe/Tallinn"
    assert today.home_zone == ZoneInfo("Europe/Tallinn")
    assert "Tallinn" in today.view.home.text()

    again = _open(qtbot, window)
    assert again.findChild(QComboBox, "settings-home-zone").currentText() == "Europe/Tallinn"
    assert again.findChild(QLineEdit, "settings-user-name").text() == "Kadri Tamm"


def test_unknown_zone_is_refused_and_the_laptops_zone_stays(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _open(qtbot, window)
    zone = dialog.findChild(QComboBox, "settings-home-zone")
    zone.lineEdit().selectAll()
    qtbot.keyClicks(zone.lineEdit(), "Mars/Olympus")
    hint = dialog.findChild(QLabel, "settings-home-zone-hint")
    assert "Not a time zone" in hint.text()
    _press_ok(qtbot, dialog)
    settle(qtbot, window)
    assert window.ctx.profile.home_zone_name is None
    assert window.ctx.home.name == system_zone()
