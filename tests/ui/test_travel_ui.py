"""Travel mode in the window: Sync → Travel mode…, tick Da Nang, see what stays and
what leaves, leave; the status bar says so and what is carried; the Guangzhou card is
gone from Contacts; "Back from travel" brings it back and the badge goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.travel_dialog import LeaveDialog, RemoveProfileDialog, TravellingDialog
from tests.test_travel_plan import _two_missions
from tests.ui.conftest import open_window, settle

SHOTS = Path("/tmp/travel-ui")


def _dialog(qtbot: QtBot, kind: type) -> object:
    found: list[object] = []

    def shown() -> None:
        widget = QApplication.activeModalWidget()
        assert isinstance(widget, kind)
        found.append(widget)

    qtbot.waitUntil(shown, timeout=10_000)
    return found[0]


def test_leave_for_travel_and_come_back_from_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    folder, shared = tmp_path / "van", tmp_path / "shared"
    shared.mkdir()
    ids = _two_missions(folder)
    with Profile(folder) as profile:
        SyncService(profile).sync_folder(shared)
    window = open_window(qtbot, folder)
    try:
        window.actions_by_id[ActionId.TRAVEL_MODE].trigger()
        dialog = _dialog(qtbot, LeaveDialog)
        assert isinstance(dialog, LeaveDialog)
        assert str(shared) in dialog.target.text()
        assert not dialog.leave_button.isEnabled()
        row = next(
            r
            for r in range(dialog.missions.count())
            if dialog.missions.item(r).text().startswith("Da Nang")
        )
        dialog.missions.item(row).setCheckState(Qt.CheckState.Checked)
        qtbot.waitUntil(lambda: "Leaves this laptop" in dialog.plan.text(), timeout=10_000)
        assert "2 contacts" in dialog.plan.text()  # Zhang and the card nobody met leave
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / "leave-dialog.png"))
        qtbot.mouseClick(dialog.leave_button, Qt.MouseButton.LeftButton)

        badge = window.travel.badge
        qtbot.waitUntil(badge.isVisible, timeout=30_000)
        settle(qtbot, window)
        assert "Da Nang, December 2026" in badge.text()
        assert "1 mission" in badge.toolTip()
        assert window.ctx.records.count("contact") == 1
        window.grab().save(str(SHOTS / "travelling-window.png"))

        qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)
        status = _dialog(qtbot, TravellingDialog)
        assert isinstance(status, TravellingDialog)
        status.grab().save(str(SHOTS / "travelling-dialog.png"))
        qtbot.mouseClick(status.back_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not badge.isVisible(), timeout=30_000)
        settle(qtbot, window)
        assert window.ctx.records.count("contact") == 3
        assert window.ctx.records.get("contact", ids["zhang"]).family_name == "Zhang"

        window.actions_by_id[ActionId.REMOVE_PROFILE].trigger()
        remove = _dialog(qtbot, RemoveProfileDialog)
        assert isinstance(remove, RemoveProfileDialog)
        assert not remove.remove_button.isEnabled()
        qtbot.keyClicks(remove.word, "REMOVE")
        assert remove.remove_button.isEnabled()
        remove.grab().save(str(SHOTS / "remove-dialog.png"))
        remove.reject()  # removing for real is tested through the CLI
    finally:
        window.close()
        window.ctx.profile.close()
