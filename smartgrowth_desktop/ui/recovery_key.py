"""The recovery key, shown once when a profile is encrypted, with a printable page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

WARNING = (
    "<b>Without the passphrase or this recovery key, the data of this profile cannot be "
    "recovered, by anyone</b>: not by you, not by your colleagues, not by the makers of "
    "SmartGrowth Field Desk. This key is shown only now."
)


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key; Done waits until the user says it is stored."""

    def __init__(
        self,
        recovery_key: str,
        folder: Path,
        run: Callable[..., None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recovery-key")
        self.setWindowTitle("Your recovery key")
        self.recovery_key = recovery_key
        self.folder = folder
        self._run = run
        self.saved_to: Path | None = None
        intro = QLabel(
            "<h2>Write down or print your recovery key</h2><p>If you forget the passphrase, "
            "this key opens the profile and lets you choose a new passphrase.</p>"
        )
        intro.setWordWrap(True)
        self.key_label = QLabel(recovery_key)
        self.key_label.setObjectName("recovery-key-text")
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(15)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setStyleSheet("border: 1px solid palette(mid); padding: 12px;")
        warning = QLabel(WARNING)
        warning.setObjectName("recovery-key-warning")
        warning.setWordWrap(True)
        self.status = QLabel("")
        self.status.setObjectName("recovery-key-status")
        self.status.setWordWrap(True)
        self.print_button = QPushButton("Save a printable page (PDF)…")
        self.print_button.setObjectName("recovery-key-pdf")
        self.print_button.clicked.connect(self._choose_pdf)
        self.stored = QCheckBox("I have written it down or printed it, and keep it apart")
        self.stored.setObjectName("recovery-key-stored")
        self.done_button = QPushButton("Done")
        self.done_button.setObjectName("recovery-key-done")
        self.done_button.setEnabled(False)
        self.done_button.clicked.connect(self.accept)
        self.stored.toggled.connect(self.done_button.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        for widget in (intro, self.key_label, warning, self.stored, self.status):
            layout.addWidget(widget)
        layout.addLayout(row)
        self.setMinimumWidth(560)

    def reject(self) -> None:
        """Escape does not skip the key: only Done closes, once it is stored."""
        if self.stored.isChecked():
            super().reject()

    def _choose_pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the recovery page", "smartgrowth-recovery-key.pdf", "PDF (*.pdf)"
        )
        if name:
            self.save_pdf(Path(name))

    def save_pdf(self, path: Path) -> None:
        """Write the printable page on the worker; say where when done."""
        key, folder = self.recovery_key, self.folder

        def work() -> Path:
            from smartgrowth_desktop.reports.recovery_sheet import write_recovery_sheet

            write_recovery_sheet(path, key, folder, datetime.now(UTC))
            return path

        self.status.setText("Writing the page…")
        self._run(work, self._saved, self._not_saved)

    def _saved(self, path: Path) -> None:
        self.saved_to = path
        self.status.setText(f"Saved {path}: print it, then delete the file.")

    def _not_saved(self, error: BaseException) -> None:
        self.status.setText(f"The page could not be saved: {error}")
