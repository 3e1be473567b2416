"""Cards to review in the window (issue 15): Today's "N cards to review" opens Contacts
with "To review" ticked; a due card says why, Keep takes a date (one undo step), Erase
waits for services/erasure.py; Settings → Privacy holds N. At 1366×768.

``SMARTGROWTH_SHOTS=DIR`` saves the pictures (Today's line, the review list) into DIR.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import load_fonts
from smartgrowth_desktop.core.errors import NotFoundError
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.review import ReviewService, add_months
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.contact import ContactEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from smartgrowth_desktop.ui.pages.today import TodayPage
from smartgrowth_desktop.ui.settings_dialog import SettingsDialog
from smartgrowth_desktop.ui.settings_privacy import PrivacySettingsTab
from tests.ui.conftest import settle, show

SHOTS = os.environ.get("SMARTGROWTH_SHOTS")


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))  # type: ignore[attr-defined]


def _touched(profile: Profile, contact_id: uuid.UUID, when: datetime) -> None:
    """As if the card was last changed at ``when``."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with profile.database.connection(immediate=True) as conn:
        conn.exec_driver_sql(
            "UPDATE contacts SET updated_at = ? WHERE id = ?", (stamp, contact_id.hex)
        )


def _cards(ctx: AppContext) -> dict[str, uuid.UUID]:
    """Nguyễn (review date passed), 张伟 (untouched since March 2023), Lý (not due)."""
    records = ctx.records
    org = records.create("organization", {"name": "Da Nang DOST", "kind": "agency"})
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    cards = {
        "due": records.create(
            "contact",
            {
                "family_name": "Nguyễn",
                "given_name": "Thị Mai",
                "title": "Deputy Director",
                "organization_id": str(org),
                "review_by": yesterday,
                "source": "Da Nang mission, March 2025",
                "legal_basis": "Legitimate interest",
            },
        ),
        "old": records.create(
            "contact",
            {"family_name": "Zhang", "given_name": "Wei", "native_name": "张伟"},
        ),
        "fine": records.create(
            "contact",
            {
                "family_name": "Lý",
                "given_name": "Thu Hà",
                "review_by": (date.today() + timedelta(days=200)).isoformat(),
            },
        ),
    }
    _touched(ctx.profile, cards["old"], datetime(2023, 3, 14, 9, 0, tzinfo=UTC))
    return cards


def _editor(page: ContactsPage) -> ContactEditor:
    editor = page.editor
    assert isinstance(editor, ContactEditor)
    return editor


def test_today_opens_the_review_list_and_keep_takes_a_date(
    qtbot: QtBot, window: MainWindow
) -> None:
    load_fonts()
    cards = _cards(window.ctx)
    today = window.show_page("Today")
    assert isinstance(today, TodayPage)
    today.refresh()
    settle(qtbot, window)
    line = today.view.review
    assert line.isVisible()
    assert line.text() == "2 cards to review"
    assert "untouched for 24 months" in line.description()
    _shot(line, "review-today-line")
    _shot(window, "review-today")

    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    page = window.current_page()
    assert isinstance(page, ContactsPage)
    assert page.to_review.isChecked()
    listed = {page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())}
    assert listed == {"Nguyễn Thị Mai", "张伟 (Zhang Wei)"}

    row = page.model.row_of(cards["due"])
    assert row is not None
    page.table.selectRow(row)
    settle(qtbot, window)
    banner = _editor(page).review
    assert banner.isVisible()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert banner.reason.text() == f"Due for review: review date {yesterday} passed."
    default = add_months(date.today(), 24)
    assert banner.chosen_day() == default
    assert banner.erase_button.isEnabled()
    _shot(window, "review-list")

    chosen = date.today() + timedelta(days=365)
    banner.until.setDate(QDate(chosen.year, chosen.month, chosen.day))
    qtbot.mouseClick(banner.keep_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.ctx.records.get_wire("contact", cards["due"])["review_by"] == chosen.isoformat()
    assert page.model.row_of(cards["due"]) is None  # no longer to review: it leaves the list
    assert page.model.rowCount() == 1
    assert banner.card is None or banner.card.id != cards["due"]

    window.actions_by_id[ActionId.UNDO].trigger()  # Keep is one undo step
    settle(qtbot, window)
    assert window.ctx.records.get_wire("contact", cards["due"])["review_by"] == yesterday
    settle(qtbot, window)
    assert page.model.row_of(cards["due"]) is not None

    window.show_page("Today")
    settle(qtbot, window)
    assert today.view.review.text() == "2 cards to review"


def test_the_contacts_filter_to_review(qtbot: QtBot, ctx: AppContext) -> None:
    cards = _cards(ctx)
    page = ContactsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    assert page.model.rowCount() == 3
    qtbot.mouseClick(page.to_review, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    assert {page.model.row_of(c) is not None for c in cards.values()} == {True, False}
    assert page.model.row_of(cards["fine"]) is None
    row = page.model.row_of(cards["old"])
    assert row is not None
    page.table.selectRow(row)
    settle(qtbot, ctx)
    banner = _editor(page).review
    assert banner.reason.text() == "Due for review: untouched since March 2023."

    ReviewService(ctx.profile).set_months(48)  # the filter reads N each time it is ticked
    qtbot.mouseClick(page.to_review, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    assert page.model.rowCount() == 3
    qtbot.mouseClick(page.to_review, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    assert page.model.rowCount() == 1  # only the passed review date now
    ctx.records.update("contact", cards["due"], {"review_by": None})
    settle(qtbot, ctx)
    assert page.model.rowCount() == 0
    assert page.list_stack.currentWidget() is page.empty
    assert "No cards to review" in page.empty.text()


def test_settings_privacy_keeps_the_months(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.commands.open_settings()
    assert isinstance(dialog, SettingsDialog)
    tab = next(t for t in dialog.pages if isinstance(t, PrivacySettingsTab))
    dialog.tabs.setCurrentWidget(tab)
    settle(qtbot, window)
    assert tab.months_edit.isEnabled()
    assert tab.months_edit.value() == 24
    _shot(dialog, "settings-privacy")
    tab.months_edit.setValue(18)
    dialog.accept()
    settle(qtbot, window)
    assert ReviewService(window.ctx.profile).months() == 18


def _answer(qtbot: QtBot, button: str, shot: str = "") -> None:
    """Press ``button`` (an object name, or "cancel") in the confirmation once it shows."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == "erase-confirm"
        if shot:
            _shot(box, shot)
        if button == "cancel":
            chosen = box.button(QMessageBox.StandardButton.Cancel)
        else:
            chosen = box.findChild(QPushButton, button)
        assert chosen is not None
        chosen.click()

    QTimer.singleShot(0, press)


def test_erase_asks_first_then_erases(qtbot: QtBot, window: MainWindow) -> None:
    cards = _cards(window.ctx)
    page = window.show_page("Contacts")
    assert isinstance(page, ContactsPage)
    page.open_list("to-review")
    settle(qtbot, window)
    page.open_record("contact", cards["due"])
    settle(qtbot, window)
    banner = _editor(page).review
    assert banner.erase_button.isEnabled()

    _answer(qtbot, "cancel", "review-erase-confirm")
    qtbot.mouseClick(banner.erase_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.ctx.records.get("contact", cards["due"]).deleted_at is None  # still here

    _answer(qtbot, "erase-confirm-erase")
    qtbot.mouseClick(banner.erase_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    with pytest.raises(NotFoundError):
        window.ctx.records.get("contact", cards["due"])
    assert page.model.row_of(cards["due"]) is None
    said = window.findChild(QMessageBox, "erased")
    assert said is not None and "Nguyễn Thị Mai was erased" in said.text()
    said.close()
