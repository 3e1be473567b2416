"""Background work: every database, import, PDF or sync call from the UI runs here.

One worker thread runs operations one at a time (like Anki's CollectionOp/QueryOp); the
result or the error comes back to the GUI thread through a queued signal. A slot never
waits on disk or network.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives in the GUI thread; carries results back from the worker."""

    finished = Signal(object, object, object)  # result, success callback, failure
    failed = Signal(object, object)  # exception, failure callback


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay, success: Any, failure: Any):
        super().__init__()
        self.work, self.relay, self.success, self.failure = work, relay, success, failure

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as error:  # handed to the GUI thread, never lost
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.relay.failed.emit(error, self.failure)
        else:
            self.relay.finished.emit(result, self.success, self.failure)


class Operations(QObject):
    """Runs callables on one worker thread; calls back on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, on_error: Failure, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._on_error = on_error
        self._pending = 0

    def run(
        self,
        work: Callable[[], Any],
        success: Success | None = None,
        failure: Failure | None = None,
    ) -> None:
        """Run ``work`` in the background; ``success(result)`` or the error handler after."""
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(work, self._relay, success, failure))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the queue is empty (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    @property
    def pending(self) -> int:
        return self._pending

    def _done(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)

    @Slot(object, object, object)
    def _finished(self, result: Any, success: Success | None, failure: Failure | None) -> None:
        self._done()
        if success is not None:
            try:
                success(result)
            except Exception as error:  # a bug in a callback: report, do not crash
                (failure or self._on_error)(error)

    @Slot(object, object)
    def _failed(self, error: BaseException, failure: Failure | None) -> None:
        self._done()
        (failure or self._on_error)(error)
