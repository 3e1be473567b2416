"""Lock after N idle minutes: every window of the app is hidden behind the unlock screen.

Any key press, click, wheel or mouse move in the app restarts the count. Locked, no
record is on screen (every top-level window is hidden, dialogs included) until the
passphrase or the recovery key is typed again; "Close the app" quits instead. The
database stays open meanwhile, so an autosave or a sync under way finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from smartgrowth_desktop.ui.unlock import UnlockDialog, Unlocker, UnlockWork

INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    """Hides the app after ``minutes()`` without input (0: never)."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        folder: Path,
        minutes: Callable[[], int],
        check: UnlockWork,
        run: Callable[..., None],
        quit_app: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self._minutes = minutes
        self._check = check
        self._run = run
        self._quit = quit_app
        self.is_locked = False
        self.dialog: UnlockDialog | None = None
        self._hidden: list[QWidget] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.restart()

    def restart(self) -> None:
        """Count the idle time again (after input, or when the setting changed)."""
        minutes = self._minutes()
        if minutes > 0 and not self.is_locked:
            self._timer.start(minutes * 60_000)
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.is_locked and event.type() in INPUT and self._timer.isActive():
            self._timer.start()
        return False

    def lock(self) -> None:
        """Hide every window and ask for the passphrase again."""
        if self.is_locked:
            return
        self.is_locked = True
        self._timer.stop()
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self.dialog = UnlockDialog(self.folder, None, relock=True)
        Unlocker(self.dialog, self._run, self._check)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.rejected.connect(self._quit)
        self.dialog.show()
        self.locked_changed.emit(True)

    def _unlocked(self) -> None:
        self.is_locked = False
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.dialog = None
        self.locked_changed.emit(False)
        self.restart()

    def stop(self) -> None:
        """No more locking (the window closes)."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
