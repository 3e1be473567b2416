"""The Sync page's box of mass deletions held for the user: what, and two choices each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from smartgrowth_desktop.sync.deletions import HeldDeletion

EXPLAIN = (
    "A colleague's laptop deleted many records at once. Nothing was deleted here yet: "
    "apply the deletions (they go to the Trash), or keep the records (they are restored "
    "on every laptop at the next sync)."
)


class HeldDeletionsBox(QGroupBox):
    """One row per held changeset: its description, "Delete them" and "Keep them"."""

    apply_requested = Signal(str)
    keep_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Deletions waiting for you", parent)
        self.setObjectName("held-deletions")
        self._layout = QVBoxLayout(self)
        note = QLabel(EXPLAIN)
        note.setWordWrap(True)
        self._layout.addWidget(note)
        self._rows: list[QWidget] = []
        self.hide()

    def show_items(self, items: list[HeldDeletion], label: Callable[[str], str]) -> None:
        """Replace the rows; the box hides itself when nothing is held."""
        for row in self._rows:
            row.deleteLater()
        self._rows = [self._row(item, label(item.device)) for item in items]
        for row in self._rows:
            self._layout.addWidget(row)
        self.setVisible(bool(items))

    def _row(self, item: HeldDeletion, who: str) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        text = QLabel(item.describe(who).split("; held until")[0])
        text.setObjectName("held-deletion-text")
        text.setWordWrap(True)
        apply_button = QPushButton("Delete them")
        apply_button.setObjectName("held-deletion-apply")
        apply_button.setToolTip("Apply the deletions here; the records go to the Trash")
        keep_button = QPushButton("Keep them")
        keep_button.setObjectName("held-deletion-keep")
        keep_button.setToolTip("Restore these records on every laptop")
        apply_button.clicked.connect(lambda: self.apply_requested.emit(item.key))
        keep_button.clicked.connect(lambda: self.keep_requested.emit(item.key))
        layout.addWidget(text, 1)
        layout.addWidget(apply_button)
        layout.addWidget(keep_button)
        return row
