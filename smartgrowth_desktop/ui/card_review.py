"""The review screen of business-card photos: the photo beside the card proposed from it,
every field editable over the OCR text it came from, uncertain fields marked, the
contacts it may duplicate (merge into one, or add), then Save, Skip or Back; photos are
read in the background with progress and Cancel. Saving writes in the window's worker
(``services/card_import.save_card``: the contact and the photo as its business card)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.rules import romanized_form
from smartgrowth_desktop.services.card_import import find_duplicates_for, save_card
from smartgrowth_desktop.services.card_review import ReadCard, apply_edits, reading_hints
from smartgrowth_desktop.ui.card_form import CardForm
from smartgrowth_desktop.ui.card_reading import CardReader, ReadOne
from smartgrowth_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from smartgrowth_desktop.services.duplicates import Match

ERROR_STYLE = "color: #a61b1b;"
MAX_MATCHES = 3


class PhotoView(QLabel):
    """The photo, scaled to the space it has."""

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(QSize(280, 200))
        self.setObjectName("card-photo")
        self._image = QImage()

    def show_image(self, image: QImage) -> None:
        self._image = image
        self.setText("" if not image.isNull() else "(no picture)")
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._image.isNull():
            self.setPixmap(QPixmap())
            return
        scaled = self._image.scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.setPixmap(QPixmap.fromImage(scaled))


class CardReviewDialog(QDialog):
    """One batch of photos, reviewed card by card."""

    def __init__(
        self,
        ctx: AppContext,
        photos: list[Path],
        parent: QWidget | None = None,
        read_one: ReadOne | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.photos = ctx, photos
        self.setObjectName("card-review")
        self.setWindowTitle("Add contacts from card photos")
        self.resize(1300, 700)
        self.cards: list[ReadCard | None] = [None] * len(photos)
        self.outcomes: list[str] = [""] * len(photos)  # "saved", "merged", "skipped"
        self.saved_ids: list[uuid.UUID] = []
        self.matches: list[Match] = []
        self.index = 0
        self.busy = False
        self.reading_over = False
        self._build()
        profile = ctx.profile
        self.reader = CardReader(photos, read_one, lambda: reading_hints(profile))
        # the pinyin dictionary loads once per process, holding the GIL about a second:
        # better while the first photo is read than when the first Chinese card is saved
        ctx.operations.query(lambda: romanized_form("李"), key="pinyin-warm-up")
        self.reader.read.connect(self._card_read)
        self.reader.finished.connect(self._reading_done)
        self.reader.start()
        self._show_card()

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.position = QLabel()
        self.position.setObjectName("card-position")
        top.addWidget(self.position, 1)
        self.progress = QProgressBar()
        self.progress.setObjectName("card-progress")
        self.progress.setRange(0, len(self.photos))
        self.progress.setFormat("Read %v of %m")
        self.progress.setMinimumWidth(200)
        self.progress.setMaximumWidth(320)
        top.addWidget(self.progress)
        self.stop = QPushButton("Cancel reading")
        self.stop.setObjectName("card-stop")
        self.stop.clicked.connect(self._cancel_reading)
        top.addWidget(self.stop)
        layout.addLayout(top)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.photo = PhotoView()
        split.addWidget(self.photo)
        split.addWidget(self._card_side())
        split.setSizes([560, 740])
        layout.addWidget(split, 1)
        layout.addLayout(self._buttons())

    def _card_side(self) -> QWidget:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.state.setObjectName("card-state")
        self.state.setWordWrap(True)
        column.addWidget(self.state)
        self.duplicates = QGroupBox("Maybe already a contact")
        self.duplicates.setObjectName("card-duplicates")
        self.duplicate_choice = QButtonGroup(self)
        self.duplicate_rows = QVBoxLayout(self.duplicates)
        self.duplicates.hide()
        column.addWidget(self.duplicates)
        self.form = CardForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        column.addWidget(scroll, 1)
        return side

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.back = QPushButton("◀ &Back")
        self.skip = QPushButton("S&kip")
        self.save = QPushButton("&Save")
        self.close_button = QPushButton("&Close")
        for button, name in ((self.back, "back"), (self.skip, "skip"), (self.save, "save"),
                             (self.close_button, "close")):  # fmt: skip
            button.setObjectName(f"card-{name}")
            button.setAutoDefault(False)
        self.save.setDefault(True)
        self.back.clicked.connect(self._go_back)
        self.skip.clicked.connect(self._skip)
        self.save.clicked.connect(self._save)
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.back)
        row.addStretch(1)
        row.addWidget(self.close_button)
        row.addWidget(self.skip)
        row.addWidget(self.save)
        return row

    # -- reading -------------------------------------------------------------------------

    def _card_read(self, index: int, card: ReadCard) -> None:
        self.cards[index] = card
        self.progress.setValue(index + 1)
        if index == self.index:
            self._show_card()

    def _reading_done(self, cancelled: bool) -> None:
        self.reading_over = True
        self.stop.setEnabled(False)
        if cancelled:
            self.progress.setFormat(f"Stopped: {self.reader.done} of %m read")
        else:
            self.progress.setFormat("All %m read")
        self._show_card()

    def _cancel_reading(self) -> None:
        self.reader.cancel()
        self.stop.setEnabled(False)
        self.stop.setText("Stopping…")

    # -- one card ------------------------------------------------------------------------

    def _show_card(self) -> None:
        """Show the card at ``index`` as it stands (waiting, unreadable, read, done)."""
        card = self.cards[self.index] if self.photos else None
        name = self.photos[self.index].name if self.photos else ""
        self.position.setText(f"<b>Card {self.index + 1} of {len(self.photos)}</b> — {name}")
        self.duplicates.hide()
        self.matches = []
        outcome = self.outcomes[self.index] if self.photos else ""
        readable = card is not None and card.proposal is not None
        if card is None:
            over = "Not read: reading was stopped" if self.reading_over else "Reading this photo…"
            self._say(over)
            self.photo.show_image(QImage())
            self.form.setEnabled(False)
        else:
            self.photo.show_image(self.reader.images.get(self.index, QImage()))
            if card.proposal is None:
                self._say(card.error, error=True)
            else:
                self.form.load(card.proposal)
                self._say(self._card_note(card, outcome))
                if not outcome:
                    self._look_for_duplicates(card)
            self.form.setEnabled(readable and not outcome)
        self.skip.setText("&Next ▶" if outcome else "S&kip")
        self._enable(readable and not outcome, not self._lost(self.index))

    def _card_note(self, card: ReadCard, outcome: str) -> str:
        if outcome:
            return {"saved": "Saved as a new contact.", "merged": "Merged into a contact.",
                    "skipped": "Skipped."}[outcome]  # fmt: skip
        assert card.proposal is not None
        notes = list(card.proposal.warnings)
        marked = len(self.form.uncertain())
        if marked:
            notes.append(f"{marked} field(s) marked in amber: check them against the photo.")
        return " ".join(notes) or "Check the fields against the photo, then Save."

    def _say(self, text: str, error: bool = False) -> None:
        self.state.setStyleSheet(ERROR_STYLE if error else "")
        self.state.setText(text)

    def _enable(self, can_save: bool, can_skip: bool = False) -> None:
        self.save.setEnabled(can_save and not self.busy)
        self.skip.setEnabled((can_save or can_skip) and not self.busy)
        self.back.setEnabled(not self.busy and self.index > 0)

    # -- duplicates ----------------------------------------------------------------------

    def _look_for_duplicates(self, card: ReadCard) -> None:
        profile, proposal, index = self.ctx.profile, card.proposal, self.index
        assert proposal is not None
        self.ctx.operations.query(
            lambda: find_duplicates_for(profile, proposal),
            lambda found: self._duplicates_found(index, found),
            key="card-review-duplicates",
        )

    def _duplicates_found(self, index: int, found: list[Match]) -> None:
        if index != self.index or self.outcomes[index]:
            return
        self.matches = found[:MAX_MATCHES]
        box = self.duplicate_rows
        for button in self.duplicate_choice.buttons():
            self.duplicate_choice.removeButton(button)
            box.removeWidget(button)
            button.deleteLater()
        if not self.matches:
            self.duplicates.hide()
            return
        for number, match in enumerate(self.matches):
            why = "; ".join(match.reasons)
            choice = QRadioButton(f"Merge into {match.label} ({why})")
            choice.setObjectName(f"card-merge-{number}")
            self.duplicate_choice.addButton(choice, number)
            box.addWidget(choice)
        add = QRadioButton("Add as a new contact")
        add.setObjectName("card-add-new")
        self.duplicate_choice.addButton(add, -2)
        box.addWidget(add)
        self.duplicate_choice.button(0).setChecked(True)
        self.duplicates.show()

    def merge_target(self) -> uuid.UUID | None:
        """The contact the card will be merged into, or None to add it."""
        chosen = self.duplicate_choice.checkedId()
        if self.duplicates.isHidden() or chosen < 0 or chosen >= len(self.matches):
            return None
        return self.matches[chosen].contact_id

    # -- Save, Skip, Back ----------------------------------------------------------------

    def _save(self) -> None:
        card = self.cards[self.index]
        if card is None or card.proposal is None or self.busy:
            return
        proposal, index, target = card.proposal, self.index, self.merge_target()
        apply_edits(proposal, self.form.edits())
        profile = self.ctx.profile
        self.busy = True
        self._enable(False)
        self._say("Saving…")
        self.ctx.operations.run(
            lambda: save_card(profile, proposal, target),
            lambda contact_id: self._saved(index, contact_id, target is not None),
            lambda error: self._not_saved(index, error),
        )

    def _saved(self, index: int, contact_id: uuid.UUID, merged: bool) -> None:
        self.busy = False
        self.outcomes[index] = "merged" if merged else "saved"
        self.saved_ids.append(contact_id)
        self._next()

    def _not_saved(self, index: int, error: BaseException) -> None:
        self.busy = False
        if index == self.index:
            self._say(f"Not saved: {error}", error=True)
            self._enable(True)

    def _skip(self) -> None:
        """Skip this card (or, on a card already done, go on to the next one)."""
        if not self.outcomes[self.index]:
            self.outcomes[self.index] = "skipped"
        self._next()

    def _go_back(self) -> None:
        if self.index > 0:
            self._keep_edits()
            self.index -= 1
            self._show_card()

    def _keep_edits(self) -> None:
        """What was typed on a card not saved yet stays when the person leaves it."""
        card = self.cards[self.index]
        if card is not None and card.proposal is not None and not self.outcomes[self.index]:
            apply_edits(card.proposal, self.form.edits())

    def _next(self) -> None:
        """The next card not yet saved or skipped (after this one, then from the start)."""
        order = list(range(self.index + 1, len(self.photos))) + list(range(self.index + 1))
        for index in order:
            if not self.outcomes[index] and not self._lost(index):
                self.index = index
                self._show_card()
                return
        self._show_summary()

    def _lost(self, index: int) -> bool:
        """A photo that will never be read (reading stopped before it)."""
        return self.cards[index] is None and self.reading_over

    def summary(self) -> str:
        """What happened to the batch, in words."""
        count = {o: self.outcomes.count(o) for o in ("saved", "merged", "skipped")}
        unread = sum(1 for c in self.cards if c is None)
        failed = sum(1 for c in self.cards if c is not None and c.proposal is None)
        text = f"{count['saved']} new, {count['merged']} merged, {count['skipped']} skipped"
        if failed:
            text += f", {failed} not readable"
        if unread:
            text += f", {unread} not read"
        return text

    def _show_summary(self) -> None:
        self.form.setEnabled(False)
        self.duplicates.hide()
        self._say(f"Done: {self.summary()}. Close to go back to the contacts.")
        self.save.setEnabled(False)
        self.skip.setEnabled(False)
        self.close_button.setDefault(True)

    def done(self, result: int) -> None:  # closing: stop reading what nobody will review
        self.reader.cancel()
        super().done(result)
