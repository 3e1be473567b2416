"""Backups from the window: the day's backup at start, Back up now…, Restore from backup….

The work is ``services/backups.py``, run off the GUI thread. After a restore the
profile's database is reopened (migrated if the backup is older) and every page is told
that everything changed.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.services.backups import BackupInfo, BackupService, everything_changed
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.progress import ProgressTask

REASONS = {
    "daily": "Daily",
    "manual": "Made by hand",
    "before-import": "Before an import",
    "before-migration": "Before an update",
    "before-restore": "Before a restore",
}


def human_size(size: int) -> str:
    """1234567 → "1.2 MB"."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


class RestoreDialog(QDialog):
    """The profile's backups, newest first; pick one (or another file) to restore."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore-dialog")
        self.setWindowTitle("Restore from backup")
        self.resize(640, 420)
        self.backups = backups
        self.chosen: Path | None = None
        intro = QLabel(
            "Restoring replaces everything in this profile by the backup. The profile as "
            "it is now is backed up first, so a restore can be undone by restoring that."
        )
        intro.setWordWrap(True)
        self.list = QTableWidget(len(backups), 3)
        self.list.setObjectName("backups")
        self.list.setHorizontalHeaderLabels(["Taken", "Why", "Size"])
        self.list.verticalHeader().hide()
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, backup in enumerate(backups):
            when = backup.taken_at.astimezone().strftime("%a %d %b %Y, %H:%M")
            for column, text in enumerate(
                (when, REASONS.get(backup.reason, backup.reason), human_size(backup.size))
            ):
                self.list.setItem(row, column, QTableWidgetItem(text))
        if backups:
            self.list.selectRow(0)
        self.list.doubleClicked.connect(lambda _i: self._accept_selected())
        other = QPushButton("Other file…")
        other.clicked.connect(self._other_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        restore = buttons.addButton("Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        restore.setObjectName("restore")
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self._accept_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        if not backups:
            layout.addWidget(QLabel("No backups in this profile yet; choose a file."))
        layout.addWidget(buttons)

    def _accept_selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        if rows:
            self.chosen = self.backups[rows[0].row()].path
            self.accept()

    def _other_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Backup file", "", "SmartGrowth backups (*.zip *.sqlite3);;All files (*)"
        )
        if name:
            self.chosen = Path(name)
            self.accept()


class BackupController:
    """Runs backups and restores for the window."""

    def __init__(self, ctx: AppContext, window: Any) -> None:
        self.ctx = ctx
        self.window = window
        self.service = BackupService(ctx.profile)
        self.dialog: RestoreDialog | None = None
        self.encrypted_dialog: QDialog | None = None
        self.daily_thread: threading.Thread | None = None
        self.daily_error: str | None = None
        self._watch: QTimer | None = None

    def start_daily(self) -> threading.Thread:
        """The day's backup, if not taken yet, on a thread of its own (start-up stays quick)."""
        service = self.service

        def work() -> None:
            try:
                service.daily()
            except Exception as error:  # never stops the app; said in the status bar
                self.daily_error = str(error) or type(error).__name__
                print(f"warning: the daily backup failed: {error}", file=sys.stderr)

        self.daily_error = None
        self.daily_thread = threading.Thread(target=work, name="daily-backup", daemon=True)
        self.daily_thread.start()
        watch = QTimer(self.window)
        watch.setInterval(500)
        watch.timeout.connect(self._daily_finished)
        watch.start()
        self._watch = watch
        return self.daily_thread

    def finish_daily(self, timeout: float) -> bool:
        """At exit, once the window has closed: let a daily backup under way finish (its
        thread would die with the process and today's backup be taken again next time,
        or a temporary profile be deleted under it); False if it still runs after
        ``timeout`` seconds."""
        thread = self.daily_thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _daily_finished(self) -> None:
        """Once the day's backup thread is done, say in the window if it failed."""
        if self.daily_thread is None or self.daily_thread.is_alive():
            return
        if self._watch is not None:
            self._watch.stop()
        if self.daily_error:
            message = (
                f"Today's automatic backup failed: {self.daily_error}. "
                "Your data is safe; try File → Back up now…"
            )
            self.window.statusBar().showMessage(message)
            self.window.last_message = message

    def back_up_now(self) -> None:
        """File → Back up now…: a backup in the profile's backups folder."""
        self.window.statusBar().showMessage("Backing up…")
        self.ctx.operations.run(
            self.service.back_up_now,
            lambda info: self.window.statusBar().showMessage(
                f"Backed up to {info.path} ({human_size(info.size)})", 15_000
            ),
            lambda error: show_error(self.window, error),
        )

    def choose_restore(self) -> None:
        """File → Restore from backup…: list the backups (read in the worker), then ask."""
        self.ctx.operations.run(self.service.backups, self._show_dialog)

    def _show_dialog(self, backups: list[BackupInfo]) -> None:
        self.dialog = RestoreDialog(backups, self.window)
        self.dialog.accepted.connect(self._confirm)
        self.dialog.open()

    def _confirm(self) -> None:
        chosen = self.dialog.chosen if self.dialog is not None else None
        if chosen is None:
            return
        answer = QMessageBox.question(
            self.window,
            "Restore from backup",
            f"Replace everything in this profile by the backup\n{chosen.name}?\n\n"
            "The profile as it is now is backed up first.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from smartgrowth_desktop.services.profile_crypto import backup_is_encrypted

        if not self.ctx.profile.encrypted and backup_is_encrypted(chosen):
            self.restore_encrypted(chosen)  # a new laptop: the backup's passphrase first
        else:
            self.restore(chosen)

    def restore(self, path: Path) -> ProgressTask:
        """Restore ``path`` in the background, then reopen the profile and refresh."""
        for page in self.window.pages.built():
            page.flush()
        service, listener = self.service, self.ctx.bus.announce
        task = ProgressTask(self.ctx, self.window, "Restore", f"Restoring {path.name}…")

        def work(report: Any) -> Any:
            return service.restore(path, report, listeners=[listener])

        task.start(work, self._restored, lambda error: show_error(self.window, error))
        return task

    def restore_encrypted(self, path: Path) -> QDialog:
        """A backup of an encrypted profile into this new, empty profile: its passphrase
        (or recovery key) is asked, then it is restored on the worker, encrypted."""
        from smartgrowth_desktop.ui.unlock import UnlockDialog, Unlocker

        dialog = UnlockDialog(self.ctx.profile.folder, None, relock=True, parent=self.window)
        dialog.setWindowTitle("Restore an encrypted backup")
        dialog.heading.setText(
            f"<h2>An encrypted backup</h2><p>{path.name} is the backup of an encrypted "
            "profile: type its passphrase (or its recovery key). This profile becomes "
            "that one, encrypted.</p>"
        )
        dialog.unlock_button.setText("Restore")
        dialog.quit_button.setText("Cancel")
        dialog.busy_text = "Restoring…"
        profile, listener = self.ctx.profile, self.ctx.bus.announce

        def work(passphrase: str | None, recovery: str | None) -> Any:
            from smartgrowth_desktop.services.encryption import restore_encrypted_into_new

            return restore_encrypted_into_new(profile, path, passphrase, recovery, [listener])

        unlocker = Unlocker(dialog, self.ctx.operations.run, work)
        dialog.accepted.connect(lambda: self._restored_encrypted(unlocker.result))
        dialog.open()
        self.encrypted_dialog = dialog
        return dialog

    def _restored_encrypted(self, report: Any) -> None:
        from smartgrowth_desktop.ui.encryption_control import encryption_for

        self._restored(report)
        control = encryption_for(self.window, self.ctx)
        control.start_idle_lock()
        control.encrypted.emit()

    def _restored(self, report: Any) -> None:
        self.ctx.undo.clear()
        self.ctx.bus.changed.emit(everything_changed())
        kept = (
            f" The profile as it was is kept in {report.safety_backup}."
            if report.safety_backup
            else ""
        )
        self.window.statusBar().showMessage(
            f"Restored from {report.restored_from.name}.{kept}", 20_000
        )
        self.window.last_message = f"Restored from {report.restored_from}.{kept}"
