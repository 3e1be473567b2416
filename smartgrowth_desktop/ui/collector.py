"""Garbage collection on the GUI thread only (as Anki does).

Python's cyclic collector runs in whichever thread happens to allocate when it triggers.
If that is the worker thread and a cycle holds a Qt object, the object is destroyed
there, racing the GUI thread inside Qt (we saw a deadlock on Qt's connection lock).
Automatic collection is turned off and a timer collects on the GUI thread instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 30_000


class MainThreadCollector(QObject):
    """Disables automatic GC and collects every ``INTERVAL_MS`` on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        """Collect now (also called when the window closes)."""
        gc.collect()
