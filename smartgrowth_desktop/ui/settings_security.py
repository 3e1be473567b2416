"""Settings → Security: encrypt this profile (or remove the encryption), change its
passphrase, lock when idle."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from smartgrowth_desktop.ui.encryption_control import EncryptionController
from smartgrowth_desktop.ui.settings_dialog import SettingsTab

PLAIN = (
    "<b>This profile is not encrypted.</b> Whoever gets this laptop's disk (a lost or "
    "seized laptop) can read every contact, note and photo in it. Encrypting it is "
    "recommended."
)
ENCRYPTED = (
    "<b>This profile is encrypted</b> (database, attachments and backups). It opens with "
    "its passphrase or its recovery key; without either, nobody can read it."
)


class SecuritySettingsTab(SettingsTab):
    """Encryption of the profile and the idle lock."""

    title = "Security"

    def __init__(self, control: EncryptionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.control = control
        self.state = QLabel()
        self.state.setObjectName("settings-encryption-state")
        self.state.setWordWrap(True)
        self.encrypt_button = QPushButton("Encrypt this profile…")
        self.encrypt_button.setObjectName("settings-encrypt")
        self.encrypt_button.clicked.connect(control.ask_encrypt)
        self.change_button = QPushButton("Change the passphrase…")
        self.change_button.setObjectName("settings-change-passphrase")
        self.change_button.clicked.connect(control.ask_change)
        self.decrypt_button = QPushButton("Remove the encryption…")
        self.decrypt_button.setObjectName("settings-decrypt")
        self.decrypt_button.clicked.connect(control.ask_decrypt)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("settings-lock-minutes")
        self.minutes.setAccessibleName("Lock after minutes without use")
        self.minutes.setRange(0, 240)
        self.minutes.setSuffix(" min")
        self.minutes.setSpecialValueText("Never")
        self.minutes.setValue(control.lock_minutes())
        self.minutes.setToolTip("Hides every record until the passphrase is typed again")
        form = QFormLayout()
        form.addRow("Lock after", self.minutes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.encrypt_button)
        layout.addWidget(self.change_button)
        layout.addWidget(self.decrypt_button)
        layout.addLayout(form)
        layout.addStretch(1)
        control.encrypted.connect(self.show_state)
        self.show_state()

    def show_state(self) -> None:
        """Say whether the profile is encrypted; offer what fits."""
        encrypted = self.control.ctx.profile.encrypted
        self.state.setText(ENCRYPTED if encrypted else PLAIN)
        self.encrypt_button.setVisible(not encrypted)
        self.change_button.setVisible(encrypted)
        self.decrypt_button.setVisible(encrypted)
        self.minutes.setEnabled(encrypted)

    def apply(self) -> None:
        """Save the idle minutes."""
        self.control.set_lock_minutes(self.minutes.value())
