"""Background work: every database, import, PDF or sync call from the UI runs here.

One worker thread runs operations one at a time (like Anki's CollectionOp/QueryOp); the
result or the error comes back to the GUI thread, where the callbacks run. A slot never
waits on disk or network.

Results travel through a Python queue that a timer on the GUI thread drains while work
is pending: the worker thread never touches a Qt object (a signal emitted from it while
the window was being destroyed could leave Qt's connection lock held: a deadlock).
"""

from __future__ import annotations

import itertools
import queue
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]
_Job = tuple[int, Callable[[], Any]]


class Operations(QObject):
    """Runs callables on one worker thread; calls back on the GUI thread."""

    busy_changed = Signal(bool)
    delivered = Signal()  # on the GUI thread, after callbacks ran
    POLL_MS = 10

    def __init__(self, on_error: Failure, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_error = on_error
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._results: queue.SimpleQueue[tuple[int, bool, Any, Any]] = queue.SimpleQueue()
        self._callbacks: dict[int, tuple[Success | None, Failure | None]] = {}
        self._ids = itertools.count(1)
        self._idle = threading.Event()
        self._idle.set()
        self._outstanding = 0  # jobs whose results the worker has not posted yet
        self._lock = threading.Lock()
        self._closed = False
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._deliver)
        self._thread = threading.Thread(target=self._work, name="operations", daemon=True)
        self._thread.start()

    def run(
        self,
        work: Callable[[], Any],
        success: Success | None = None,
        failure: Failure | None = None,
    ) -> None:
        """Run ``work`` in the background; ``success(result)`` or the error handler after."""
        if self._closed:
            return  # the window is closing: nothing new starts
        job_id = next(self._ids)
        self._callbacks[job_id] = (success, failure)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
            self._poll.start()
        with self._lock:
            self._outstanding += 1
            self._idle.clear()
        self._jobs.put((job_id, work))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker is idle, then run the callbacks of what it finished."""
        finished = self._idle.wait(msecs / 1000)
        self._deliver()
        return finished

    @property
    def pending(self) -> int:
        """Operations whose callbacks have not run yet."""
        return len(self._callbacks)

    def shutdown(self) -> None:
        """Finish queued work and stop the worker thread (idempotent)."""
        if self._closed:
            return
        self.wait()
        self._closed = True
        self._poll.stop()
        self._jobs.put(None)
        self._thread.join(timeout=30)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job_id, work = job
            job = None
            try:
                outcome: tuple[int, bool, Any, Any] = (job_id, True, work(), work)
            except BaseException as error:  # handed to the GUI thread, never lost
                error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                outcome = (job_id, False, error, work)
            # The callable and the result go back whole: if they hold the last reference
            # to a Qt object, it is released on the GUI thread, never on this one.
            del work
            self._results.put(outcome)
            del outcome
            with self._lock:
                self._outstanding -= 1
                if self._outstanding == 0:
                    self._idle.set()

    @Slot()
    def _deliver(self) -> None:
        try:
            self._drain()
        finally:
            self.delivered.emit()

    def _drain(self) -> None:
        while True:
            try:
                job_id, ok, value, _work = self._results.get_nowait()
            except queue.Empty:
                return
            success, failure = self._callbacks.pop(job_id, (None, None))
            if not self._callbacks:
                self._poll.stop()
                self.busy_changed.emit(False)
            try:
                if not ok:
                    (failure or self._on_error)(value)
                elif success is not None:
                    success(value)
            except Exception as error:  # a bug in a callback: report it, do not crash
                error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                (failure or self._on_error)(error)
