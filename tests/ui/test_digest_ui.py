"""While you were away in the window (#18): after a sync that brought a colleague's changes
to the demo programme, Today says so, "See what changed" opens the digest, a click opens
the record, "Mark as read" empties it and the banner goes."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.leads import LeadService
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.ui.digest_dialog import DigestDialog
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.models.digest_tree import OPENS_ROLE
from tests.sync_support import new_profile
from tests.ui.conftest import settle


def _sync_from_page(qtbot: QtBot, window: MainWindow, folder: Path) -> None:
    page = window.show_page("Sync")
    settle(qtbot, window)
    page.findChild(QLineEdit, "sync-folder").setText(str(folder))
    qtbot.mouseClick(page.findChild(QPushButton, "sync-now"), Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.sync.task is None


def _rows(dialog: DigestDialog) -> list[QModelIndex]:
    """Every record row of the tree (children of the colleague groups)."""
    model, found = dialog.model, []
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        found += [model.index(row, 0, parent) for row in range(model.rowCount(parent))]
    return found


def test_a_colleagues_changes_are_shown_and_open_their_records(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path, shipped_fonts: list[str]
) -> None:
    window, shared = demo_window, tmp_path / "shared"
    shared.mkdir()
    _sync_from_page(qtbot, window, shared)  # the demo reaches the folder
    binh = new_profile(tmp_path / "binh", "Trần Bình")
    try:
        SyncService(binh).set_device_name("Bình HP")
        SyncService(binh).sync_folder(shared)
        records = RecordService(binh)
        contact, other = records.list("contact", limit=2)
        meeting = records.list("meeting", limit=1)[0]
        lead = records.list("lead", limit=1)[0]
        records.update("contact", contact.id, {"title": "Director of Smart City Office"})
        records.update("meeting", meeting.id, {"notes": "Agreed a pilot of 200 street lights."})
        LeadService(binh).move(lead.id, "mou" if lead.stage != "mou" else "agreement")
        records.delete("contact", other.id)
        SyncService(binh).sync_folder(shared)
    finally:
        binh.close()
    _sync_from_page(qtbot, window, shared)

    today = window.show_page("Today")
    settle(qtbot, window)
    banner = today.away
    assert banner.isVisible()
    assert banner.text.text() == "While you were away, Bình HP changed 5 records."
    if os.environ.get("DIGEST_SHOT"):
        window.grab().save(os.environ["DIGEST_SHOT"].replace(".png", "-today.png"))
    qtbot.mouseClick(banner.see_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    dialog = window.pages["Sync"].digest
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    summary = dialog.findChild(QLabel, "digest-summary").text()
    assert "4 records changed by Bình HP" in summary
    rows = _rows(dialog)
    assert len(rows) == 4
    shot = os.environ.get("DIGEST_SHOT") or str(tmp_path / "digest.png")
    dialog.grab().save(shot)
    dialog.grouping.setCurrentIndex(1)  # by record: one row per record, who changed it below
    assert dialog.model.rowCount() == 4
    dialog.grab().save(shot.replace(".png", "-by-record.png"))
    dialog.grouping.setCurrentIndex(0)
    rows = _rows(dialog)

    target = next(i for i in rows if i.data(OPENS_ROLE) == ("contact", contact.id))
    assert "Title: “Director of Smart City Office”" in target.siblingAtColumn(2).data()
    rect = dialog.tree.visualRect(target)
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot, window)
    page = window.current_page()
    assert page.title == "Contacts"
    chosen = page.selected_record()
    assert chosen is not None and chosen.id == contact.id

    deleted = next(i for i in rows if str(i.siblingAtColumn(1).data()).startswith("deleted"))
    rect = dialog.tree.visualRect(deleted)
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot, window)
    assert window.current_page().title == "Trash"

    qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert dialog.findChild(QLabel, "digest-summary").text().startswith("Nothing new")
    assert dialog.model.rowCount() == 0
    window.show_page("Today")
    settle(qtbot, window)
    assert not banner.isVisible()
    dialog.close()


def test_the_tree_model_passes_the_model_tester(qtmodeltester: object) -> None:
    from PySide6.QtGui import QStandardItemModel

    from smartgrowth_desktop.services.digest import Colleague, Digest, Entry
    from smartgrowth_desktop.ui.models.digest_tree import BY_RECORD, fill

    one, two = Colleague("d1", "Bình HP", ["Trần Bình"]), Colleague("d2", "Chi's Mac")
    entries = [
        Entry("contact", uuid.uuid4(), "d1", "Ngô Văn An", fields=[("Title", "x")]),
        Entry("meeting", uuid.uuid4(), "d2", "Visit", event="deleted"),
    ]
    digest = Digest(entries, {"d1": one, "d2": two}, 0, None, 10)
    model = QStandardItemModel()
    for grouping in ("colleague", BY_RECORD):
        fill(model, digest, grouping)
        qtmodeltester.check(model)  # type: ignore[attr-defined]
