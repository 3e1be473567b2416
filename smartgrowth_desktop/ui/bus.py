"""Changes are announced, not chased: one signal tells every view what a write changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from smartgrowth_desktop.core.writer import WriteSummary


class ChangeBus(QObject):
    """Re-emits the database's write summaries as a Qt signal on the GUI thread."""

    changed = Signal(object)  # WriteSummary

    def announce(self, summary: WriteSummary) -> None:
        """Called from any thread after a commit; delivery is queued to the GUI thread."""
        self.changed.emit(summary)
