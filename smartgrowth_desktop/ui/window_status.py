"""The window's status bar: the profile, saving, conflicts to review, counts, the last sync."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar

from smartgrowth_desktop.ui.operations import Operations

COUNTED = (("contact", "contacts"), ("meeting", "meetings"), ("lead", "leads"))


class WindowStatus:
    """The permanent widgets of the status bar, and what they say."""

    def __init__(self, bar: QStatusBar, folder: Path) -> None:
        self.bar = bar
        self.profile_label = QLabel(f"Profile: {folder}")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("status-counts")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("status-sync")
        self.busy_label = QLabel("Opening your profile…")
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("status-conflicts")
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setStyleSheet("color: #8a5a00; font-weight: bold")
        self.conflicts_button.setToolTip("Open the Conflicts page")
        self.conflicts_button.hide()
        bar.addWidget(self.profile_label, 1)
        for widget in (self.busy_label, self.conflicts_button, self.counts_label):
            bar.addPermanentWidget(widget)
        bar.addPermanentWidget(self.sync_label)

    def show_conflicts(self, count: int) -> None:
        """ "3 conflicts to review" (hidden when there are none)."""
        noun = "conflict" if count == 1 else "conflicts"
        self.conflicts_button.setText(f"{count} {noun} to review")
        self.conflicts_button.setVisible(count > 0)

    def saving(self, busy: bool) -> None:
        self.busy_label.setText("Saving…" if busy else "")

    def count(self, operations: Operations, count_of: Callable[[str], int]) -> None:
        """Count contacts, meetings and leads in the worker, then show the counts."""

        def count() -> str:
            counts = [(count_of(kind), kind, label) for kind, label in COUNTED]
            return " · ".join(f"{n:,} {kind if n == 1 else label}" for n, kind, label in counts)

        operations.query(count, self.counts_label.setText)
