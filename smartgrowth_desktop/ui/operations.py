"""Background work: every database, import, PDF or sync call from the UI runs here.

One worker thread runs operations one at a time (like Anki's CollectionOp/QueryOp); the
result or the error comes back to the GUI thread, where the callbacks run. A slot never
waits on disk or network.

Results travel through a Python queue; the only thing crossing threads through Qt is an
argument-less "something is ready" signal (PySide6 has had reference-counting bugs with
Python objects carried by cross-thread signals).
"""

from __future__ import annotations

import itertools
import queue
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]
_Job = tuple[int, Callable[[], Any]]


class Operations(QObject):
    """Runs callables on one worker thread; calls back on the GUI thread."""

    busy_changed = Signal(bool)
    _ready = Signal()

    def __init__(self, on_error: Failure, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_error = on_error
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._results: queue.SimpleQueue[tuple[int, bool, Any]] = queue.SimpleQueue()
        self._callbacks: dict[int, tuple[Success | None, Failure | None]] = {}
        self._ids = itertools.count(1)
        self._idle = threading.Event()
        self._idle.set()
        self._outstanding = 0  # jobs whose results the worker has not posted yet
        self._lock = threading.Lock()
        self._ready.connect(self._deliver)
        self._thread = threading.Thread(target=self._work, name="operations", daemon=True)
        self._thread.start()

    def run(
        self,
        work: Callable[[], Any],
        success: Success | None = None,
        failure: Failure | None = None,
    ) -> None:
        """Run ``work`` in the background; ``success(result)`` or the error handler after."""
        job_id = next(self._ids)
        self._callbacks[job_id] = (success, failure)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
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
        """Finish queued work and stop the worker thread."""
        self.wait()
        self._jobs.put(None)
        self._thread.join(timeout=30)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job_id, work = job
            try:
                outcome: tuple[int, bool, Any] = (job_id, True, work())
            except BaseException as error:  # handed to the GUI thread, never lost
                error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                outcome = (job_id, False, error)
            self._results.put(outcome)
            with self._lock:
                self._outstanding -= 1
                if self._outstanding == 0:
                    self._idle.set()
            self._ready.emit()

    @Slot()
    def _deliver(self) -> None:
        while True:
            try:
                job_id, ok, value = self._results.get_nowait()
            except queue.Empty:
                return
            success, failure = self._callbacks.pop(job_id, (None, None))
            if not self._callbacks:
                self.busy_changed.emit(False)
            try:
                if not ok:
                    (failure or self._on_error)(value)
                elif success is not None:
                    success(value)
            except Exception as error:  # a bug in a callback: report it, do not crash
                error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                (failure or self._on_error)(error)
