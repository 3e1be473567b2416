"""The Today page's "While you were away" line: colleagues' changes not looked at yet
(counted in the worker by ``DigestService.unseen``), with "See what changed"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

if TYPE_CHECKING:
    from smartgrowth_desktop.services.digest import Unseen


def banner_text(unseen: Unseen) -> str:
    """ "While you were away, Bình HP and Chi's Mac changed 4 records."."""
    counts = unseen.changes
    names = sorted(counts, key=lambda name: -counts[name])
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"While you were away, {who} changed {unseen.records_text}."


class AwayBanner(QFrame):
    """Shown while colleagues' changes wait to be looked at; hidden by Dismiss until more
    arrive."""

    see_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("away-banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        tint = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        tint.setAlphaF(0.12)
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.Window, tint)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.text = QLabel()
        self.text.setObjectName("away-text")
        self.text.setWordWrap(True)
        self.see_button = QPushButton("See what changed")
        self.see_button.setObjectName("away-see")
        self.see_button.clicked.connect(self.see_requested.emit)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setObjectName("away-dismiss")
        self.dismiss_button.setToolTip("Hide until more changes arrive (nothing is marked read)")
        self.dismiss_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.see_button)
        row.addWidget(self.dismiss_button)
        self._dismissed_at = 0
        self._total = 0
        self.hide()

    def show_counts(self, unseen: Unseen) -> None:
        """Colleagues' unseen changes: shown unless none, or dismissed at this many
        already."""
        self._total = sum(unseen.changes.values())
        if not self._total:
            self._dismissed_at = 0  # marked read: the next changes show again
        if not self._total or self._total <= self._dismissed_at:
            self.hide()
            return
        self.text.setText(banner_text(unseen))
        self.show()

    def dismiss(self) -> None:
        self._dismissed_at = self._total
        self.hide()
