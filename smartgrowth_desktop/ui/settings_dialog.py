"""Settings…: one dialog with a tab per topic (Sync now; more tabs can be added).

Each tab is a ``SettingsTab``: it shows the current values when the dialog opens and
``apply()`` saves them when OK is pressed. The Sync tab chooses between a shared folder
and a team server (address and token); "Test connection" runs in the worker, never on the
GUI thread. The token is saved by the sync controller (OS keyring, else a private file in
the profile folder) and never shown again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.ui.sync_control import FOLDER, SERVER, SyncController

KEPT = {
    "keyring": "A token is saved in this computer's keyring.",
    "file": "A token is saved in a private file of this profile (no keyring on this computer).",
}


class SettingsTab(QWidget):
    """One page of the Settings dialog."""

    title = ""

    def apply(self) -> None:
        """Save what the tab shows."""


class SyncSettingsTab(SettingsTab):
    """Where Sync now goes: a shared folder or a team sync server."""

    title = "Sync"

    def __init__(self, sync: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync = sync
        self.folder_choice = QRadioButton("Shared folder")
        self.folder_choice.setObjectName("settings-sync-folder-mode")
        self.server_choice = QRadioButton("Server")
        self.server_choice.setObjectName("settings-sync-server-mode")
        group = QButtonGroup(self)
        group.addButton(self.folder_choice)
        group.addButton(self.server_choice)
        self.folder_edit = QLineEdit(sync.folder())
        self.folder_edit.setObjectName("settings-sync-folder")
        self.folder_edit.setAccessibleName("Shared folder")
        self.folder_edit.setPlaceholderText("A network share, a cloud-synced folder or a USB stick")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(choose)
        self.url_edit = QLineEdit(sync.server_url())
        self.url_edit.setObjectName("settings-sync-url")
        self.url_edit.setAccessibleName("Server address")
        self.url_edit.setPlaceholderText("https://sync.example.org")
        self.token_edit = QLineEdit()
        self.token_edit.setObjectName("settings-sync-token")
        self.token_edit.setAccessibleName("Your token")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText("Paste the token your administrator gave you")
        self.token_note = QLabel("")
        self.token_note.setObjectName("settings-sync-token-note")
        self.token_note.setWordWrap(True)
        self.test_button = QPushButton("Test connection")
        self.test_button.setObjectName("settings-sync-test")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel("")
        self.test_result.setObjectName("settings-sync-test-result")
        self.test_result.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        self.hold_edit = QSpinBox()
        self.hold_edit.setObjectName("settings-sync-hold-deletions")
        self.hold_edit.setAccessibleName("Hold deletions of more than")
        self.hold_edit.setRange(0, 1_000_000)
        self.hold_edit.setSpecialValueText("never hold")
        self.hold_edit.setSuffix(" records")
        self.hold_edit.setMaximumWidth(180)
        self.hold_edit.setEnabled(False)  # until the profile's value is read
        self._hold_loaded: int | None = None
        hold_note = QLabel(
            "A colleague's changes that delete more records than this at once wait on the "
            "Sync page for you to apply them or keep the records."
        )
        hold_note.setObjectName("settings-sync-hold-note")
        hold_note.setWordWrap(True)

        form = QFormLayout(self)
        form.addRow("Sync through", self._row(self.folder_choice, self.server_choice))
        form.addRow("Shared folder", folder_row)
        form.addRow("Server address", self.url_edit)
        form.addRow("Your token", self.token_edit)
        form.addRow("", self.token_note)
        form.addRow("", test_row)
        form.addRow("Hold deletions of more than", self.hold_edit)
        form.addRow("", hold_note)
        (self.server_choice if sync.mode() == SERVER else self.folder_choice).setChecked(True)
        self.server_choice.toggled.connect(self._mode_changed)
        self.url_edit.editingFinished.connect(self._look_for_token)
        self._mode_changed()
        self._look_for_token()
        sync.deletion_threshold(self._show_threshold)

    def _show_threshold(self, value: int) -> None:
        self._hold_loaded = value
        self.hold_edit.setValue(value)
        self.hold_edit.setEnabled(True)

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return holder

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Shared folder", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _mode_changed(self) -> None:
        server = self.server_choice.isChecked()
        self.folder_edit.setEnabled(not server)
        for widget in (self.url_edit, self.token_edit, self.test_button):
            widget.setEnabled(server)

    def _look_for_token(self) -> None:
        url = self.url_edit.text().strip().rstrip("/")
        if not url:
            self.token_note.setText("")
            return
        self.sync.saved_token(url, self._show_saved)

    def _show_saved(self, where: str | None) -> None:
        text = KEPT.get(where or "", "No token saved for this server yet.")
        self.token_note.setText(text + " Never stored in the profile database.")

    def test_connection(self) -> None:
        """Reach the server with the token typed (or the saved one), in the worker."""
        self.test_button.setEnabled(False)
        self.test_result.setText("Connecting…")
        self.sync.test_connection(
            self.url_edit.text(), self.token_edit.text().strip(), self._tested, self._untested
        )

    def _tested(self, who: dict[str, Any]) -> None:
        self.test_button.setEnabled(self.server_choice.isChecked())
        self.test_result.setText(f"Connected: {who.get('user')} in the team {who.get('team')}.")

    def _untested(self, error: BaseException) -> None:
        self.test_button.setEnabled(self.server_choice.isChecked())
        self.test_result.setText(f"Could not connect: {error}")

    def apply(self) -> None:
        self.sync.set_mode(SERVER if self.server_choice.isChecked() else FOLDER)
        self.sync.set_folder(self.folder_edit.text())
        url = self.url_edit.text().strip().rstrip("/")
        self.sync.set_server_url(url)
        if self._hold_loaded is not None and self.hold_edit.value() != self._hold_loaded:
            self.sync.set_deletion_threshold(self.hold_edit.value())
        token = self.token_edit.text().strip()
        if url and token:
            self.sync.save_token(url, token, self._show_saved, self._untested)
            self.token_edit.clear()


class SettingsDialog(QDialog):
    """Settings… (Ctrl+, on most systems): a tab per topic; OK saves every tab."""

    def __init__(self, tabs: list[SettingsTab], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings-dialog")
        self.setWindowTitle("Settings")
        self.tabs = QTabWidget()
        self.pages = tabs
        for tab in tabs:
            self.tabs.addTab(tab, tab.title)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def accept(self) -> None:
        for tab in self.pages:
            tab.apply()
        super().accept()
