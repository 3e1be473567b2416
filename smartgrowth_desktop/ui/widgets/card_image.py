"""A contact's business-card image: drop a file on the card or pick one; see a thumbnail.

The image is stored as an attachment (role ``business_card``) in the worker, and read
and scaled there too; only the finished thumbnail reaches the GUI thread. An image that
cannot be decoded, or has not arrived on this device yet, shows a placeholder.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.lists import ListQuery, ListService, Where
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.undo import DeleteCommand

ROLE = "business_card"
THUMBNAIL = QSize(216, 128)
IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic"}
)
FILE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp *.tif *.tiff *.heic)"


@dataclass(frozen=True)
class CardImage:
    """A stored card: its attachment, file name and image (None if it cannot be shown)."""

    attachment_id: uuid.UUID
    file_name: str
    image: QImage | None
    problem: str = ""


def card_query(contact_id: uuid.UUID) -> ListQuery:
    """A contact's business cards, the latest first."""
    where = (
        Where("owner_kind", "=", "contact"),
        Where("owner_id", "=", contact_id),
        Where("role", "=", ROLE),
    )
    return ListQuery("attachment", "created_at", True, where=where, fields=_CARD_FIELDS)


_CARD_FIELDS = ("content_hash", "file_name")


def load_card(
    lists: ListService, service: AttachmentService, contact_id: uuid.UUID, size: QSize
) -> CardImage | None:
    """The contact's latest business card, scaled to fit ``size`` (runs in the worker)."""
    row = next(lists.page(card_query(contact_id), limit=1).dicts(), None)
    if row is None:
        return None
    name = row["file_name"] or ""
    data = service.read(row["content_hash"] or "")
    if data is None:
        return CardImage(row["id"], name, None, "not on this device yet")
    image = QImage.fromData(data)
    if image.isNull():
        return CardImage(row["id"], name, None, "cannot be shown")
    scaled = image.scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    return CardImage(row["id"], name, scaled)


def dropped_images(mime: QMimeData) -> list[Path]:
    """The local image files in a drag."""
    paths = (Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile())
    return [path for path in paths if path.suffix.lower() in IMAGE_SUFFIXES]


def png_bytes(image: QImage) -> bytes:
    """An image (pasted or dragged from a browser) as PNG."""
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    return bytes(buffer.data().data())


class _Thumbnail(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class BusinessCardPanel(QFrame):
    """Thumbnail, “Add card image…” and “Remove”; accepts image files dropped on it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("business-card")
        self.setAcceptDrops(True)
        self.contact_id: uuid.UUID | None = None
        self.card: CardImage | None = None
        self.pending: Path | bytes | None = None
        self._generation = 0
        self._build()
        ctx.bus.changed.connect(self._on_changed)
        self._show(None)

    def _build(self) -> None:
        self.thumbnail = _Thumbnail()
        self.thumbnail.setObjectName("card-thumbnail")
        self.thumbnail.setAccessibleName("Business card image")
        self.thumbnail.setFixedSize(THUMBNAIL + QSize(4, 4))
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setWordWrap(True)
        self.thumbnail.setStyleSheet(
            "QLabel { border: 1px dashed palette(mid); border-radius: 4px;"
            " color: palette(placeholder-text); }"
        )
        self.thumbnail.clicked.connect(self.show_large)
        self.add_button = QPushButton("Add card image…")
        self.add_button.setObjectName("add-card")
        self.add_button.setToolTip("Pick a photo or scan of the business card")
        self.add_button.clicked.connect(self.choose_file)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("remove-card")
        self.remove_button.setToolTip("Move the card image to the trash (can be undone)")
        self.remove_button.clicked.connect(self.remove)
        self.note = QLabel()
        self.note.setObjectName("card-note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.thumbnail, 0, 0, 4, 1)
        grid.addWidget(self.add_button, 0, 1)
        grid.addWidget(self.remove_button, 1, 1)
        grid.addWidget(self.note, 2, 1)
        grid.setRowStretch(3, 1)
        grid.setColumnStretch(1, 1)

    # -- showing ----------------------------------------------------------------------------

    def show_for(self, contact_id: uuid.UUID | None) -> None:
        """Show the card of ``contact_id`` (None: a new contact, no card yet)."""
        self._generation += 1
        if contact_id != self.contact_id:
            self.pending = None
        self.contact_id = contact_id
        if contact_id is None:
            self._show(None)
            return
        generation, service, lists = self._generation, self.ctx.attachments, self.ctx.lists
        size = THUMBNAIL * self.devicePixelRatioF()
        self.ctx.operations.run(
            lambda: load_card(lists, service, contact_id, size),
            lambda card: self._loaded(generation, card),
        )

    def _loaded(self, generation: int, card: CardImage | None) -> None:
        if generation == self._generation and shiboken6.isValid(self):
            self._show(card)

    def _show(self, card: CardImage | None) -> None:
        self.card = card
        self.remove_button.setEnabled(card is not None)
        self.add_button.setText("Replace…" if card else "Add card image…")
        if card is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("No business card\n\nDrop an image here")
            self.note.setText("")
        elif card.image is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(f"Card image\n{card.problem}")
            self.note.setText(card.file_name)
        else:
            pixmap = QPixmap.fromImage(card.image)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            self.thumbnail.setPixmap(pixmap)
            self.note.setText(card.file_name)
        self.thumbnail.setToolTip("Click to see it larger" if card and card.image else "")

    def show_large(self) -> None:
        """The card at a readable size, in a window beside the editor (not modal)."""
        if self.card is None or self.card.image is None or self.contact_id is None:
            return
        service, contact_id, lists = self.ctx.attachments, self.contact_id, self.ctx.lists
        self.ctx.operations.run(
            lambda: load_card(lists, service, contact_id, QSize(1400, 900)), self._open_viewer
        )

    def _open_viewer(self, card: CardImage | None) -> None:
        if card is None or card.image is None or not shiboken6.isValid(self):
            return
        viewer = QDialog(self.window())
        viewer.setWindowTitle(f"Business card — {card.file_name}")
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        label = QLabel()
        label.setPixmap(QPixmap.fromImage(card.image))
        scroll = QScrollArea()
        scroll.setWidget(label)
        QVBoxLayout(viewer).addWidget(scroll)
        viewer.resize(min(card.image.width() + 40, 1200), min(card.image.height() + 40, 800))
        viewer.show()

    # -- adding and removing ------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Business card image", "", FILE_FILTER)
        if name:
            self.add(Path(name))

    def add(self, source: Path | bytes) -> None:
        """Attach an image file (or PNG bytes); kept until a new contact is first saved."""
        if self.contact_id is None:
            self.pending = source
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("Card image ready")
            name = source.name if isinstance(source, Path) else "pasted image"
            self.note.setText(f"{name}: saved with the contact once it has a name")
            return
        contact_id, service = self.contact_id, self.ctx.attachments
        self.note.setText("Saving the card image…")

        def attach() -> uuid.UUID:
            if isinstance(source, Path):
                return service.attach_file("contact", contact_id, source, role=ROLE)
            return service.attach("contact", contact_id, source, "business-card.png", role=ROLE)

        self.ctx.operations.run(attach, None, self._failed)  # shown when the bus says so

    def contact_saved(self, contact_id: uuid.UUID) -> None:
        """The editor saved its contact: a card dropped on a new contact is stored now."""
        pending, self.pending = self.pending, None
        if self.contact_id is None:
            self.contact_id = contact_id
        if pending is not None:
            self.add(pending)

    def remove(self) -> None:
        if self.card is not None:
            command = DeleteCommand(self.ctx, "attachment", self.card.attachment_id, "Remove card")
            self.ctx.undo.push(command)

    def _failed(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            self.note.setText(f"Not saved: {error}")

    def _on_changed(self, summary: WriteSummary) -> None:
        if "attachment" in summary.records and self.contact_id is not None and not self.pending:
            self.show_for(self.contact_id)

    # -- drag and drop --------------------------------------------------------------------------

    def accepts(self, mime: QMimeData) -> bool:
        """Whether a drag carries an image this panel can take."""
        return bool(dropped_images(mime)) or mime.hasImage()

    def take(self, mime: QMimeData) -> bool:
        """Attach what a drop carries; False when it holds no image."""
        files = dropped_images(mime)
        if files:
            self.add(files[0])
            return True
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            self.add(png_bytes(image))
            return True
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.take(event.mimeData()):
            event.acceptProposedAction()
