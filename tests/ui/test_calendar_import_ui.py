"""File → Import calendar…: the preview lists what will happen, asks the mission where
several fit (Import waits for the choice), and the import writes in the background."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from smartgrowth_desktop.core.models import Meeting
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.calendar_import import CalendarImportDialog, CalendarPreviewModel
from smartgrowth_desktop.ui.main_window import MainWindow
from tests.ui.conftest import open_window, settle

ICS = Path(__file__).parents[1] / "fixtures" / "ics"
SHOTS = os.environ.get("SMARTGROWTH_SHOTS")


@pytest.fixture
def mission_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    folder = tmp_path / "profile"
    with Profile(folder) as profile:
        records = RecordService(profile)
        for name, country, zone in (("Guangzhou", "CN", "Asia/Shanghai"),
                                    ("Hebei", "CN", "Asia/Shanghai"),
                                    ("Ho Chi Minh City", "VN", "Asia/Ho_Chi_Minh")):  # fmt: skip
            market = records.create("market", {"name": name, "country": country, "time_zone": zone})
            start, end = ("2026-11-09", "2026-11-13") if country == "VN" else (
                "2026-11-16", "2026-11-20",
            )  # fmt: skip
            records.create("mission", {"name": f"{name}, November", "start_date": start,
                                       "end_date": end, "market_ids": [str(market)]})  # fmt: skip
    window = open_window(qtbot, folder)
    yield window
    window.close()
    window.ctx.profile.close()


def _wait_for_dialog(qtbot: QtBot, window: MainWindow) -> CalendarImportDialog:
    for _ in range(200):
        settle(qtbot, window)
        dialog = window.commands.calendar.dialog
        if isinstance(dialog, CalendarImportDialog):
            return dialog
        qtbot.wait(10)
    raise AssertionError("no preview")


def test_preview_asks_the_mission_then_imports(
    qtbot: QtBot, mission_window: MainWindow, tmp_path: Path, shipped_fonts: list[str]
) -> None:
    window = mission_window
    assert window.actions_by_id[ActionId.IMPORT_CALENDAR].text() == "Import calendar…"
    text = (ICS / "outlook_request.ics").read_text(encoding="utf-8")
    unclear = tmp_path / "invitations.ics"
    unclear.write_text(text.replace("广州市水务局\\, Guangzhou", "Water Bureau"), "utf-8")
    window.commands.calendar.import_calendar(str(unclear))
    dialog = _wait_for_dialog(qtbot, window)
    dialog.resize(1366 - 80, 768 - 200)
    model = dialog.model
    rows = {model.index(r, CalendarPreviewModel.TITLE).data(): r for r in range(model.rowCount())}
    water = rows["Smart water metering – Guangzhou Water Bureau"]
    assert model.index(water, CalendarPreviewModel.MISSION).data().startswith("? ")
    assert not dialog.import_button.isEnabled()  # the mission first
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "calendar-import-preview.png"))
    dialog.mission.setFocus()
    qtbot.keyClick(dialog.mission, Qt.Key.Key_Down)  # Guangzhou, November
    assert model.index(water, CalendarPreviewModel.MISSION).data() == "Guangzhou, November"
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    for _ in range(200):
        settle(qtbot, window)
        if window.commands.calendar.last_report is not None:
            break
        qtbot.wait(10)
    report = window.commands.calendar.last_report
    assert report is not None and report.created == 4
    assert "4 new meetings" in window.statusBar().currentMessage()
    with window.ctx.profile.database.read() as session:
        titles = {m.title for m in session.scalars(select(Meeting))}
    assert "Smart water metering – Guangzhou Water Bureau" in titles


def test_a_bad_file_is_said_and_nothing_opens(
    qtbot: QtBot, mission_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(
        "smartgrowth_desktop.ui.calendar_import.show_error",
        lambda _parent, error: said.append(str(error)),
    )
    bad = tmp_path / "notes.ics"
    bad.write_text("Meeting on Tuesday at 9\n", "utf-8")
    mission_window.commands.calendar.import_calendar(str(bad))
    for _ in range(100):
        settle(qtbot, mission_window)
        if said:
            break
    assert said == ["notes.ics: not an iCalendar file (it does not start with BEGIN:VCALENDAR)"]
    assert mission_window.commands.calendar.dialog is None
