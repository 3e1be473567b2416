"""Background work: every database, import, PDF or sync call from the UI runs here.

Two lanes, each one thread running its jobs one at a time (like Anki's CollectionOp and
QueryOp): ``run`` for work that writes or takes long (saves, imports, syncs, packs), and
``query`` for the reads a view waits for (list pages, picker searches), so a list can
page and filter while a sync runs. A query may name a ``key``: a newer query of the same
key makes an older one not started yet unnecessary, and it is skipped (typing a filter
fast runs the last one only). The result or the error comes back to the GUI thread,
where the callbacks run. A slot never waits on disk or network.

Results travel through a Python queue that a timer on the GUI thread drains while work
is pending: the worker threads never touch a Qt object (a signal emitted from one while
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
_Job = tuple[int, Callable[[], Any], str | None]
_Outcome = tuple[int, str, Any, Any]  # job id, "ok" | "error" | "skipped", value, work


class _Lane:
    """One worker thread and its queue of jobs; the thread starts with the first job (the
    window's first frame does not wait for two threads to be scheduled)."""

    def __init__(self, name: str, finish: Callable[[_Outcome], None], latest: dict[str, int]):
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._finish = finish
        self._latest = latest  # key -> newest job id (read here, written on the GUI thread)
        self.thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._starting = threading.Lock()

    def put(self, job: _Job) -> None:
        """Queue ``job``, starting the worker if it has not started yet."""
        self._jobs.put(job)
        with self._starting:
            if self.thread.ident is None:
                self.thread.start()

    def stop(self, timeout: float) -> None:
        """Let the worker finish what is queued, then end it (if it ever started)."""
        with self._starting:
            started = self.thread.ident is not None
        if started:
            self._jobs.put(None)
            self.thread.join(timeout=timeout)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job_id, work, key = job
            job = None
            outcome: _Outcome
            if key is not None and self._latest.get(key, job_id) != job_id:
                outcome = (job_id, "skipped", None, work)  # a newer one of its key follows
            else:
                try:
                    outcome = (job_id, "ok", work(), work)
                except BaseException as error:  # handed to the GUI thread, never lost
                    error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                    outcome = (job_id, "error", error, work)
            # The callable and the result go back whole: if they hold the last reference
            # to a Qt object, it is released on the GUI thread, never on this one.
            del work
            self._finish(outcome)
            del outcome


class Operations(QObject):
    """Runs callables on two worker threads; calls back on the GUI thread."""

    busy_changed = Signal(bool)  # work of the ``run`` lane under way (saving...)
    delivered = Signal()  # on the GUI thread, after callbacks ran
    POLL_MS = 10

    def __init__(self, on_error: Failure, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_error = on_error
        self._results: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()
        self._callbacks: dict[int, tuple[Success | None, Failure | None]] = {}
        self._writes: set[int] = set()  # ids of the ``run`` jobs not delivered yet
        self._latest: dict[str, int] = {}
        self._ids = itertools.count(1)
        self._idle = threading.Event()
        self._idle.set()
        self._outstanding = 0  # jobs whose results the workers have not posted yet
        self._lock = threading.Lock()
        self._closed = False
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._deliver)
        self._work_lane = _Lane("operations", self._finished, self._latest)
        self._read_lane = _Lane("queries", self._finished, self._latest)

    def run(
        self,
        work: Callable[[], Any],
        success: Success | None = None,
        failure: Failure | None = None,
    ) -> None:
        """Run ``work`` in the background; ``success(result)`` or the error handler after."""
        job_id = self._submit(self._work_lane, work, success, failure, None)
        if job_id is not None:
            self._writes.add(job_id)
            if len(self._writes) == 1:
                self.busy_changed.emit(True)

    def query(
        self,
        work: Callable[[], Any],
        success: Success | None = None,
        failure: Failure | None = None,
        key: str | None = None,
    ) -> None:
        """Run a read on the query lane; with ``key``, only the newest one of that key."""
        self._submit(self._read_lane, work, success, failure, key)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until both workers are idle, then run the callbacks of what they finished."""
        finished = self._idle.wait(msecs / 1000)
        self._deliver()
        return finished

    @property
    def pending(self) -> int:
        """Operations whose callbacks have not run yet."""
        return len(self._callbacks)

    def shutdown(self) -> None:
        """Finish queued work and stop the worker threads (idempotent)."""
        if self._closed:
            return
        self.wait()
        self._closed = True
        self._poll.stop()
        for lane in (self._work_lane, self._read_lane):
            lane.stop(timeout=30)

    def _submit(
        self,
        lane: _Lane,
        work: Callable[[], Any],
        success: Success | None,
        failure: Failure | None,
        key: str | None,
    ) -> int | None:
        if self._closed:
            return None  # the window is closing: nothing new starts
        job_id = next(self._ids)
        self._callbacks[job_id] = (success, failure)
        if key is not None:
            self._latest[key] = job_id
        self._poll.start()
        with self._lock:
            self._outstanding += 1
            self._idle.clear()
        lane.put((job_id, work, key))
        return job_id

    def _finished(self, outcome: _Outcome) -> None:
        """On a worker thread: post the outcome for the GUI thread."""
        self._results.put(outcome)
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
                job_id, state, value, _work = self._results.get_nowait()
            except queue.Empty:
                return
            success, failure = self._callbacks.pop(job_id, (None, None))
            if not self._callbacks:
                self._poll.stop()
            if job_id in self._writes:
                self._writes.discard(job_id)
                if not self._writes:
                    self.busy_changed.emit(False)
            try:
                if state == "error":
                    (failure or self._on_error)(value)
                elif state == "ok" and success is not None:
                    success(value)
            except Exception as error:  # a bug in a callback: report it, do not crash
                error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                (failure or self._on_error)(error)
