"""Settings → Sync with a team server: Test connection, the token kept out of the profile,
Sync now through a real server, and a calm message when the server is away."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.services.sync_token import TOKEN_FILE
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.settings_dialog import SettingsDialog
from tests.server.support import ServerProcess, Team, new_team
from tests.sync_support import new_profile
from tests.ui.conftest import settle


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A headless machine: no OS keyring, so the token goes to the profile's private file."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Team]]:
    folder = tmp_path_factory.mktemp("ui-server")
    url = f"sqlite:///{folder / 'server.sqlite3'}"
    storage = Storage.open(url)
    team = new_team(storage, "anna", "binh")
    storage.close()
    with ServerProcess(url, folder / "log") as server:
        yield server, team


def _settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    window.actions_by_id[ActionId.SETTINGS].trigger()
    dialog = window.findChildren(SettingsDialog, "settings-dialog")[-1]
    assert dialog.isVisible()
    sync_tab = next(i for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i) == "Sync")
    tab_bar = dialog.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(sync_tab).center())
    assert dialog.tabs.currentIndex() == sync_tab
    settle(qtbot, window)
    return dialog


def _fill(qtbot: QtBot, dialog: SettingsDialog, url: str, token: str) -> None:
    qtbot.mouseClick(
        dialog.findChild(QRadioButton, "settings-sync-server-mode"), Qt.MouseButton.LeftButton
    )
    dialog.findChild(QLineEdit, "settings-sync-url").setText(url)
    token_edit = dialog.findChild(QLineEdit, "settings-sync-token")
    token_edit.setText(token)
    assert token_edit.echoMode() == QLineEdit.EchoMode.Password


def _test_result(qtbot: QtBot, window: MainWindow, dialog: SettingsDialog) -> str:
    qtbot.mouseClick(dialog.findChild(QPushButton, "settings-sync-test"), Qt.MouseButton.LeftButton)
    label = dialog.findChild(QLabel, "settings-sync-test-result")
    qtbot.waitUntil(lambda: label.text() != "Connecting…", timeout=20_000)
    settle(qtbot, window)
    return label.text()


def test_settings_test_connection_then_sync_through_the_server(
    qtbot: QtBot,
    window: MainWindow,
    running: tuple[ServerProcess, Team],
    tmp_path: Path,
    no_keyring: None,
) -> None:
    server, team = running
    with new_profile(tmp_path / "binh", "Trần Bình") as binh:
        contact = RecordService(binh).create("contact", {"family_name": "Đặng", "title": "CTO"})
        assert SyncService(binh).sync_server(server.url, team.tokens["binh"]).ok

    dialog = _settings(qtbot, window)
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Sync"
    _fill(qtbot, dialog, server.url, team.tokens["anna"][:-3] + "xyz")
    assert "refused the token" in _test_result(qtbot, window, dialog)
    _fill(qtbot, dialog, server.url, team.tokens["anna"])
    assert "Connected: anna in the team" in _test_result(qtbot, window, dialog)
    dialog.accept()
    settle(qtbot, window)

    folder = window.ctx.profile.folder
    saved = folder / TOKEN_FILE
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert team.tokens["anna"] in saved.read_text(encoding="utf-8")
    window.ctx.settings.sync()
    for stored in (folder / DATABASE_NAME, folder / "window.ini"):
        assert team.tokens["anna"].encode() not in stored.read_bytes()

    page = window.show_page("Sync")
    settle(qtbot, window)
    assert server.url in page.findChild(QLabel, "sync-target").text()
    assert not page.findChild(QLineEdit, "sync-folder").isEnabled()
    qtbot.mouseClick(page.findChild(QPushButton, "sync-now"), Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.sync.task is None
    assert window.sync_label.text().startswith("Synced ")
    assert window.ctx.records.get("contact", contact).title == "CTO"

    again = _settings(qtbot, window)  # the token is not shown again, only where it is kept
    assert again.findChild(QLineEdit, "settings-sync-token").text() == ""
    note = again.findChild(QLabel, "settings-sync-token-note").text()
    assert "private file" in note
    again.reject()


def test_an_unreachable_server_is_told_calmly(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, no_keyring: None
) -> None:
    from tests.server.postgres import free_port

    dead = f"http://127.0.0.1:{free_port()}"
    window.ctx.records.create("contact", {"family_name": "Võ"})
    dialog = _settings(qtbot, window)
    _fill(qtbot, dialog, dead, "sgt_" + "a" * 43)
    assert "cannot be reached" in _test_result(qtbot, window, dialog)
    dialog.accept()
    settle(qtbot, window)
    window.actions_by_id[ActionId.SYNC_NOW].trigger()
    qtbot.waitUntil(lambda: window.sync.task is None, timeout=30_000)
    settle(qtbot, window)
    assert window.sync_label.text().startswith("Sync failed: ")
    assert "edits are safe" in window.sync_label.text()
    assert window.ctx.records.count("contact") == 1
