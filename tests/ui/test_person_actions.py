"""A contact's right-click menu: everything we hold on the person, and erasing them.

On the Contacts page, a right-click on Zhang Xiaoyan's row offers "Everything we hold on
this person…", which writes the JSON and the PDF into the folder chosen, and "Erase this
person…", which asks first (Cancel keeps her), then erases her and says which other
records still name her.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.core.errors import NotFoundError
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from smartgrowth_desktop.ui.person_actions import PersonActions
from tests.ui.conftest import settle


def _menu(page: ContactsPage, record_id: object) -> dict[str, object]:
    menu = QMenu(page)
    page.fill_record_menu(menu, record_id)  # type: ignore[arg-type]
    return {action.objectName(): action for action in menu.actions()}


def _answer(button: str) -> None:
    """Press ``button`` (an object name, or "cancel") in the confirmation once it shows."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == "erase-confirm"
        if button == "cancel":
            chosen = box.button(QMessageBox.StandardButton.Cancel)
        else:
            chosen = box.findChild(QPushButton, button)
        assert chosen is not None
        chosen.click()

    QTimer.singleShot(0, press)


def test_everything_held_then_erased_from_the_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = window.ctx.records
    zhang = records.create(
        "contact", {"family_name": "Zhang", "given_name": "Xiaoyan", "native_name": "张晓燕"}
    )
    records.create("meeting", {"title": "Dinner", "notes": "张晓燕 will bring the pilot plan"})
    page = window.show_page("Contacts")
    assert isinstance(page, ContactsPage)
    settle(qtbot, window)
    assert page.model.row_of(zhang) is not None

    out = tmp_path / "for-zhang"
    out.mkdir()
    monkeypatch.setattr(PersonActions, "choose_folder", lambda self: out)  # the file dialog
    _menu(page, zhang)["subject-export"].trigger()  # type: ignore[attr-defined]
    settle(qtbot, window)
    [document] = out.glob("*.json")
    assert json.loads(document.read_text(encoding="utf-8"))["person"]["id"] == str(zhang)
    assert list(out.glob("*.pdf"))
    said = window.findChild(QMessageBox, "subject-exported")
    assert said is not None and "send them to the person only" in said.text()
    said.close()

    _answer("cancel")
    _menu(page, zhang)["erase-person"].trigger()  # type: ignore[attr-defined]
    settle(qtbot, window)
    assert records.get("contact", zhang).family_name == "Zhang"

    _answer("erase-confirm-erase")
    _menu(page, zhang)["erase-person"].trigger()  # type: ignore[attr-defined]
    settle(qtbot, window)
    with pytest.raises(NotFoundError):
        records.get("contact", zhang)
    assert page.model.row_of(zhang) is None
    said = window.findChild(QMessageBox, "erased")
    assert said is not None and "Dinner" in said.text()
    said.close()
