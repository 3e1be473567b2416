"""The first-run screen of an empty profile: demo programme, import a file, or start empty;
and, recommended, encrypt the profile first (a passphrase typed twice)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.ui.fields import fit_placeholder
from smartgrowth_desktop.ui.passphrase_dialog import passphrase_problem, password_line


class FirstRunDialog(QDialog):
    """Asks how to begin; ``choice`` is "demo", "import" or "empty" after ``exec``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to SmartGrowth Field Desk")
        self.setObjectName("first-run")
        self.choice = "empty"
        intro = QLabel(
            "<h2>Welcome</h2><p>Your notes, contacts and leads stay on this laptop and work "
            "without a network. How would you like to start?</p>"
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(440)
        self.name = QLineEdit()
        self.name.setObjectName("user-name")
        self.name.setPlaceholderText("e.g. Karin Lindqvist")
        self.organization = QLineEdit()
        self.organization.setObjectName("user-organization")
        self.organization.setPlaceholderText("e.g. Lund Science Park")
        for line in (self.name, self.organization):
            fit_placeholder(line, room=80)  # the whole example shows, with room to type
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Your name", self.name)
        form.addRow("Your organization", self.organization)
        self.encrypt = QCheckBox("Encrypt this profile (recommended)")
        self.encrypt.setObjectName("first-run-encrypt")
        self.encrypt.setChecked(True)
        self.encrypt.setToolTip(
            "A lost or seized laptop then shows nobody your contacts, notes or photos"
        )
        self.passphrase = password_line("first-run-passphrase", "Passphrase")
        self.passphrase.setPlaceholderText("A passphrase: a few words you will remember")
        self.again = password_line("first-run-passphrase-again", "Passphrase again")
        self.error = QLabel("")
        self.error.setObjectName("first-run-error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form.addRow(self.encrypt)
        form.addRow("Passphrase", self.passphrase)
        form.addRow("Again", self.again)
        self.encrypt.toggled.connect(self._encrypt_toggled)
        buttons = []
        for key, text, tip in (
            ("demo", "Load the demo programme", "4 markets, 30 SMEs, 6 missions (fictional)"),
            ("import", "Import a smartgrowth/1 file…", "From a colleague or another laptop"),
            ("empty", "Start empty", "Begin with your own missions and contacts"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"start-{key}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, k=key: self._choose(k))
            buttons.append(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        for button in buttons:
            layout.addWidget(button)

    def _encrypt_toggled(self, on: bool) -> None:
        for line in (self.passphrase, self.again):
            line.setEnabled(on)
        self.error.setText("")

    def chosen_passphrase(self) -> str | None:
        """The passphrase to encrypt the profile with, or None (not encrypted)."""
        return self.passphrase.text() if self.encrypt.isChecked() else None

    def _choose(self, key: str) -> None:
        if self.encrypt.isChecked():
            problem = passphrase_problem(self.passphrase.text(), self.again.text())
            if problem is not None:
                self.error.setText(f"{problem} Or untick “Encrypt this profile” to start without.")
                self.adjustSize()
                self.passphrase.setFocus()
                return
        self.choice = key
        self.accept()
