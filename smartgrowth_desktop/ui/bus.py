"""Changes are announced, not chased: one signal tells every view what a write changed."""

from __future__ import annotations

import queue
import threading

from PySide6.QtCore import QObject, Signal, Slot

from smartgrowth_desktop.core.writer import WriteSummary


class ChangeBus(QObject):
    """Re-emits the database's write summaries as a Qt signal on the GUI thread.

    Writes from the worker thread wait in a queue until ``flush`` runs on the GUI thread
    (the worker calls ``Operations.delivered`` after each job's callbacks); the worker
    never touches a Qt object.
    """

    changed = Signal(object)  # WriteSummary, emitted on the GUI thread only

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: queue.SimpleQueue[WriteSummary] = queue.SimpleQueue()

    def announce(self, summary: WriteSummary) -> None:
        """Called from any thread after a commit."""
        self._pending.put(summary)
        if threading.current_thread() is threading.main_thread():
            self.flush()

    @Slot()
    def flush(self) -> None:
        """Emit ``changed`` for every summary waiting (GUI thread only)."""
        while True:
            try:
                summary = self._pending.get_nowait()
            except queue.Empty:
                return
            self.changed.emit(summary)
