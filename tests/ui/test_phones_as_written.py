"""National phone numbers in the window: the vCard and spreadsheet import previews say
how each was read, and a number kept as written is marked on the contact card, where the
user can read it in the organization's country."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import load_fonts
from smartgrowth_desktop.ui.editors.contact import ContactEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from smartgrowth_desktop.ui.vcard_preview import CardPreviewModel, VCardImportDialog
from smartgrowth_desktop.ui.widgets.phones import WRITTEN_TIP
from tests.test_phone_import import CARDS, ROWS
from tests.ui.conftest import settle

SHOTS = os.environ.get("SMARTGROWTH_SHOTS")  # a folder: save screenshots there


@pytest.fixture(autouse=True, scope="module")
def fonts(qapp: QApplication) -> None:
    assert "WenQuanYi Micro Hei" in load_fonts()


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))  # type: ignore[attr-defined]


def _wait_for(qtbot: QtBot, window: MainWindow, condition: object) -> None:
    for _ in range(300):
        settle(qtbot, window)
        if condition():  # type: ignore[operator]
            return
        qtbot.wait(10)
    raise AssertionError("timed out")


def test_vcard_preview_says_how_each_number_was_read(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.ctx.records.create(
        "organization", {"name": "Saigon Water", "kind": "company", "country": "VN"}
    )
    path = tmp_path / "cards.vcf"
    path.write_text(CARDS, "utf-8")
    window.commands.exchange.import_vcard([str(path)])
    _wait_for(qtbot, window, lambda: isinstance(window.commands.exchange.dialog, VCardImportDialog))
    dialog = window.commands.exchange.dialog
    dialog.resize(1366 - 80, 768 - 80)
    summary = dialog.summary.text()
    assert "6 can be imported" in summary and "0 cannot be read" in summary
    assert summary.split("Phone numbers:\n")[1].splitlines() == [
        "  • 4 phone numbers read as Vietnamese (+84) from the card's address/Vietnamese "
        "name/organization",
        "  • 3 phone numbers read as Chinese (+86) from the card's Chinese name/language",
        "  • 1 kept as written: country unknown",
        "Numbers kept as written are marked on the contact card, to be fixed there.",
    ]
    model = dialog.model
    names = [model.index(r, CardPreviewModel.NAME).data() for r in range(model.rowCount())]
    smith = names.index("John Smith")
    reach = model.index(smith, CardPreviewModel.REACH)
    assert reach.data() == "555 0123 (as written)"
    assert reach.data(Qt.ItemDataRole.ToolTipRole) == "555 0123: kept as written, country unknown"
    binh = model.index(names.index("Binh Tran"), CardPreviewModel.REACH)
    assert "(028) 3822 1234 → +84 28 3822 1234 (from the card's address)" in binh.data(
        Qt.ItemDataRole.ToolTipRole
    )
    _shot(dialog, "vcard-import-phones.png")
    # skipping the card drops its number from the count
    model.setData(
        model.index(smith, CardPreviewModel.IMPORT),
        Qt.CheckState.Unchecked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert "kept as written" not in dialog.summary.text()
    dialog.reject()


def test_a_number_kept_as_written_is_marked_and_can_be_read(
    qtbot: QtBot, window: MainWindow
) -> None:
    records = window.ctx.records
    contact = records.create(
        "contact", {"family_name": "Smith", "given_name": "John", "phones": ["~0905 888 777"]}
    )
    settle(qtbot, window)
    page = window.show_page("Contacts")
    assert isinstance(page, ContactsPage)
    settle(qtbot, window)  # the rows arrive from the worker
    assert page.model.index(0, 3).data() == "0905 888 777 (as written)"
    page.open_record("contact", contact)
    settle(qtbot, window)
    editor = page.editor
    assert isinstance(editor, ContactEditor)
    row = editor.phones.rows[0]
    assert row.line.text() == "0905 888 777"
    assert row.hint.text() == "⚠ as written · country unknown"
    assert row.line.toolTip() == WRITTEN_TIP and "border" in row.line.styleSheet()
    _shot(editor, "contact-phone-as-written.png")
    # another edit keeps it as written: nothing is read behind the user's back
    title = editor.inputs["title"]
    qtbot.keyClicks(title, "Engineer")
    editor.flush()
    settle(qtbot, window)
    assert records.get("contact", contact).phones == ["~0905 888 777"]
    # with a Vietnamese organization, the card offers to read it there
    editor.phones.set_region("VN")
    assert 'href="read"' in row.hint.text() and "read as Vietnam" in row.hint.text()
    _shot(editor, "contact-phone-read-as.png")
    row.hint.linkActivated.emit("read")
    assert row.line.text() == "+84 905 888 777" and "Vietnam · mobile" in row.hint.text()
    editor.flush()
    settle(qtbot, window)
    assert records.get("contact", contact).phones == ["+84905888777"]


def test_spreadsheet_preview_counts_the_numbers_and_marks_the_row(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.ctx.records.create(
        "organization", {"name": "Saigon Water", "kind": "company", "country": "VN"}
    )
    path = tmp_path / "people.csv"
    path.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in ROWS), "utf-8")
    dialog = window.commands.tables.import_spreadsheet(str(path))
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    _wait_for(qtbot, window, lambda: dialog.steps.currentIndex() == 1)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    _wait_for(qtbot, window, lambda: dialog.steps.currentIndex() == 2)
    summary = dialog.summary.text()
    assert "5 of 5 rows can be imported." in summary
    assert "1 kept as written: country unknown" in summary
    assert "read as Chinese (+86) from the row's Chinese name/language" in summary
    cells = [dialog.preview.item(r, 1).text() for r in range(dialog.preview.rowCount())]
    assert "OK; phone '555 0123' kept as written: country unknown" in cells
    _shot(dialog, "table-import-phones.png")
    dialog.reject()
