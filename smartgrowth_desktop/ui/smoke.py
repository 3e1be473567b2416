"""``smartgrowth --smoke-test``: show the window, open About, close both, exit 0.

CI runs it from inside the built bundle (``QT_QPA_PLATFORM=offscreen``) to prove the
bundled Qt, its plugins, the fonts and the migrations all load. It prints one line and
fails (exit 1) if the window has not shown within ``timeout_ms``. With
``SMARTGROWTH_SMOKE_SCREENSHOT=DIR`` it saves what it showed (window.png, about.png).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from smartgrowth_desktop.ui.about import AboutDialog

TIMEOUT_MS = 30_000


def _say(text: str) -> None:
    if sys.stdout is not None:  # a windowed app on Windows has no console
        print(text, flush=True)


class SmokeTest:
    """Drives the shown window through one round and quits the application."""

    def __init__(self, app: QApplication, window: QMainWindow, started: float) -> None:
        self.app, self.window, self.started = app, window, started
        self.status = 1
        self.deadline = QTimer()
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(self._give_up)

    def start(self, timeout_ms: int = TIMEOUT_MS) -> None:
        """Begin once the event loop runs (call before ``app.exec``)."""
        self.deadline.start(timeout_ms)
        QTimer.singleShot(0, self._check)

    def _check(self) -> None:
        handle = self.window.windowHandle()
        if not (self.window.isVisible() and handle is not None and handle.isExposed()):
            QTimer.singleShot(20, self._check)
            return
        shown_ms = (time.perf_counter() - self.started) * 1000
        about = self.window.commands.about()  # type: ignore[attr-defined]
        assert isinstance(about, AboutDialog)
        shots = os.environ.get("SMARTGROWTH_SMOKE_SCREENSHOT")
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            self.window.grab().save(str(Path(shots) / "window.png"))
            about.grab().save(str(Path(shots) / "about.png"))
        missing = [item.component for item in about.licences if not item.found]
        about.close()
        if missing:
            _say(f"smoke test: FAIL licences missing from the bundle: {', '.join(missing)}")
            self._finish(1)
            return
        fonts = len(self.window.font().families())
        _say(f"smoke test: PASS window shown in {shown_ms:.0f} ms, About opened, {fonts} fonts")
        self._finish(0)

    def _give_up(self) -> None:
        _say("smoke test: FAIL the window did not show in time")
        self._finish(1)

    def _finish(self, status: int) -> None:
        self.status = status
        self.deadline.stop()
        self.window.close()
        self.app.exit(status)
