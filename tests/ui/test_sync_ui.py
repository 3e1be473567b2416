"""The Sync and Conflicts pages: two real profiles syncing through a real temp folder."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.conflicts import EMPTY_TEXT
from tests.ui.conftest import settle

SECRET = "lychee harvest in Bắc Giang"


@pytest.fixture
def binh(tmp_path: Path) -> Iterator[Profile]:
    """A colleague's laptop: a second, separate profile."""
    profile = Profile(tmp_path / "binh")
    profile.set_user("Trần Bình")
    with profile.database.connection(immediate=True) as conn:
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO local_state (key, value) VALUES ('device_name', 'Bình HP')"
        )
    yield profile
    profile.close()


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    return folder


def _sync_from_page(qtbot: QtBot, window: MainWindow, folder: Path, passphrase: str = "") -> None:
    page = window.show_page("Sync")
    settle(qtbot, window)
    page.findChild(QLineEdit, "sync-folder").setText(str(folder))
    page.findChild(QLineEdit, "sync-passphrase").setText(passphrase)
    qtbot.mouseClick(page.findChild(QPushButton, "sync-now"), Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.sync.task is None


def _results(window: MainWindow) -> list[str]:
    results = window.pages["Sync"].findChild(QListWidget, "sync-results")
    return [results.item(i).text() for i in range(results.count())]


def _texts(widget: QWidget, name: str) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel, name)]


def test_a_conflict_is_listed_resolved_and_synced(
    qtbot: QtBot, window: MainWindow, binh: Profile, shared: Path
) -> None:
    window.ctx.profile.set_user("Anna Berg")
    contact = RecordService(binh).create("contact", {"family_name": "Ngô", "title": "Engineer"})
    SyncService(binh).sync_folder(shared)

    _sync_from_page(qtbot, window, shared)
    assert re.fullmatch(r"Synced \d\d:\d\d · [1-9]\d* new", window.sync_label.text())
    assert SyncService(window.ctx.profile).folder() == str(shared)  # the CLI's too (#16)
    assert window.ctx.records.get("contact", contact).title == "Engineer"
    assert any(line.startswith("Received 1 changeset") for line in _results(window))
    peers = window.pages["Sync"].peers
    assert peers.rowCount() == 1 and peers.item(0, 0).text() == "Bình HP"

    window.ctx.records.update("contact", contact, {"title": "Director"})
    RecordService(binh).update("contact", contact, {"title": "Deputy Director"})
    SyncService(binh).sync_folder(shared)
    window.actions_by_id[ActionId.SYNC_NOW].trigger()  # F5, same as the button
    settle(qtbot, window)

    assert window.sidebar.item(10).text() == "Conflicts (1)"
    assert window.conflicts_button.isVisible()
    assert window.conflicts_button.text() == "1 conflict to review"
    page = window.show_page("Conflicts")
    settle(qtbot, window)
    assert page.list.count() == 1
    assert page.list.item(0).text().startswith("Contact: Ngô\nTitle · 2 values")  # (#16)
    values = page.findChild(QWidget, "conflict-values")
    assert sorted(_texts(values, "conflict-value-text")) == ["Deputy Director", "Director"]
    who = " ".join(_texts(values, "conflict-value-who"))
    assert "By Anna Berg" in who and "By Trần Bình" in who and "Laptop: Bình HP" in who

    qtbot.mouseClick(page.keep_mine, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert page.list.count() == 0
    assert page.stack.currentWidget().text() == EMPTY_TEXT
    assert window.sidebar.item(10).text() == "Conflicts"
    assert not window.conflicts_button.isVisible()
    assert window.ctx.records.get("contact", contact).title == "Director"

    window.actions_by_id[ActionId.SYNC_NOW].trigger()
    settle(qtbot, window)
    SyncService(binh).sync_folder(shared)
    assert RecordService(binh).get("contact", contact).title == "Director"
    assert SyncService(binh).conflict_count() == 0


def test_a_long_note_conflict_is_shown_as_a_diff_and_merged_by_hand(
    qtbot: QtBot, window: MainWindow, binh: Profile, shared: Path
) -> None:
    meeting = RecordService(binh).create(
        "meeting", {"title": "Lighting pilot", "notes": "Met Mr Phạm.\nThey want a pilot."}
    )
    SyncService(binh).sync_folder(shared)
    _sync_from_page(qtbot, window, shared)
    window.ctx.records.update(
        "meeting", meeting, {"notes": "Met Mr Phạm.\nThey want a pilot.\n200 lights in Sơn Trà."}
    )
    RecordService(binh).update(
        "meeting", meeting, {"notes": "Met Mr Phạm and Ms Lan.\nThey want a pilot."}
    )
    SyncService(binh).sync_folder(shared)
    _sync_from_page(qtbot, window, shared)

    page = window.show_page("Conflicts")
    settle(qtbot, window)
    assert page.diff.isVisible()
    assert "+200 lights in Sơn Trà." in page.diff.toPlainText().splitlines() or (
        "-200 lights in Sơn Trà." in page.diff.toPlainText().splitlines()
    )
    merged = "Met Mr Phạm and Ms Lan.\nThey want a pilot.\n200 lights in Sơn Trà."
    page.merged.setPlainText(merged)
    qtbot.mouseClick(page.keep_text, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert page.list.count() == 0
    assert window.ctx.records.get("meeting", meeting).notes == merged


def test_a_wrong_passphrase_is_shown_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, binh: Profile, shared: Path
) -> None:
    RecordService(binh).create("contact", {"family_name": "Lê", "given_name": "Lan"})
    SyncService(binh).sync_folder(shared, passphrase=SECRET)
    before = sorted(p.relative_to(shared) for p in shared.rglob("*"))

    _sync_from_page(qtbot, window, shared, passphrase="durian season")
    assert window.sync_label.text().startswith("Sync failed: ")
    assert "passphrase" in window.sync_label.text()
    assert any("wrong passphrase" in line for line in _results(window))
    assert window.ctx.records.count("contact") == 0
    assert sorted(p.relative_to(shared) for p in shared.rglob("*")) == before

    _sync_from_page(qtbot, window, shared, passphrase=SECRET)
    assert window.sync_label.text().startswith("Synced ")
    assert window.ctx.records.count("contact") == 1
    window.ctx.settings.sync()
    ini = window.ctx.profile.folder / "window.ini"
    stored = ini.read_text(encoding="utf-8") if ini.exists() else ""
    assert "durian" not in stored and "lychee" not in stored
    assert SyncService(window.ctx.profile).folder() == str(shared)  # kept by the profile


def test_sync_now_without_a_folder_opens_the_sync_page(qtbot: QtBot, window: MainWindow) -> None:
    assert window.sync_label.text() == "Never synced"
    window.actions_by_id[ActionId.SYNC_NOW].trigger()
    settle(qtbot, window)
    page = window.current_page()
    assert page.title == "Sync"
    assert "Choose the shared folder" in page.findChild(QLabel, "sync-message").text()
    assert window.sync.task is None
    shortcuts = [s.toString() for s in window.actions_by_id[ActionId.SYNC_NOW].shortcuts()]
    assert shortcuts == ["F5", "Ctrl+Shift+S"]


def test_the_status_bar_shows_the_stored_last_sync_at_start_up(
    qtbot: QtBot, tmp_path: Path, shared: Path
) -> None:
    from tests.ui.conftest import open_window

    first = open_window(qtbot, tmp_path / "anna")
    _sync_from_page(qtbot, first, shared)
    first.close()
    first.ctx.profile.close()

    again = open_window(qtbot, tmp_path / "anna")
    try:
        assert again.sync_label.text().startswith("Last synced ")
        page = again.show_page("Sync")
        settle(qtbot, again)
        assert page.findChild(QLineEdit, "sync-folder").text() == str(shared)
        assert page.findChild(QLineEdit, "sync-passphrase").text() == ""
    finally:
        again.close()
        again.ctx.profile.close()


def test_a_lead_ahead_of_its_sme_is_explained_in_words_not_sql(
    qtbot: QtBot, window: MainWindow, shared: Path
) -> None:
    import uuid

    from tests.work_orders import publish_record

    stamp = "2026-12-04T08:00:00+00:00"
    publish_record(shared, str(uuid.uuid4()), "lead", str(uuid.uuid4()),
                   {"title": "Smart parking pilot", "kind": "pilot", "stage": "meeting",
                    "sme_id": str(uuid.uuid4()), "created_at": stamp,
                    "updated_at": stamp})  # fmt: skip
    _sync_from_page(qtbot, window, shared)
    lines = _results(window)
    assert window.sync_label.text().startswith("Synced ")
    assert "Not linked yet: a lead 'Smart parking pilot' arrived before its SME" in "\n".join(lines)
    assert not any(line.startswith("Refused") or "SQL" in line for line in lines)
    assert window.ctx.records.count("lead") == 1


def test_a_mass_deletion_waits_on_the_sync_page_and_keep_restores_it(
    qtbot: QtBot, window: MainWindow, binh: Profile, shared: Path, tmp_path: Path
) -> None:
    records = RecordService(binh)
    ids = [records.create("contact", {"family_name": f"Trần {n}"}) for n in range(60)]
    SyncService(binh).sync_folder(shared)
    _sync_from_page(qtbot, window, shared)
    for record_id in ids[:55]:
        records.delete("contact", record_id)
    SyncService(binh).sync_folder(shared)

    _sync_from_page(qtbot, window, shared)
    box = window.pages["Sync"].findChild(QWidget, "held-deletions")
    qtbot.waitUntil(box.isVisible)
    [text] = _texts(box, "held-deletion-text")
    assert "deletes 55 records (55 contacts: Trần" in text
    assert any(line.startswith("Held: ") for line in _results(window))
    assert window.ctx.records.count("contact") == 60
    if os.environ.get("SMARTGROWTH_SCREENSHOTS"):
        window.grab().save(str(tmp_path / "held-deletions.png"))

    qtbot.mouseClick(box.findChild(QPushButton, "held-deletion-keep"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.ctx.records.count("contact") == 60
    assert "The records were kept" in window.pages["Sync"].findChild(QLabel, "sync-message").text()


def test_files_still_arriving_are_waited_for_on_the_sync_page(
    qtbot: QtBot, window: MainWindow, binh: Profile, shared: Path
) -> None:
    contact = RecordService(binh).create("contact", {"family_name": "Lý", "given_name": "Hà"})
    SyncService(binh).sync_folder(shared)
    [changeset] = shared.rglob("*.sgc")
    whole = changeset.read_bytes()
    changeset.write_bytes(b"")  # a cloud client's placeholder, not downloaded yet

    _sync_from_page(qtbot, window, shared)
    lines = _results(window)
    assert "waiting for 1 file(s)" in window.sync_label.text()
    assert any(line.startswith("Waiting for 1 file(s) still arriving") for line in lines)
    assert any(changeset.name in line and "placeholder" in line for line in lines)
    assert not any(line.startswith("Refused") for line in lines)

    changeset.write_bytes(whole)
    _sync_from_page(qtbot, window, shared)
    assert not any("Waiting for" in line for line in _results(window))
    assert window.ctx.records.get("contact", contact).family_name == "Lý"


def test_the_deletion_hold_is_set_in_settings(
    qtbot: QtBot, window: MainWindow, binh: Profile, shared: Path
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QSpinBox

    from smartgrowth_desktop.services.deletions import HeldDeletionService
    from smartgrowth_desktop.ui.settings_dialog import SettingsDialog

    window.actions_by_id[ActionId.SETTINGS].trigger()
    dialog = window.findChildren(SettingsDialog, "settings-dialog")[-1]
    dialog.tabs.setCurrentIndex(
        [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())].index("Sync")
    )
    hold = dialog.findChild(QSpinBox, "settings-sync-hold-deletions")
    qtbot.waitUntil(hold.isEnabled)
    assert hold.value() == 50
    hold.selectAll()
    qtbot.keyClicks(hold, "10")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert HeldDeletionService(window.ctx.profile).threshold() == 10

    records = RecordService(binh)
    ids = [records.create("contact", {"family_name": f"Lê {n}"}) for n in range(12)]
    SyncService(binh).sync_folder(shared)
    _sync_from_page(qtbot, window, shared)
    for record_id in ids:
        records.delete("contact", record_id)
    SyncService(binh).sync_folder(shared)
    _sync_from_page(qtbot, window, shared)
    box = window.pages["Sync"].findChild(QWidget, "held-deletions")
    qtbot.waitUntil(box.isVisible)
    [text] = _texts(box, "held-deletion-text")
    assert "deletes 12 records" in text
