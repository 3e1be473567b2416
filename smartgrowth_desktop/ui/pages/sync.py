"""The Sync page: the shared folder or server, this laptop's name, the passphrase, Sync now.

After a sync it lists what happened in plain words (counts, warnings, files refused and
why, clocks, a cloned profile) and the colleagues' laptops heard from so far.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.sync.report import SyncReport
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.pages.base import Page
from smartgrowth_desktop.ui.sync_control import SERVER, SyncController, local_time
from smartgrowth_desktop.ui.widgets.held_deletions import HeldDeletionsBox

if TYPE_CHECKING:
    from smartgrowth_desktop.sync.deletions import HeldDeletion
    from smartgrowth_desktop.ui.digest_dialog import DigestDialog

ERROR = QColor("#b3261e")
WARNING = QColor("#8a5a00")
QUIET = QColor("#6b6b6b")
#: what the page says before any sync: what it is for and what to do
SYNC_HELP = (
    "Sync shares your edits with your colleagues' laptops, and theirs with you, through a"
    " shared folder (a network share, a cloud-synced folder, a USB stick) or the team"
    " server. It works offline in between: sync when you are back on a network.",
    "Choose the shared folder above (or a server in Settings…), then press Sync now (F5)."
    " Each laptop writes only its own files there; an empty or unplugged folder never"
    " deletes anything here.",
    "What each sync did is told here: what was sent and received, and any conflict to"
    " review on the Conflicts page.",
)
NO_PEERS = (
    "No colleague's laptop heard from yet.\n\nEach laptop that syncs through the same"
    " folder or server is listed here once its changes reach you, with how far they go"
    " and whether its clock is right."
)
CLONED_HELP = (
    "A copy of this profile (restored from a backup, or copied to another laptop) writes "
    "under the same device id, so this laptop publishes nothing until it is sorted out. "
    "To go on: File → Export smartgrowth/1 JSON, open a fresh profile, import it, and sync."
)


def report_lines(report: SyncReport) -> list[tuple[str, QColor | None]]:
    """A sync report as readable lines, each with a colour for problems."""
    lines: list[tuple[str, QColor | None]] = []
    if report.cancelled:
        lines.append(("Cancelled: what was finished is kept; Sync now goes on from there.", None))
    lines.append(
        (
            f"Sent {report.published} changeset(s) of yours ({report.published_changes} "
            f"changes) and relayed {report.relayed} of colleagues'.",
            None,
        )
    )
    lines.append(
        (
            f"Received {report.applied} changeset(s) with {report.applied_changes} changes"
            + (f", {report.duplicates} already here" if report.duplicates else "")
            + ".",
            None,
        )
    )
    if report.blobs_sent or report.blobs_received:
        lines.append(
            (f"Attachments: {report.blobs_sent} sent, {report.blobs_received} received.", None)
        )
    if report.blobs_missing:
        lines.append((f"{report.blobs_missing} attachment(s) not in the folder yet.", WARNING))
    if report.conflicts_raised or report.open_conflicts:
        lines.append(
            (
                f"{report.conflicts_raised} new conflict(s); {report.open_conflicts} to review "
                "on the Conflicts page.",
                WARNING if report.open_conflicts else None,
            )
        )
    for waiting in report.waiting:
        lines.append((f"Waiting for earlier changes: {waiting}", None))
    if report.waiting_files:
        lines.append(
            (
                f"{report.waiting_for().capitalize()} still arriving in the folder "
                "(a cloud client or a copy not finished); tried again at the next sync:",
                None,
            )
        )
    for problem in report.waiting_files:
        lines.append((f"Waiting for {problem.path}: {problem.reason}", None))
    for healed in report.healed:
        lines.append((f"Wrote a good copy in place of a damaged one: {healed}", None))
    for held in report.held_deletions:
        lines.append((f"Held: {held}", WARNING))
    for link in report.unlinked:
        lines.append((f"Not linked yet: {link}", None))
    for warning in report.warnings:
        lines.append((f"Warning: {warning}", WARNING))
    for problem in report.errors:
        lines.append((f"Refused {problem.path}: {problem.reason}", ERROR))
    for problem in report.ignored:
        lines.append((f"Ignored {problem.path}: {problem.reason}", None))
    for cloned in report.cloned:
        lines.append((f"Cloned profile: {cloned}", ERROR))
    if report.cloned:
        lines.append((CLONED_HELP, ERROR))
    return lines


class SyncPage(Page):
    """Where the shared folder is chosen and a sync is started and explained."""

    title = "Sync"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sync: SyncController | None = None
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("sync-folder")
        self.folder_edit.setAccessibleName("Shared folder")
        self.folder_edit.setPlaceholderText("A network share, a cloud-synced folder or a USB stick")
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setObjectName("sync-choose")
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        self.device_edit = QLineEdit()
        self.device_edit.setObjectName("sync-device-name")
        self.device_edit.setAccessibleName("This laptop's name")
        self.device_edit.editingFinished.connect(self.save_device_name)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("sync-passphrase")
        self.passphrase_edit.setAccessibleName("Team passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText("Only if your team encrypts its folder")
        passphrase_note = QLabel("Kept in memory until you close the app; never saved.")
        passphrase_note.setEnabled(False)
        self.target_label = QLabel("Through a shared folder")
        self.target_label.setObjectName("sync-target")
        self.settings_button = QPushButton("Settings…")
        self.settings_button.setObjectName("sync-settings")
        self.settings_button.setToolTip("Shared folder or team server, token, Test connection")
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_label, 1)
        target_row.addWidget(self.settings_button)
        form = QFormLayout()
        form.addRow("Sync", target_row)
        form.addRow("Shared folder", folder_row)
        form.addRow("This laptop's name", self.device_edit)
        form.addRow("Team passphrase", self.passphrase_edit)
        form.addRow("", passphrase_note)
        settings = QGroupBox("Settings")
        settings.setLayout(form)

        self.sync_button = QPushButton("Sync now")
        self.sync_button.setObjectName("sync-now")
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.sync_now)
        self.message_label = QLabel()
        self.message_label.setObjectName("sync-message")
        self.message_label.setWordWrap(True)
        self.last_label = QLabel("Never synced")
        self.last_label.setObjectName("sync-last")
        self.away_button = QPushButton("While you were away…")
        self.away_button.setObjectName("sync-away")
        self.away_button.setToolTip("What colleagues changed since you last looked")
        self.away_button.clicked.connect(self.show_digest)
        self.digest: DigestDialog | None = None
        action_row = QHBoxLayout()
        action_row.addWidget(self.sync_button)
        action_row.addWidget(self.last_label, 1)
        action_row.addWidget(self.away_button)

        self.results = QListWidget()
        self.results.setObjectName("sync-results")
        self.results.setAccessibleName("Result of the last sync")
        self.results.setWordWrap(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.peers = QTableWidget(0, 4)
        self.peers.setObjectName("sync-peers")
        self.peers.setAccessibleName("Colleagues' laptops")
        self.peers.setHorizontalHeaderLabels(["Laptop", "Changes up to", "Last received", "Clock"])
        self.peers.verticalHeader().hide()
        self.peers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.peers.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        result_box = QGroupBox("Last sync")
        result_layout = QVBoxLayout(result_box)
        result_layout.addWidget(self.results)
        peers_box = QGroupBox("Colleagues' laptops")
        peers_layout = QVBoxLayout(peers_box)
        self.no_peers = QLabel(NO_PEERS)
        self.no_peers.setObjectName("no-peers")
        self.no_peers.setWordWrap(True)
        self.no_peers.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.no_peers.setStyleSheet("color: palette(mid); padding: 8px;")
        self.peers_stack = QStackedWidget()
        self.peers_stack.addWidget(self.no_peers)
        self.peers_stack.addWidget(self.peers)
        peers_layout.addWidget(self.peers_stack)
        self.explain()
        lower = QHBoxLayout()
        lower.addWidget(result_box, 3)
        lower.addWidget(peers_box, 2)

        self.held_box = HeldDeletionsBox(self)
        self.held_box.apply_requested.connect(lambda key: self._decide(key, keep=False))
        self.held_box.keep_requested.connect(lambda key: self._decide(key, keep=True))

        layout = QVBoxLayout(self)
        layout.addWidget(settings)
        layout.addLayout(action_row)
        layout.addWidget(self.message_label)
        layout.addWidget(self.held_box)
        layout.addLayout(lower, 1)
        self.passphrase_edit.textChanged.connect(self._passphrase_changed)

    def attach_sync(self, sync: SyncController) -> None:
        """Called by the window once: the controller shared with the action and status bar."""
        self.sync = sync
        self.folder_edit.setText(sync.folder())
        self.folder_edit.editingFinished.connect(lambda: sync.set_folder(self.folder_edit.text()))
        sync.started.connect(self._started)
        sync.finished.connect(self.show_report)
        sync.failed.connect(self.show_error)
        sync.status_changed.connect(self._status)
        sync.settings_changed.connect(self._show_target)
        self.settings_button.clicked.connect(sync.settings_requested.emit)
        self._show_target()
        if sync.last_report is not None:
            self.show_report(sync.last_report)

    def activated(self) -> None:
        self._load()

    def open_list(self, name: str) -> None:
        """ "away": the While you were away window (from Today's banner)."""
        if name == "away":
            self.show_digest()

    def show_digest(self) -> None:
        """Open (or raise) the While you were away window and read it again."""
        if self.digest is None:
            from smartgrowth_desktop.ui.digest_dialog import DigestDialog

            self.digest = DigestDialog(self.ctx, self)
            self.digest.open_requested.connect(self.open_record_requested)
            self.digest.trash_requested.connect(lambda: self.open_list_requested.emit("Trash", ""))
        self.digest.open_and_load()

    # -- commands ---------------------------------------------------------------------------

    def choose_folder(self) -> None:
        """Pick the shared folder with the system dialog."""
        chosen = QFileDialog.getExistingDirectory(
            self, "Shared folder for sync", self.folder_edit.text()
        )
        if chosen:
            self.folder_edit.setText(chosen)
            if self.sync is not None:
                self.sync.set_folder(chosen)

    def save_device_name(self) -> None:
        """Rename this laptop for colleagues (in the worker)."""
        name = self.device_edit.text().strip()
        if not name or self.sync is None:
            return
        service = self.sync.service
        self.ctx.operations.run(lambda: service.set_device_name(name))

    def sync_now(self) -> None:
        """Sync with the server chosen in Settings, or the folder in the line edit."""
        if self.sync is None:
            return
        if self.sync.mode() == SERVER:
            if not self.sync.server_url():
                self.show_message("Set the server's address and your token in Settings… first.")
                return
            self.save_device_name()
            self.sync.sync_now()
            return
        folder = self.folder_edit.text().strip()
        if not folder:
            self.show_message("Choose the shared folder first (Choose…).")
            self.folder_edit.setFocus()
            return
        self.sync.set_folder(folder)
        self.save_device_name()
        self.sync.sync_now()

    def _show_target(self) -> None:
        """Say where Sync now goes; the folder field only matters for a shared folder."""
        if self.sync is None:
            return
        server = self.sync.mode() == SERVER
        if not self.folder_edit.hasFocus():
            self.folder_edit.setText(self.sync.folder())
        self.folder_edit.setEnabled(not server)
        self.choose_button.setEnabled(not server)
        url = self.sync.server_url() or "(no address yet)"
        self.target_label.setText(
            f"Through the team server {url}" if server else "Through a shared folder"
        )

    def show_message(self, text: str) -> None:
        """A line above the results (what to do next)."""
        self.message_label.setText(text)

    # -- results ----------------------------------------------------------------------------

    def show_report(self, report: SyncReport) -> None:
        """What the last sync did, line by line."""
        self.results.clear()
        for text, colour in report_lines(report):
            self._add_line(text, colour)
        self.show_message("")
        self.sync_button.setEnabled(True)
        self._load()
        if self.digest is not None and self.digest.isVisible() and report.applied_changes:
            self.digest.load()

    def show_error(self, error: BaseException) -> None:
        """A sync that could not run: why, and that nothing was changed by it."""
        self.results.clear()
        self._add_line(f"Sync failed: {error}", ERROR)
        self._add_line("Nothing was applied by this attempt; your edits are safe.", None)
        self.sync_button.setEnabled(True)

    def explain(self) -> None:
        """Before any sync: what the page is for and what to do."""
        self.results.clear()
        for text in SYNC_HELP:
            self._add_line(text, QUIET)

    def _add_line(self, text: str, colour: QColor | None) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if colour is not None:
            item.setForeground(QBrush(colour))
        self.results.addItem(item)

    def _started(self) -> None:
        self.sync_button.setEnabled(False)
        self.show_message("")

    def _status(self, text: str) -> None:
        if text != "Syncing…":
            self.last_label.setText(text)

    def _passphrase_changed(self, text: str) -> None:
        if self.sync is not None:
            self.sync.set_passphrase(text)

    def _decide(self, key: str, keep: bool) -> None:
        """Apply a held mass deletion, or keep its records (in the worker)."""
        from smartgrowth_desktop.services.deletions import HeldDeletionService

        held = HeldDeletionService(self.ctx.profile)
        work = (lambda: held.keep(key)) if keep else (lambda: held.apply(key))
        done = "The records were kept" if keep else "The deletions were applied"

        def finished(report: SyncReport) -> None:
            self.show_message(f"{done}: {report.summary()}.")
            self._load()

        self.ctx.operations.run(work, finished)

    def _load(self) -> None:
        if self.sync is None:
            return
        from smartgrowth_desktop.services.deletions import HeldDeletionService

        service = self.sync.service
        held = HeldDeletionService(self.ctx.profile)

        def read() -> tuple[str, dict[str, Any] | None, list[dict[str, Any]], list[HeldDeletion]]:
            return service.device_name(), service.last_sync(), service.peers(), held.held()

        self.ctx.operations.run(read, self._show_state)

    def _show_state(
        self, state: tuple[str, dict[str, Any] | None, list[dict[str, Any]], list[HeldDeletion]]
    ) -> None:
        name, last, peers, held = state
        names = {str(p["device"]): str(p.get("name") or p["device"])[:40] for p in peers}
        self.held_box.show_items(held, lambda device: names.get(device, device[:8]))
        if not self.device_edit.hasFocus():
            self.device_edit.setText(name)
        if last:
            when = local_time(str(last.get("at") or ""), with_day=True)
            outcome = "" if last.get("ok") else " (with problems)"
            self.last_label.setText(f"Last sync {when}{outcome}: {last.get('summary', '')}")
        self.peers.setRowCount(len(peers))
        self.peers_stack.setCurrentWidget(self.peers if peers else self.no_peers)
        for row, peer in enumerate(peers):
            ahead = int(peer.get("clock_ahead_ms") or 0)
            cells = (
                peer.get("name") or str(peer["device"])[:8],
                f"#{peer.get('applied_seq') or 0}",
                local_time(peer.get("last_applied_at"), with_day=True) or "—",
                f"{ahead // 60000} min ahead" if ahead > 60_000 else "OK",
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(peer["device"]))
                self.peers.setItem(row, column, cell)
