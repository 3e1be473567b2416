"""Labels that follow the palette: quiet secondary text, headings, empty states."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from smartgrowth_desktop.ui.widgets.painting import muted, scaled


class QuietLabel(QLabel):
    """Secondary text in a colour between text and background (light and dark palettes)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._tinting = False
        self._tint()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._tinting:
            self._tint()

    def _tint(self) -> None:
        self._tinting = True
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted(palette))
        self.setPalette(palette)
        self._tinting = False


def heading(text: str = "", factor: float = 1.45) -> QLabel:
    """A page or section heading."""
    label = QLabel(text)
    label.setFont(scaled(label.font(), factor, QFont.Weight.DemiBold))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def section(text: str = "") -> QLabel:
    """A small bold section title."""
    label = QLabel(text)
    label.setFont(scaled(label.font(), 1.08, QFont.Weight.DemiBold))
    return label


def empty_state(text: str = "") -> QuietLabel:
    """A centred, wrapped hint for an empty list."""
    label = QuietLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setObjectName("empty-state")
    return label
