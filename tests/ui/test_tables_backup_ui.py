"""The window's spreadsheet import wizard, "Export list…", Back up now and Restore."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.core.backup import list_backups
from smartgrowth_desktop.ui.backup_control import RestoreDialog
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.registry import TITLES
from tests.ui.conftest import settle, type_text

#: a folder for screenshots of the dialogs, when one is named (none are taken otherwise)
SHOTS = os.environ.get("SMARTGROWTH_SHOTS")
#: the pages with no list to export, and why
NO_LIST = {
    "Today": "a glance at the day (meetings, follow-ups, the mission), not a list",
    "Indicators": "the programme's figures, each with its records behind it",
    "Sync": "the sync's settings and its last runs",
    "Conflicts": "values to choose between, one field at a time",
    "Trash": "deleted records of every kind in one list (export-table --deleted writes them)",
}

CSV = (
    "Họ và tên;Công ty;E-mail;Điện thoại;Chức vụ;Ghi chú\r\n"
    "Nguyễn Thị Mai;Công ty Năng lượng Xanh;mai@xanh.vn;+84 912 345 678;Giám đốc;Gặp ở Hà Nội\r\n"
    "Trần Văn Hùng;Công ty Năng lượng Xanh;hung@xanh;+84 913 000 111;Kỹ sư;\r\n"
    "李伟;广州智慧城市;li.wei@gz.cn;+86 138 0013 8000;经理;\r\n"
    "Anna Svensson;Växjö Energi AB;anna@vaxjo.se;+46 70 123 45 67;Engineer;Solar\r\n"
)


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))  # type: ignore[attr-defined]


def test_import_wizard_maps_previews_and_imports(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "partners.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV.encode("utf-8"))
    dialog = window.commands.tables.import_spreadsheet(str(path))
    _shot(dialog, "table-import-file.png")
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert dialog.steps.currentIndex() == 1
    assert dialog.mapping() == ["full_name", "organization", "emails", "phones", "title", "notes"]
    dialog.set_target(5, "")  # leave the notes out
    _shot(dialog, "table-import-mapping.png")
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert dialog.steps.currentIndex() == 2
    assert "3 of 4 rows can be imported" in dialog.summary.text()
    assert "row 3, column 'E-mail'" in dialog.summary.text()
    _shot(dialog, "table-import-preview.png")
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)  # refused: bad row, box unticked
    assert "tick the box" in dialog.message.text()
    dialog.skip_bad.setChecked(True)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert dialog.report is not None and dialog.report.created == 3
    assert window.ctx.records.count("contact") == 3
    assert "Imported 3 contacts and 3 new organizations" in window.statusBar().currentMessage()
    assert (
        window.commands.tables.last_box is not None
        and "row 3" in window.commands.tables.last_box.detailedText()
    )
    window.commands.tables.last_box.close()


def test_export_list_writes_the_filtered_list(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    page = demo_window.show_page("Contacts")
    settle(qtbot, demo_window)
    _shot(demo_window, "contacts-export-list.png")
    button = page.findChild(object, "export-list")
    assert button is not None and button.text() == "Export list…"
    type_text(qtbot, page.filter_edit, "nguyen")
    qtbot.waitUntil(lambda: page.model.rowCount() < demo_window.ctx.records.count("contact"))
    shown = page.model.rowCount()
    out = tmp_path / "contacts.xlsx"
    assert demo_window.commands.tables.export_list(page, str(out))
    settle(qtbot, demo_window)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert list(rows[0]) == [c.title for c in page.columns]
    assert len(rows) - 1 == shown > 0
    assert all("nguy" in str(row[0]).lower() for row in rows[1:])


def test_back_up_now_and_restore_reopens_the_profile(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    records = window.ctx.records
    records.create("contact", {"family_name": "Lý", "given_name": "Thu Hà"})
    window.commands.backups.back_up_now()
    settle(qtbot, window)
    folder = window.ctx.profile.folder
    backups = list_backups(folder)
    assert len(backups) == 1 and "Backed up to" in window.statusBar().currentMessage()
    records.create("contact", {"family_name": "Later"})
    page = window.show_page("Contacts")
    settle(qtbot, window)
    assert page.model.rowCount() == 2
    window.commands.backups.restore(backups[0].path)
    settle(qtbot, window)
    assert records.count("contact") == 1
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert "Restored from" in window.last_message
    dialog = RestoreDialog(list_backups(folder), window)
    dialog.resize(640, 360)
    _shot(dialog, "restore-dialog.png")
    assert dialog.list.rowCount() == 2
    dialog.close()


def test_daily_backup_thread(window: MainWindow) -> None:
    thread = window.commands.backups.start_daily()
    thread.join(30)
    assert [b.reason for b in list_backups(window.ctx.profile.folder)] == ["daily"]


def test_every_list_page_exports(qtbot: QtBot, demo_window: MainWindow, tmp_path: Path) -> None:
    """Every page that lists records exports its list, with its button; the others say
    they have none (``list_export`` is None) for the reasons in ``NO_LIST``."""
    exported, without = [], []
    for title in TITLES:
        page = demo_window.show_page(title)
        settle(qtbot, demo_window)
        shown = page.list_export()
        if shown is None:
            without.append(title)
            assert page.findChild(QPushButton, "export-list") is None, title
            continue
        assert page.findChild(QPushButton, "export-list") is not None, title
        out = tmp_path / f"{title}.csv"
        assert demo_window.commands.tables.export_list(page, str(out))
        settle(qtbot, demo_window)
        lines = out.read_text("utf-8-sig").splitlines()
        assert lines[0].split(",")[0] == shown.columns[0].title, title
        assert len(lines) > 1, f"{title}: the demo programme has records there"
        exported.append(title)
    assert without == list(NO_LIST)
    assert exported == [
        "Missions", "Meetings", "Contacts", "Organizations", "Leads", "Follow-ups", "Markets"
    ]  # fmt: skip


def test_a_failed_daily_backup_is_said_in_the_window(qtbot: QtBot, window: MainWindow) -> None:
    # a file where the backups folder should be: the backup cannot be written
    (window.ctx.profile.folder / "backups").write_text("not a folder", encoding="utf-8")
    thread = window.commands.backups.start_daily()
    thread.join(30)
    qtbot.waitUntil(lambda: "automatic backup failed" in window.statusBar().currentMessage())
    assert "Back up now" in window.statusBar().currentMessage()
