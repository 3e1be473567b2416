"""Importing from the window: in the background, with progress, and cancellable."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle


def _document(path: Path, count: int) -> Path:
    contacts = [
        {"id": str(uuid.uuid4()), "family_name": "Hồ", "given_name": f"Văn {n}"}
        for n in range(count)
    ]
    path.write_text(json.dumps({"format": "smartgrowth/1", "contacts": contacts}), "utf-8")
    return path


def test_import_runs_in_the_background(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    task = window.commands.import_json(str(_document(tmp_path / "small.json", 30)))
    assert task is not None
    qtbot.waitUntil(lambda: window.ctx.records.count("contact") == 30, timeout=10_000)
    settle(qtbot, window)
    assert "30 contact" in window.last_message


def test_cancelled_import_changes_nothing(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.ctx.records.create("contact", {"family_name": "Kept"})
    task = window.commands.import_json(str(_document(tmp_path / "big.json", 12_000)))
    assert task is not None
    task.cancel()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.ctx.operations.pending == 0, timeout=60_000)
    settle(qtbot, window)
    assert window.ctx.records.count("contact") == 1
    assert "cancelled" in window.statusBar().currentMessage()
