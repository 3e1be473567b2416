"""The window's side of an encrypted profile: encrypt the open profile, change the
passphrase, show the recovery key once, and the idle lock (a setting).

The work is ``services/encryption.py``, always on the worker (scrypt takes a fraction
of a second by design; an encryption copies the whole database).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.ui.idle_lock import IdleLock
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.options import LOCK_MINUTES
from smartgrowth_desktop.ui.passphrase_dialog import PassphraseDialog
from smartgrowth_desktop.ui.progress import ProgressTask
from smartgrowth_desktop.ui.recovery_key import RecoveryKeyDialog
from smartgrowth_desktop.ui.unlock import UnlockDialog, Unlocker

if TYPE_CHECKING:
    from smartgrowth_desktop.ui.context import AppContext


#: the steps of an encryption (services/profile_crypto.py), in order, and what they say
STEPS = ("lock", "write", "verify", "key file", "swap", "attachments and backups", "done")
STEP_TEXT = {
    "write": "Writing the encrypted copy",
    "verify": "Checking the copy against the profile",
    "key file": "Putting it in place",
    "swap": "Putting it in place",
    "attachments and backups": "Sealing the attachments and backups",
}


class EncryptionController(QObject):
    """Encrypts the open profile, changes its passphrase, locks it when idle."""

    encrypted = Signal()  # the profile the window has open was encrypted or decrypted
    message = Signal(str)

    def __init__(self, ctx: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.idle: IdleLock | None = None
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self.dialog: PassphraseDialog | None = None
        self.decrypt_dialog: UnlockDialog | None = None
        self.task: ProgressTask | None = None

    # -- the idle lock -------------------------------------------------------------------

    def lock_minutes(self) -> int:
        """Minutes without input before the window locks (0: never)."""
        try:
            return max(0, int(LOCK_MINUTES.read(self.ctx.settings)))
        except ValueError:
            return int(LOCK_MINUTES.default)

    def set_lock_minutes(self, minutes: int) -> None:
        """Save the setting and count again."""
        LOCK_MINUTES.write(self.ctx.settings, str(max(0, minutes)))
        if self.idle is not None:
            self.idle.restart()

    def start_idle_lock(self) -> IdleLock | None:
        """Lock the window after idle minutes, for an encrypted profile."""
        if self.idle is None and self.ctx.profile.encrypted:
            profile = self.ctx.profile

            def check(passphrase: str | None, recovery: str | None) -> None:
                from smartgrowth_desktop.services.encryption import check_unlock

                check_unlock(profile, passphrase, recovery)

            # on the query lane: a long sync or pack on the other lane does not hold it up
            self.idle = IdleLock(
                profile.folder, self.lock_minutes, check, self.ctx.operations.query, self._quit
            )
        return self.idle

    def _quit(self) -> None:
        self.window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # -- encrypting and the passphrase ---------------------------------------------------

    def ask_encrypt(self) -> PassphraseDialog:
        """Choose a passphrase (window-modal), then encrypt."""
        self.dialog = PassphraseDialog(change=False, parent=self.window)
        self.dialog.accepted.connect(lambda: self.encrypt(self._typed()[1]))
        self.dialog.open()
        return self.dialog

    def _typed(self) -> tuple[str, str]:
        assert self.dialog is not None
        return self.dialog.current.text(), self.dialog.new.text()

    def encrypt(self, passphrase: str) -> ProgressTask:
        """Encrypt the open profile on the worker, behind a window-modal progress dialog
        (Cancel stops it until the new file is verified); then show its recovery key."""
        pages = getattr(self.window, "pages", None)
        for page in pages.built() if pages is not None else ():
            page.flush()
        profile, listener = self.ctx.profile, self.ctx.bus.announce
        self.message.emit("Encrypting the profile…")
        task = ProgressTask(self.ctx, self.window, "Encrypt this profile", "Encrypting…")

        def step(name: str) -> None:
            index = STEPS.index(name) if name in STEPS else 0
            if index <= STEPS.index("verify") and task.stopped():
                raise Cancelled("cancelled: the profile was not encrypted")
            task.report_fraction(index / (len(STEPS) - 1), STEP_TEXT.get(name, ""))

        def work(_report: object) -> str:
            from smartgrowth_desktop.services.encryption import encrypt_open_profile

            return encrypt_open_profile(profile, passphrase, [listener], step)

        task.start(work, self._encrypted, self._failed)
        self.task = task
        return task

    def _encrypted(self, recovery_key: str) -> None:
        self.message.emit("The profile is encrypted.")
        self.recovery_dialog = RecoveryKeyDialog(
            recovery_key, self.ctx.profile.folder, self.ctx.operations.run, self.window
        )
        self.recovery_dialog.open()
        self.start_idle_lock()
        self.encrypted.emit()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.message.emit("Cancelled: the profile is as it was, not encrypted.")
            return
        self.message.emit("")
        show_error(self.window, error)

    def ask_decrypt(self) -> UnlockDialog:
        """Remove the encryption: the passphrase (or recovery key) asked again first."""
        dialog = UnlockDialog(self.ctx.profile.folder, None, relock=True, parent=self.window)
        dialog.setWindowTitle("Remove the encryption")
        dialog.heading.setText(
            "<h2>Remove the encryption</h2><p>The database, the attachments and the backups "
            "of this profile will be readable by whoever gets this disk.</p>"
        )
        dialog.unlock_button.setText("Remove the encryption")
        dialog.quit_button.setText("Cancel")
        dialog.busy_text = "Removing the encryption… (a minute or two for a large profile)"
        dialog.unlock_button.setObjectName("decrypt-button")
        profile, listener = self.ctx.profile, self.ctx.bus.announce

        def work(passphrase: str | None, recovery: str | None) -> None:
            from smartgrowth_desktop.services.encryption import decrypt_open_profile

            decrypt_open_profile(profile, passphrase, recovery, [listener])

        pages = getattr(self.window, "pages", None)
        for page in pages.built() if pages is not None else ():
            page.flush()
        Unlocker(dialog, self.ctx.operations.run, work)
        dialog.accepted.connect(self._decrypted)
        self.decrypt_dialog = dialog
        dialog.open()
        return dialog

    def _decrypted(self) -> None:
        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        self.message.emit("The profile is no longer encrypted.")
        self.encrypted.emit()

    def ask_change(self) -> PassphraseDialog:
        """Change the passphrase (the current one, or the recovery key, first)."""
        self.dialog = PassphraseDialog(change=True, parent=self.window)
        self.dialog.accepted.connect(self._change)
        self.dialog.open()
        return self.dialog

    def _change(self) -> None:
        assert self.dialog is not None
        current, new = self._typed()
        recovery = self.dialog.use_recovery.isChecked()
        profile = self.ctx.profile

        def work() -> Any:
            from smartgrowth_desktop.services.encryption import change_passphrase

            old, key = (None, current) if recovery else (current, None)
            return change_passphrase(profile, new, old, key)

        self.ctx.operations.run(
            work, lambda _r: self.message.emit("The passphrase is changed."), self._failed
        )


def encryption_for(window: QWidget, ctx: AppContext) -> EncryptionController:
    """The window's one controller (a child of the window), made on first use."""
    found = window.findChild(EncryptionController)
    if isinstance(found, EncryptionController):
        return found
    control = EncryptionController(ctx, window)
    bar = getattr(window, "statusBar", None)
    if bar is not None:
        control.message.connect(lambda text: bar().showMessage(text, 15_000))
    return control
