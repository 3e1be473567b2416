"""Changes are announced, not chased: one signal tells every view what a write changed."""

from __future__ import annotations

import queue

from PySide6.QtCore import QObject, Signal, Slot

from smartgrowth_desktop.core.writer import WriteSummary


class ChangeBus(QObject):
    """Re-emits the database's write summaries as a Qt signal on the GUI thread.

    Writes happen in the worker thread: summaries wait in a queue and a plain wake-up
    signal brings them to the GUI thread (no Python object crosses threads through Qt).
    """

    changed = Signal(object)  # WriteSummary, emitted on the GUI thread only
    _arrived = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: queue.SimpleQueue[WriteSummary] = queue.SimpleQueue()
        self._arrived.connect(self._deliver)

    def announce(self, summary: WriteSummary) -> None:
        """Called from any thread after a commit."""
        self._pending.put(summary)
        self._arrived.emit()

    @Slot()
    def _deliver(self) -> None:
        while True:
            try:
                summary = self._pending.get_nowait()
            except queue.Empty:
                return
            self.changed.emit(summary)
