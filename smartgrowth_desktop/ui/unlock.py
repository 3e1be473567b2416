"""The unlock screen of an encrypted profile: the first frame at start, and the screen
that hides every record after the idle lock.

The dialog only collects what was typed; the key derivation (scrypt, a fraction of a
second by design) runs on the worker (``Unlocker``), and a wrong passphrase is said in
the dialog, which stays open: no lock-out, nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.errors import SmartGrowthError

#: ``work(passphrase, recovery_key)`` on the worker: returns what the unlock gives
UnlockWork = Callable[[str | None, str | None], Any]


class UnlockDialog(QDialog):
    """Asks for the passphrase (or the recovery key); ``submitted`` carries it."""

    submitted = Signal(str, bool, bool)  # text, is the recovery key, remember here

    def __init__(
        self,
        folder: Path,
        remember_problem: str | None,
        relock: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock")
        self.setWindowTitle("SmartGrowth Field Desk" + (": locked" if relock else ""))
        title = "Locked after a while without use" if relock else "This profile is encrypted"
        self.heading = heading = QLabel(f"<h2>{title}</h2>")
        heading.setWordWrap(True)
        where = QLabel(f"Profile: {folder}")
        where.setObjectName("unlock-folder")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secret = QLineEdit()
        self.secret.setObjectName("unlock-passphrase")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Passphrase")
        self.secret.setPlaceholderText("Passphrase")
        self.secret.setMinimumWidth(380)
        self.use_recovery = QCheckBox("Use the recovery key instead")
        self.use_recovery.setObjectName("unlock-use-recovery")
        self.use_recovery.toggled.connect(self._recovery_toggled)
        self.remember = QCheckBox("Remember on this computer")
        self.remember.setObjectName("unlock-remember")
        self.remember.setVisible(not relock)
        self.busy_now = False
        self.busy_text = "Unlocking…"
        self.set_remember_problem(remember_problem)
        self.error = QLabel("")
        self.error.setObjectName("unlock-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setObjectName("unlock-button")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        self.quit_button = quit_button = QPushButton("Quit" if not relock else "Close the app")
        quit_button.setObjectName("unlock-quit")
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        for widget in (heading, where, self.secret, self.use_recovery, self.remember):
            layout.addWidget(widget)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.secret.returnPressed.connect(self._submit)

    def set_remember_problem(self, problem: str | None) -> None:
        """Offer "Remember on this computer" only where a keyring can keep the key."""
        self._remember_ok = problem is None
        self.remember.setEnabled(problem is None and not self.busy_now)
        if problem is not None:
            self.remember.setChecked(False)
            self.remember.setToolTip(f"Not available: {problem}")
        else:
            self.remember.setToolTip(
                "Keep the key in this computer's keyring: whoever can log in as you opens "
                "the profile without the passphrase"
            )

    def _recovery_toggled(self, on: bool) -> None:
        self.secret.setPlaceholderText("Recovery key: XXXXX-XXXXX-…" if on else "Passphrase")
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Recovery key" if on else "Passphrase")
        self.secret.setFocus()

    def _submit(self) -> None:
        text = self.secret.text()
        if not text.strip():
            self.failed("Type the passphrase first.")
            return
        self.busy(True)
        self.submitted.emit(text, self.use_recovery.isChecked(), self.remember.isChecked())

    def busy(self, on: bool) -> None:
        """While the key is derived: inputs off, and say so."""
        self.busy_now = on
        for widget in (self.secret, self.use_recovery, self.unlock_button):
            widget.setEnabled(not on)
        self.remember.setEnabled(not on and self._remember_ok)
        if on:
            self.error.setStyleSheet("color: palette(text);")
            self.error.setText(self.busy_text)

    def failed(self, message: str) -> None:
        """Say what went wrong and let the user try again (no lock-out)."""
        self.busy(False)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setText(message[:1].upper() + message[1:])
        self.secret.selectAll()
        self.secret.setFocus()


class Unlocker(QObject):
    """Runs ``work`` on the worker for each try of ``dialog``; accepts it on success."""

    def __init__(self, dialog: UnlockDialog, run: Callable[..., None], work: UnlockWork) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.result: Any = None
        self.remember = False
        self._run = run
        self._work = work
        dialog.submitted.connect(self._try)

    def _try(self, text: str, is_recovery: bool, remember: bool) -> None:
        work = self._work
        passphrase, recovery = (None, text) if is_recovery else (text, None)
        self.remember = remember
        self._run(lambda: work(passphrase, recovery), self._done, self._failed)

    def _done(self, result: Any) -> None:
        self.result = result
        self.dialog.secret.clear()
        self.dialog.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, SmartGrowthError):
            self.dialog.failed(str(error))
        else:
            self.dialog.failed(f"Unexpected error: {error!r}")


def unlock_at_start(folder: Path) -> bytes | None:
    """The first frame of an encrypted profile: ask until it unlocks; its data key, or
    None when the user quits. A key remembered in the OS keyring opens it at once."""
    from smartgrowth_desktop.ui.operations import Operations

    operations = Operations(lambda _error: None)
    dialog = UnlockDialog(folder, "looking for this computer's keyring…")

    def unlock(passphrase: str | None, recovery: str | None) -> bytes:
        from smartgrowth_desktop.services import key_memory
        from smartgrowth_desktop.services.profile import unlock_data_key

        data_key = unlock_data_key(folder, passphrase, recovery)
        if unlocker.remember:
            key_memory.remember(folder, data_key)
        return data_key

    def look() -> tuple[str | None, bytes | None]:
        from smartgrowth_desktop.services import key_memory

        return key_memory.remember_problem(), key_memory.remembered(folder)

    def looked(found: tuple[str | None, bytes | None]) -> None:
        problem, data_key = found
        if data_key is not None and dialog.isVisible() and not dialog.busy_now:
            unlocker.result = data_key
            dialog.accept()
            return
        dialog.set_remember_problem(problem)

    unlocker = Unlocker(dialog, operations.run, unlock)
    operations.run(look, looked, lambda _error: dialog.set_remember_problem("no keyring"))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    operations.shutdown()
    return unlocker.result if accepted else None
