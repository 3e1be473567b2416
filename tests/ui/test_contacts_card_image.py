"""Business-card images: dropped on the contact card, stored as attachments, thumbnailed."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import load_fonts
from smartgrowth_desktop.ui.editors.contact import ContactEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from tests.ui.conftest import settle, type_text


@pytest.fixture(autouse=True, scope="module")
def fonts(qapp: QApplication) -> None:
    load_fonts()


def card_png(folder: Path) -> Path:
    """A real small PNG: a business card, white with a blue band."""
    image = QImage(350, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    for y in range(40):
        for x in range(350):
            image.setPixelColor(x, y, QColor("#1f5fa8"))
    path = folder / "card.png"
    assert image.save(str(path))
    return path


def drop_file(target: QWidget, path: Path) -> None:
    """Drag a file from a file manager and drop it on ``target``."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPointF(target.rect().center())
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        where.toPoint(), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        where, action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def contact_editor(window: MainWindow) -> tuple[ContactsPage, ContactEditor]:
    page = window.show_page("Contacts")
    assert isinstance(page, ContactsPage)
    assert isinstance(page.editor, ContactEditor)
    return page, page.editor


def cards(window: MainWindow, owner: uuid.UUID) -> list[object]:
    return [a for a in window.ctx.records.list("attachment") if a.owner_id == owner]


def test_dropped_image_is_stored_and_shown(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    contact = window.ctx.records.create("contact", {"native_name": "李伟"})
    page, editor = contact_editor(window)
    page.open_record("contact", contact)
    settle(qtbot, window)
    assert "No business card" in editor.card.thumbnail.text()
    notes = editor.inputs["notes"]
    assert isinstance(notes, QPlainTextEdit)
    drop_file(notes.viewport(), card_png(tmp_path))  # anywhere on the card, notes too
    assert notes.toPlainText() == ""
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not editor.card.thumbnail.pixmap().isNull(), timeout=5000)
    thumbnail = editor.card.thumbnail.pixmap()
    assert 0 < thumbnail.width() <= 216 * thumbnail.devicePixelRatio()
    [attachment] = cards(window, contact)
    assert (attachment.role, attachment.file_name, attachment.media_type) == (  # type: ignore[attr-defined]
        "business_card",
        "card.png",
        "image/png",
    )
    assert editor.card.note.text() == "card.png"


@pytest.mark.qt_log_ignore("JPEG")  # the decoder complains, as it should
def test_broken_image_shows_a_placeholder(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    contact = window.ctx.records.create("contact", {"family_name": "Võ"})
    page, editor = contact_editor(window)
    page.open_record("contact", contact)
    settle(qtbot, window)
    broken = tmp_path / "scan.jpg"
    broken.write_bytes(b"\xff\xd8 not really a jpeg")
    drop_file(editor.card, broken)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "cannot be shown" in editor.card.thumbnail.text(), timeout=5000)
    assert editor.card.thumbnail.pixmap().isNull()
    assert len(cards(window, contact)) == 1


def test_card_dropped_on_a_new_contact_is_saved_with_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page, editor = contact_editor(window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    drop_file(editor, card_png(tmp_path))
    assert "once it has a name" in editor.card.note.text()
    type_text(qtbot, editor.inputs["native_name"], "Nguyễn Văn An")
    qtbot.waitUntil(lambda: window.ctx.records.count("contact") == 1, timeout=5000)
    settle(qtbot, window)
    [contact] = window.ctx.records.list("contact")
    assert len(cards(window, contact.id)) == 1
    qtbot.waitUntil(lambda: not editor.card.thumbnail.pixmap().isNull(), timeout=5000)
