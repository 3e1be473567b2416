"""Card photos read one after the other away from the GUI thread, each result handed to
it by a signal; Cancel stops the batch at the next step of the photo being read.

The reading runs in a process of its own (``services/card_review.read_batch``): OCR's
image work holds Python's GIL in long C calls, which from a thread of this process
stalls the window for up to half a second on a busy laptop, and not at all from another
process (``bench/card_review_bench.py``). A thread here waits for its results. A bundled
app (PyInstaller) reads on that thread instead, as does a given ``read_one`` (tests)."""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QImage

from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.services.card_review import ReadCard, read_batch, read_detached

ReadOne = Callable[[Path, threading.Event], ReadCard]
Hints = Callable[[], Sequence[object]]
POLL_S = 0.1


class CardReader(QObject):
    """Reads ``photos`` in order; ``hints`` gives the mission's countries (read first,
    on the reading thread)."""

    read = Signal(int, object)  # index, ReadCard
    finished = Signal(bool)  # True when cancelled

    def __init__(
        self, photos: list[Path], read_one: ReadOne | None = None, hints: Hints | None = None
    ) -> None:
        super().__init__()  # no parent: the thread keeps it alive until it is done
        self.photos = photos
        self._read_one = read_one
        self._hints = hints or (lambda: ())
        self._stop = threading.Event()
        self._process_stop: Any = None
        self._thread = threading.Thread(target=self._run, name="card-reader", daemon=True)
        self.done = 0
        # the pictures decoded here, not on the GUI thread (a QImage may be made anywhere)
        self.images: dict[int, QImage] = {}

    @property
    def in_process(self) -> bool:
        """Whether the photos are read in a process of their own."""
        return self._read_one is None and not getattr(sys, "frozen", False)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Stop after (or inside) the photo being read; the ones read stay."""
        self._stop.set()
        if self._process_stop is not None:
            self._process_stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def wait(self, seconds: float = 30.0) -> None:
        """Wait for the reading to end (tests, and closing the window)."""
        if self._thread.is_alive():
            self._thread.join(seconds)

    def _run(self) -> None:
        try:
            if self.in_process:
                self._read_in_process(self._hints())
            else:
                self._read_here(self._read_one or self._detached(self._hints()))
        finally:
            self._emit(self.finished, self._stop.is_set())

    @staticmethod
    def _detached(hints: Sequence[object]) -> ReadOne:
        return lambda photo, stop: read_detached(photo, hints, stop)

    def _read_here(self, read_one: ReadOne) -> None:
        for index, photo in enumerate(self.photos):
            if self._stop.is_set():
                return
            try:
                result = read_one(photo, self._stop)
            except Cancelled:
                return
            except Exception as error:  # a bug reading one photo must not stop the batch
                result = ReadCard(photo, error=f"{photo.name}: could not be read ({error})")
            self._deliver(index, result)

    def _read_in_process(self, hints: Sequence[object]) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process running Qt
        results: Any = context.Queue()
        self._process_stop = context.Event()
        if self._stop.is_set():
            return
        process = context.Process(
            target=read_batch,
            args=(self.photos, tuple(hints), results, self._process_stop),
            name="card-reading",
            daemon=True,
        )
        process.start()
        while True:
            try:
                item = results.get(timeout=POLL_S)
            except queue.Empty:
                if not process.is_alive():
                    break  # it died without its last word: the rest stays unread
                continue
            if item is None:
                break
            self._deliver(*item)
        process.join(5)

    def _deliver(self, index: int, result: ReadCard) -> None:
        self.done = index + 1
        self.images[index] = QImage.fromData(result.preview) if result.preview else QImage()
        self._emit(self.read, index, result)

    @staticmethod
    def _emit(signal: SignalInstance, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the screen was closed meanwhile
            signal.emit(*args)
