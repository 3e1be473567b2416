"""The review screen of card photos, driven as a user: photos dropped on Contacts are
read in the background (real Tesseract), the Vietnamese card is corrected and saved with
its photo, the Chinese one is flagged as a possible duplicate and merged; a batch with a
file that is no photo, and Cancel while reading."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.core.models import Attachment, Contact
from smartgrowth_desktop.services.card_review import ReadCard, read_for_review
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.card_review import CardReviewDialog
from smartgrowth_desktop.ui.main_window import MainWindow
from tests.ui.conftest import open_window, settle, type_text

SHOTS = os.environ.get("SMARTGROWTH_SHOTS")
CARDS = Path(__file__).parents[1] / "fixtures" / "card_photos"


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A Vietnamese and a Chinese card photographed on a desk (made with
    ``bench/card_photos.make_photos(folder, 2, seed=17, kinds=("vietnamese", "chinese"))``
    and kept, so the test does not spend seconds drawing them), and a file that is no photo."""
    folder = tmp_path_factory.mktemp("cards")
    (folder / "notes.jpg").write_text("not a photo", "utf-8")
    return {kind: CARDS / f"{kind}.jpg" for kind in ("vietnamese", "chinese")} | {
        "bad": folder / "notes.jpg"
    }


@pytest.fixture
def card_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The window on a profile that already holds the Chinese card's person."""
    folder = tmp_path / "profile"
    with Profile(folder) as profile:
        RecordService(profile).create(
            "contact",
            {"native_name": "孙建", "emails": ["sunjian@hebei.gov.cn"], "title": "处长"},
        )
    window = open_window(qtbot, folder)
    yield window
    window.close()
    window.ctx.profile.close()


def _until(qtbot: QtBot, ctx_owner: MainWindow, condition: object, what: str) -> None:
    for _ in range(1500):  # the OCR of a card takes about a second
        settle(qtbot, ctx_owner)
        if condition():  # type: ignore[operator]
            return
        qtbot.wait(10)
    raise AssertionError(f"timed out waiting for {what}")


def _drop(widget: QWidget, paths: list[Path]) -> bool:
    """Photos dragged from the file manager onto ``widget``: enter, move, drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where, copy = widget.rect().center(), Qt.DropAction.CopyAction
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, copy, mime, left, none)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(widget, QDragMoveEvent(where, copy, mime, left, none))
    dropped = QDropEvent(QPointF(where), copy, mime, left, none)
    QApplication.sendEvent(widget, dropped)
    return dropped.isAccepted()


def _field(dialog: CardReviewDialog, name: str) -> QLineEdit:
    found = dialog.findChild(QLineEdit, f"card-{name}")
    assert isinstance(found, QLineEdit)
    return found


def test_dropped_photos_are_reviewed_edited_saved_and_merged(
    qtbot: QtBot, card_window: MainWindow, photos: dict[str, Path], shipped_fonts: list[str]
) -> None:
    window = card_window
    menu_text = window.actions_by_id[ActionId.ADD_CARD_PHOTOS].text()
    assert menu_text == "Add contacts from card &photos…"
    page = window.show_page("Contacts")
    assert not _drop(page, [photos["bad"].with_suffix(".txt")])  # not a photo: refused
    assert _drop(page, [photos["vietnamese"], photos["chinese"]])
    dialog = page.card_review  # type: ignore[attr-defined]
    assert isinstance(dialog, CardReviewDialog)
    dialog.resize(1366 - 40, 768 - 60)
    _until(qtbot, window, lambda: dialog.form.isEnabled(), "the Vietnamese card")
    assert dialog.position.text().startswith("<b>Card 1 of 2</b>")
    name = _field(dialog, "native_name")
    assert name.text() == "Ngô Hữu Khánh"  # the capitals read with their diacritics
    source = name.parentWidget().source  # type: ignore[union-attr]
    read = dialog.cards[0]
    assert read is not None and read.proposal is not None
    ocr_line = read.proposal.native_name.source_text  # "NGO HƯU KHANH" or so: upper case
    assert ocr_line.isupper() and source.text().endswith(f"read: {ocr_line}")  # under it
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "card-review-vietnamese.png"))
    # the delegate adds the person's preferred name to the title and saves
    title = _field(dialog, "title")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_End)
    type_text(qtbot, title, " — gọi anh Khánh")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    _until(qtbot, window, lambda: dialog.index == 1 and dialog.form.isEnabled(), "card 2")
    _until(qtbot, window, lambda: dialog.duplicates.isVisible(), "the duplicate")
    merge = dialog.duplicate_choice.button(0)
    assert merge.isChecked() and "same e-mail" in merge.text()
    assert _field(dialog, "native_name").text() == "孙建"
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "card-review-chinese.png"))
    chinese_title = _field(dialog, "title")
    chinese_title.setFocus()
    qtbot.keyClick(chinese_title, Qt.Key.Key_End)
    qtbot.keyClicks(chinese_title, " (Hebei)")
    qtbot.mouseClick(dialog.back, Qt.MouseButton.LeftButton)  # Back: the saved card
    assert dialog.index == 0 and dialog.state.text() == "Saved as a new contact."
    assert not dialog.save.isEnabled() and dialog.skip.text() == "&Next ▶"
    qtbot.mouseClick(dialog.skip, Qt.MouseButton.LeftButton)
    _until(qtbot, window, lambda: dialog.save.isEnabled(), "card 2 again")
    assert _field(dialog, "title").text().endswith(" (Hebei)")  # what was typed stayed
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    _until(qtbot, window, lambda: dialog.state.text().startswith("Done"), "the end")
    assert dialog.summary() == "1 new, 1 merged, 0 skipped"
    with window.ctx.profile.database.read() as session:
        people = {c.native_name: c for c in session.scalars(select(Contact))}
        cards = {a.owner_id: a for a in session.scalars(select(Attachment))}
    assert len(people) == 2  # merged: not a second 孙建
    khanh, sun = people["Ngô Hữu Khánh"], people["孙建"]
    assert khanh.title == "Head of Division — gọi anh Khánh"
    assert sun.wechat == "sun_jian34" and "+8613183385041" in sun.phones
    assert {cards[khanh.id].role, cards[sun.id].role} == {"business_card"}
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Card photos: 1 new, 1 merged, 0 skipped"


def test_a_file_that_is_no_photo_and_cancel_while_reading(
    qtbot: QtBot, card_window: MainWindow, photos: dict[str, Path], tmp_path: Path
) -> None:
    window = card_window
    gate = threading.Event()
    second = tmp_path / "second.jpg"
    shutil.copy(photos["vietnamese"], second)

    def read_one(photo: Path, stop: threading.Event) -> ReadCard:
        if photo != photos["bad"]:  # the photos after the first wait for the test
            while not gate.wait(0.01):
                if stop.is_set():
                    raise Cancelled("cancelled")
        return read_for_review(window.ctx.profile, photo, stop)

    dialog = CardReviewDialog(window.ctx, [photos["bad"], photos["vietnamese"], second],
                              window, read_one)  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    _until(qtbot, window, lambda: dialog.cards[0] is not None, "the first file")
    assert dialog.state.text() == (
        "photo: notes.jpg: is not a picture (JPEG, PNG or HEIC expected)"
    )
    assert not dialog.save.isEnabled() and dialog.skip.isEnabled()
    assert dialog.progress.value() == 1
    qtbot.mouseClick(dialog.stop, Qt.MouseButton.LeftButton)  # Cancel reading
    _until(qtbot, window, lambda: dialog.reading_over, "reading to stop")
    assert dialog.progress.text() == "Stopped: 1 of 3 read"
    qtbot.mouseClick(dialog.skip, Qt.MouseButton.LeftButton)
    assert dialog.state.text().startswith("Done: 0 new, 0 merged, 1 skipped, 1 not readable")
    assert dialog.summary().endswith("2 not read")
    with window.ctx.profile.database.read() as session:
        assert len(list(session.scalars(select(Contact)))) == 1  # nothing written
