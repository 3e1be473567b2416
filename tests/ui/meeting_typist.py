"""A delegate typing meeting notes, run as its own process by ``test_meetings_autosave``.

``python meeting_typist.py PROFILE MEETING_ID TEXT`` opens the app's window on PROFILE,
opens the meeting, clicks into its notes and types TEXT as key events (in two bursts with
a pause between them, as people type), prints ``typed`` and keeps running until killed.
It never saves on purpose: only the app's own autosave can keep the words.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from smartgrowth_desktop.app import build_window
from smartgrowth_desktop.ui.main_window import MainWindow

KEY_MS = 15  # between two key presses
PAUSE_MS = 800  # between the two bursts: long enough for one autosave in between


def press(widget: QWidget, char: str) -> None:
    """One character as a key press and release (non-ASCII as an input method sends it)."""
    if char.isascii():
        QTest.keyClicks(widget, char)
        return
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_later(widget: QWidget, text: str, then: Callable[[], None]) -> None:
    """Type ``text`` one key every ``KEY_MS`` from the event loop, then call ``then``."""
    if not text:
        QTimer.singleShot(0, then)
        return
    press(widget, text[0])
    QTimer.singleShot(KEY_MS, lambda: type_later(widget, text[1:], then))


def main(argv: list[str]) -> int:
    folder, meeting_id, text = Path(argv[1]), uuid.UUID(argv[2]), argv[3]
    app = QApplication([argv[0]])
    window = build_window(folder)
    assert isinstance(window, MainWindow)
    window.resize(1366, 768)
    window.show()
    window.open_record("meeting", meeting_id)
    notes = window.pages["Meetings"].editor.inputs["notes"]  # type: ignore[attr-defined]
    QTest.mouseClick(notes.viewport(), Qt.MouseButton.LeftButton)
    half = len(text) // 2

    def done() -> None:
        print("typed", flush=True)

    def second_burst() -> None:
        QTimer.singleShot(PAUSE_MS, lambda: type_later(notes, text[half:], done))

    QTimer.singleShot(200, lambda: type_later(notes, text[:half], second_burst))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
