"""A contact card due for review says why, and offers Keep (until a next date) and Erase.

Shown at the top of the card (``ui/editors/contact.py``) while the card is due: its
review date has come, or it has none and has not changed for N months
(``services/review.py``). Keep writes the next review date in the worker, as one undo
step; Erase asks ``services/erasure.py``, after a confirmation that says plainly what
goes.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.services.review import DueCard, ReviewService
from smartgrowth_desktop.ui.erase_dialogs import confirm_erase, erased_text
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.widgets.painting import warning

if TYPE_CHECKING:
    from smartgrowth_desktop.core.writer import WriteSummary
    from smartgrowth_desktop.ui.context import AppContext


class ReviewBanner(QFrame):
    """Why the card is due for review; "Keep until [date]" and "Erase…"."""

    #: the card was kept (its id) or erased (its id)
    kept = Signal(object)
    erased = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review-banner")
        self.ctx = ctx
        self.contact_id: uuid.UUID | None = None
        self.card: DueCard | None = None
        self._asked = 0
        self._build()
        ctx.bus.changed.connect(self._on_changed)
        self.hide()

    def _build(self) -> None:
        self.setFrameShape(QFrame.Shape.StyledPanel)
        tint = QColor(warning(self.palette()))
        tint.setAlphaF(0.10)
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.Window, tint)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.reason = QLabel()
        self.reason.setObjectName("review-reason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("font-weight: 600;")
        self.until = QDateEdit()
        self.until.setObjectName("review-until")
        self.until.setAccessibleName("Next review date")
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setCalendarPopup(True)
        self.until.setToolTip("The card's next review date")
        self.keep_button = QPushButton("Keep until")
        self.keep_button.setObjectName("review-keep")
        self.keep_button.setToolTip("We still need this card: review it again on the date beside")
        self.keep_button.clicked.connect(self.keep)
        self.erase_button = QPushButton("Erase…")
        self.erase_button.setObjectName("review-erase")
        self.erase_button.clicked.connect(self.erase)
        self.erase_button.setToolTip("Erase this person everywhere (asks first)")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.keep_button)
        row.addWidget(self.until)
        row.addStretch(1)
        row.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.reason)
        layout.addLayout(row)

    # -- what is shown ----------------------------------------------------------------

    def show_for(self, contact_id: uuid.UUID | None) -> None:
        """Ask (in the worker) whether ``contact_id`` is due; shown only if it is."""
        self.contact_id = contact_id
        self._asked += 1
        if contact_id is None:
            self._show(self._asked, None, None)
            return
        asked, service = self._asked, ReviewService(self.ctx.profile)

        def read() -> tuple[DueCard | None, date]:
            return service.status(contact_id), service.next_review()

        self.ctx.operations.query(
            read, lambda found: self._show(asked, *found), lambda _error: self.hide()
        )

    def _show(self, asked: int, card: DueCard | None, next_review: date | None) -> None:
        if asked != self._asked:
            return  # another card was opened since
        self.card = card
        if card is None or next_review is None:
            self.hide()
            return
        self.reason.setText(f"Due for review: {card.reason}.")
        tomorrow = QDate.currentDate().addDays(1)
        self.until.setMinimumDate(tomorrow)
        self.until.setDate(QDate(next_review.year, next_review.month, next_review.day))
        self.keep_button.setEnabled(True)
        self.show()

    def _on_changed(self, summary: WriteSummary) -> None:
        if self.contact_id is not None and self.contact_id in summary.records.get("contact", set()):
            self.show_for(self.contact_id)

    # -- acting -----------------------------------------------------------------------

    def chosen_day(self) -> date:
        """The next review date shown."""
        chosen = self.until.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def keep(self) -> None:
        """Keep the card until the date shown (one undo step)."""
        card, day = self.card, self.chosen_day()
        if card is None:
            return
        self.keep_button.setEnabled(False)
        ctx, service = self.ctx, ReviewService(self.ctx.profile)
        before = {"review_by": card.review_by.isoformat() if card.review_by else None}

        def kept(saved: date) -> None:
            from smartgrowth_desktop.ui.undo import EditCommand

            after = {"review_by": saved.isoformat()}
            label = f"Keep card until {saved.isoformat()}"
            ctx.undo.push(EditCommand(ctx, "contact", card.id, before, after, label))
            self.kept.emit(card.id)

        ctx.operations.run(lambda: service.keep(card.id, day), kept, self._failed)

    def erase(self) -> None:
        """Erase the person, after a confirmation that says what goes."""
        card = self.card
        if card is None or not self.confirm_erase(card.name):
            return
        from smartgrowth_desktop.services.erasure import erase_contact  # cryptography: on use

        profile, contact_id = self.ctx.profile, card.id
        self.erase_button.setEnabled(False)
        self.ctx.operations.run(
            lambda: erase_contact(profile, contact_id),
            lambda result: self._erased(contact_id, result),
            self._failed,
        )

    def confirm_erase(self, name: str) -> bool:
        """Ask before erasing: what goes, and that it cannot be undone."""
        return confirm_erase(self, name)

    def _erased(self, contact_id: uuid.UUID, result: Any) -> None:
        """Say what was erased and which records still name the person (by hand)."""
        self.contact_id, self.card = None, None
        self.hide()
        self.erased.emit(contact_id)
        box = QMessageBox(QMessageBox.Icon.Information, "Erased", "", parent=self.window())
        box.setObjectName("erased")
        box.setText(erased_text(result))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _failed(self, error: BaseException) -> None:
        self.keep_button.setEnabled(True)
        self.erase_button.setEnabled(True)
        show_error(self, error)
