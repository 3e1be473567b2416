"""Choosing a passphrase: to encrypt a profile, or to change it (then the current one)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_LENGTH = 8  # as core/profile_key.py checks again


def password_line(name: str, accessible: str) -> QLineEdit:
    """A line that hides what is typed."""
    line = QLineEdit()
    line.setObjectName(name)
    line.setAccessibleName(accessible)
    line.setEchoMode(QLineEdit.EchoMode.Password)
    line.setMinimumWidth(320)
    return line


def passphrase_problem(new: str, again: str) -> str | None:
    """What is wrong with a new passphrase as typed twice, or None."""
    if len(new.strip()) < MIN_LENGTH:
        return f"A passphrase needs at least {MIN_LENGTH} characters (a few words is best)."
    if new != again:
        return "The two passphrases differ."
    return None


class PassphraseDialog(QDialog):
    """A new passphrase typed twice (and, to change one, the current one or the
    recovery key)."""

    def __init__(self, change: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphrase-dialog")
        self.setWindowTitle("Change the passphrase" if change else "Encrypt this profile")
        intro = QLabel(
            "Choose a new passphrase. Nothing is re-encrypted: the key of the data is locked anew."
            if change
            else "<p>Everything in this profile (database, attachments, backups) is then "
            "encrypted on this disk. You will type the passphrase when the app starts and "
            "after it locks itself.</p><p>You will get a <b>recovery key</b> to write down: "
            "without the passphrase or the recovery key, the data cannot be recovered.</p>"
        )
        intro.setWordWrap(True)
        self.current = password_line("passphrase-current", "Current passphrase")
        self.use_recovery = QCheckBox("I forgot it: use the recovery key")
        self.use_recovery.setObjectName("passphrase-use-recovery")
        self.use_recovery.toggled.connect(self._recovery_toggled)
        self.new = password_line("passphrase-new", "New passphrase")
        self.again = password_line("passphrase-again", "New passphrase again")
        self.error = QLabel("")
        self.error.setObjectName("passphrase-error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        if change:
            form.addRow("Current passphrase", self.current)
            form.addRow("", self.use_recovery)
        form.addRow("New passphrase", self.new)
        form.addRow("Again", self.again)
        self.change = change
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Change" if change else "Encrypt")
        ok.setObjectName("passphrase-ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _recovery_toggled(self, on: bool) -> None:
        self.current.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.current.setPlaceholderText("XXXXX-XXXXX-…" if on else "")

    def accept(self) -> None:
        """Only a passphrase typed twice alike, long enough, closes the dialog."""
        problem = passphrase_problem(self.new.text(), self.again.text())
        if self.change and not self.current.text():
            problem = "Type the current passphrase (or the recovery key) first."
        if problem is not None:
            self.error.setText(problem)
            return
        super().accept()
