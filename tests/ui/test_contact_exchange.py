"""vCard import with its preview, Find duplicates with merge and undo, calendar export:
driven from the window as a user would."""

from __future__ import annotations

import os
from pathlib import Path

import icalendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QRadioButton
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.contact_import import import_cards, preview_files
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.vcard_preview import CardPreviewModel, VCardImportDialog
from tests.ui.conftest import settle

FIXTURES = Path(__file__).parents[1] / "fixtures" / "vcard"
SHOTS = os.environ.get("SMARTGROWTH_SHOTS")  # a folder: save screenshots there


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))  # type: ignore[attr-defined]


def _wait_for(qtbot: QtBot, window: MainWindow, condition: object) -> None:
    for _ in range(200):
        settle(qtbot, window)
        if condition():  # type: ignore[operator]
            return
        qtbot.wait(10)
    raise AssertionError("timed out")


def test_import_preview_flags_duplicates_and_imports_the_chosen(
    qtbot: QtBot, window: MainWindow
) -> None:
    import_cards(window.ctx.profile, preview_files(window.ctx.profile, [FIXTURES / "outlook.vcf"]))
    files = [str(FIXTURES / n) for n in ("google-contacts.vcf", "apple-contacts.vcf")]
    window.commands.exchange.import_vcard(files)
    _wait_for(qtbot, window, lambda: isinstance(window.commands.exchange.dialog, VCardImportDialog))
    dialog = window.commands.exchange.dialog
    dialog.resize(1366 - 80, 768 - 80)
    model = dialog.model
    names = [model.index(r, CardPreviewModel.NAME).data() for r in range(model.rowCount())]
    assert "李伟 (Li Wei)" in names and "Nguyễn Thị Minh Khai" in names
    assert dialog.rejected_list.count() == 1 and "line 35" in dialog.rejected_list.item(0).text()
    bao = names.index("Tran Quoc Bao")
    duplicate = model.index(bao, CardPreviewModel.DUPLICATE).data()
    assert "Trần Quốc Bảo" in duplicate and "same e-mail" in duplicate
    assert model.index(bao, CardPreviewModel.ACTION).data() == "Merge into it"
    _shot(dialog, "vcard-import-preview.png")
    # the user unticks the Chinese card (skip) and imports the rest
    li = names.index("李伟 (Li Wei)")
    model.setData(
        model.index(li, CardPreviewModel.IMPORT),
        Qt.CheckState.Unchecked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Import 4 cards"
    ok.click()
    _wait_for(qtbot, window, lambda: window.commands.exchange.last_report is not None)
    report = window.commands.exchange.last_report
    assert (report.created, report.merged, report.skipped) == (3, 1, 1)
    assert window.ctx.records.count("contact") == 4


def test_find_duplicates_merge_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    records = window.ctx.records
    org = records.create("organization", {"name": "Sở Xây dựng", "kind": "municipality"})
    keep = records.create(
        "contact",
        {"family_name": "Phạm", "given_name": "Văn Đức", "organization_id": str(org),
         "name_order": "family_first", "title": "Deputy Head", "phones": ["+84 28 3829 1547"]},
    )  # fmt: skip
    other = records.create(
        "contact",
        {"family_name": "Pham", "given_name": "Van Duc", "organization_id": str(org),
         "name_order": "family_first", "title": "Deputy Head, Traffic Management",
         "emails": ["pvduc@soxaydung.example"], "zalo": "+84909664312"},
    )  # fmt: skip
    window.actions_by_id[ActionId.FIND_DUPLICATES].trigger()
    dialog = window.commands.exchange.dialog
    _wait_for(qtbot, window, lambda: dialog.current is not None)
    dialog.resize(1366 - 80, 768 - 80)
    assert dialog.pair_list.count() == 1
    assert "close name in the same organization" in dialog.title.text()
    qtbot.wait(50)  # the field rows are shown on the next turn of the event loop
    _shot(dialog, "duplicates.png")
    take_title = dialog.findChild(QRadioButton, "take-title-other")
    assert take_title is not None and take_title.isEnabled()
    take_title.click()
    assert dialog.chosen()["zalo"] == "other" and dialog.chosen()["title"] == "other"
    dialog.merge_button.click()
    _wait_for(qtbot, window, lambda: dialog.last_result is not None)
    merged = records.get_wire("contact", keep)
    assert merged["title"] == "Deputy Head, Traffic Management"
    assert merged["emails"] == ["pvduc@soxaydung.example"] and merged["zalo"] == "+84909664312"
    assert merged["family_name"] == "Phạm"
    assert records.get_wire("contact", other)["deleted_at"] is not None
    _wait_for(qtbot, window, lambda: dialog.pair_list.count() == 0)
    window.ctx.undo.undo()
    settle(qtbot, window)
    assert records.get_wire("contact", other)["deleted_at"] is None
    assert records.get_wire("contact", keep)["title"] == "Deputy Head"
    window.ctx.undo.redo()
    settle(qtbot, window)
    assert records.get_wire("contact", other)["deleted_at"] is not None
    dialog.close()


def test_export_calendar_and_vcard_from_the_window(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    window = demo_window
    ics, vcf = tmp_path / "m.ics", tmp_path / "c.vcf"
    window.commands.exchange.export_calendar(str(ics))
    window.commands.exchange.export_vcard(str(vcf))
    _wait_for(qtbot, window, lambda: ics.exists() and vcf.exists())
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    assert len(list(calendar.walk("VEVENT"))) > 10
    assert vcf.read_text("utf-8").count("BEGIN:VCARD") == window.ctx.records.count("contact")


def test_not_the_same_person_is_not_offered_again(qtbot: QtBot, window: MainWindow) -> None:
    records = window.ctx.records
    for given in ("Lan", "Lan Anh"):
        records.create("contact", {"family_name": "Trần", "given_name": given,
                                   "phones": ["+84 905 111 222"]})  # fmt: skip
    window.actions_by_id[ActionId.FIND_DUPLICATES].trigger()
    dialog = window.commands.exchange.dialog
    _wait_for(qtbot, window, lambda: dialog.current is not None)
    assert dialog.pair_list.count() == 1
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert dialog.pair_list.count() == 0
    settle(qtbot, window)
    dialog.close()
    window.actions_by_id[ActionId.FIND_DUPLICATES].trigger()
    dialog = window.commands.exchange.dialog
    _wait_for(qtbot, window, lambda: "No likely duplicates" in dialog.title.text())
    assert dialog.pair_list.count() == 0
    dialog.close()
