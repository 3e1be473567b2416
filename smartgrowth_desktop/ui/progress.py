"""Long work with a progress dialog and a Cancel button.

The work runs in the worker and reports ``(done, total)`` through a callback that only
stores the numbers; a timer on the GUI thread shows them. Cancel makes the next report
raise ``Cancelled``, so the service's transaction rolls back whole.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.ui.context import AppContext

Report = Callable[[int, int], None]


class ProgressTask:
    """Runs ``work(report)`` in the background behind a cancellable progress dialog."""

    def __init__(self, ctx: AppContext, parent: QWidget, title: str, label: str) -> None:
        self.ctx = ctx
        self._stop = threading.Event()
        self._numbers = (0, 0)
        self._message = ""
        self._base_label = label
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self.dialog.setObjectName("progress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self._stop.set)
        self._timer = QTimer(self.dialog, interval=100)
        self._timer.timeout.connect(self._show)

    def report(self, done: int, total: int) -> None:
        """Called from the worker: remember the numbers; stop if the user cancelled."""
        self._numbers = (done, total)
        if self._stop.is_set():
            raise Cancelled("cancelled: nothing was changed")

    def start(
        self,
        work: Callable[[Report], Any],
        success: Callable[[Any], None],
        failure: Callable[[BaseException], None],
    ) -> None:
        """Run ``work`` with this task's ``report``; then close and call back."""
        self._timer.start()
        self.dialog.setValue(0)  # shows after the minimum duration even before a report

        def finished(result: Any) -> None:
            self._close()
            success(result)

        def failed(error: BaseException) -> None:
            self._close()
            failure(error)

        self.ctx.operations.run(lambda: work(self.report), finished, failed)

    def cancel(self) -> None:
        """Ask the work to stop at its next report."""
        self._stop.set()

    def stopped(self) -> bool:
        """True once the user cancelled (for services that poll instead of reporting)."""
        return self._stop.is_set()

    def report_fraction(self, fraction: float, message: str = "") -> None:
        """Called from the worker with a fraction of the work done (and what it is doing)."""
        self._numbers = (int(fraction * 1000), 1000)
        self._message = message

    def _label(self) -> None:
        if self._message:
            self.dialog.setLabelText(f"{self._base_label}\n{self._message}")

    def _show(self) -> None:
        done, total = self._numbers
        self._label()
        if total:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        self._timer.stop()
        self.dialog.reset()
        self.dialog.close()
