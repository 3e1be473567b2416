"""Card photos read one after the other on a thread of their own (OCR takes about a
second a card), each result handed to the GUI thread by a signal; Cancel stops the batch
at the next step of the photo being read. The window's worker stays free for saves."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QImage

from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.services.card_review import ReadCard

ReadOne = Callable[[Path, threading.Event], ReadCard]


class CardReader(QObject):
    """Reads ``photos`` in order with ``read_one`` (``services/card_review.py``)."""

    read = Signal(int, object)  # index, ReadCard
    finished = Signal(bool)  # True when cancelled

    def __init__(self, photos: list[Path], read_one: ReadOne) -> None:
        super().__init__()  # no parent: the thread keeps it alive until it is done
        self.photos = photos
        self._read_one = read_one
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="card-reader", daemon=True)
        self.done = 0
        # the pictures decoded here, not on the GUI thread (a QImage may be made anywhere)
        self.images: dict[int, QImage] = {}

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Stop after (or inside) the photo being read; the ones read stay."""
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def wait(self, seconds: float = 30.0) -> None:
        """Wait for the thread (tests, and closing the window)."""
        if self._thread.is_alive():
            self._thread.join(seconds)

    def _run(self) -> None:
        for index, photo in enumerate(self.photos):
            if self._stop.is_set():
                break
            try:
                result = self._read_one(photo, self._stop)
            except Cancelled:
                break
            except Exception as error:  # a bug reading one photo must not stop the batch
                result = ReadCard(photo, error=f"{photo.name}: could not be read ({error})")
            self.done = index + 1
            self.images[index] = QImage.fromData(result.preview) if result.preview else QImage()
            self._emit(self.read, index, result)
        self._emit(self.finished, self._stop.is_set())

    @staticmethod
    def _emit(signal: SignalInstance, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the screen was closed meanwhile
            signal.emit(*args)
