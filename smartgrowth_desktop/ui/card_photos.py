"""File → Add contacts from card photos…, and card photos dropped on the Contacts page:
both open the review screen (``card_review.py``) on the chosen photos."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from smartgrowth_desktop.ui.card_review import CardReviewDialog
from smartgrowth_desktop.ui.context import AppContext

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif")
PHOTO_FILTER = "Card photos (*.jpg *.jpeg *.png *.heic *.heif);;All files (*)"


def photo_paths(mime: QMimeData) -> list[Path]:
    """The local photo files among what is dragged (other files are left out)."""
    if not mime.hasUrls():
        return []
    found = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in found if path.suffix.lower() in PHOTO_SUFFIXES]


def start_review(ctx: AppContext, parent: QWidget, photos: list[Path]) -> CardReviewDialog:
    """Open the review screen on ``photos``; the window's status bar says how it ended."""
    dialog = CardReviewDialog(ctx, photos, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window = parent.window()
    if isinstance(window, QMainWindow):
        bar = window.statusBar()
        dialog.finished.connect(
            lambda _result: bar.showMessage(f"Card photos: {dialog.summary()}", 12_000)
        )
    dialog.open()
    return dialog


class CardPhotos:
    """The window's Add contacts from card photos command."""

    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        self.ctx, self.window = ctx, window
        self.dialog: CardReviewDialog | None = None

    def add_from_photos(self, paths: list[str] | None = None) -> CardReviewDialog | None:
        """Choose photos (one or many), then review them card by card."""
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self.window, "Add contacts from card photos", "", PHOTO_FILTER
            )
        if not paths:
            return None
        self.dialog = start_review(self.ctx, self.window, [Path(p) for p in paths])
        self.dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        return self.dialog
