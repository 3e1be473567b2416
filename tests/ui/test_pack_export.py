"""Briefing packs from the window: File → Export briefing pack…, in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.record_list import RecordListPage
from tests.ui.conftest import settle


def _select_first(qtbot: QtBot, window: MainWindow, title: str) -> RecordListPage:
    page = window.show_page(title)
    assert isinstance(page, RecordListPage)
    settle(qtbot, window)
    page.table.selectRow(0)
    settle(qtbot, window)
    return page


def test_mission_pack_from_the_window(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    page = _select_first(qtbot, demo_window, "Missions")
    assert page.table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    target = tmp_path / "pack.pdf"
    assert demo_window.commands.export_pack(str(target)) is not None
    qtbot.waitUntil(lambda: demo_window.commands.packs.last_result is not None, timeout=60_000)
    assert target.read_bytes().startswith(b"%PDF")
    assert demo_window.commands.packs.last_result.pages > 10
    assert "Briefing pack written" in demo_window.statusBar().currentMessage()
    assert (
        demo_window.commands.packs.last_box is not None
        and demo_window.commands.packs.last_box.isVisible()
    )


def test_meeting_brief_can_be_cancelled(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    _select_first(qtbot, demo_window, "Meetings")
    target = tmp_path / "brief.pdf"
    task = demo_window.commands.export_pack(str(target))
    assert task is not None
    task.cancel()
    qtbot.waitUntil(lambda: demo_window.ctx.operations.pending == 0, timeout=60_000)
    settle(qtbot, demo_window)
    assert not target.exists()
    assert "cancelled" in demo_window.statusBar().currentMessage()


def test_pack_needs_a_selection(qtbot: QtBot, demo_window: MainWindow, tmp_path: Path) -> None:
    demo_window.show_page("Contacts")
    never = tmp_path / "never.pdf"
    assert demo_window.commands.export_pack(str(never)) is None
    assert "Select a mission" in demo_window.statusBar().currentMessage()
    assert not never.exists()


def test_a_title_no_font_can_draw_is_told_after_export(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    records = window.ctx.records
    mission = records.create("mission", {"name": "Da Nang 🌊"})
    meeting = records.create("meeting", {"title": "Gặp 👋 đối tác", "mission_id": str(mission)})
    target = tmp_path / "brief.pdf"
    assert window.commands.packs.export("meeting", meeting, str(target)) is not None
    qtbot.waitUntil(lambda: window.commands.packs.last_result is not None, timeout=60_000)
    box = window.commands.packs.last_box
    assert box is not None and box.isVisible()
    told = box.informativeText()
    assert "the title of meeting 'Gặp 👋 đối tác' holds characters no shipped font can draw" in told
    assert "'🌊' (U+1F30A WATER WAVE)" in told
