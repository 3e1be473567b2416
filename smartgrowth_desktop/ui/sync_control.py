"""The window's side of sync: one controller shared by the action, the pages, the status bar.

It remembers where to sync (``sync/mode``: a shared folder, kept in the profile where
``smartgrowth-cli sync --folder`` keeps it too, or a team server at ``sync/server_url``,
in the window settings), keeps the team passphrase in memory
only, runs a sync in the worker behind a cancellable progress dialog, announces what
changed on the bus so open pages refresh, and keeps the count of open conflicts for the
badge. A server token is kept by ``services.sync_token`` (OS keyring, else a 0600 file in
the profile folder), read and written in the worker, never in the window settings.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.errors import NotFoundError
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services import sync_token
from smartgrowth_desktop.services.conflicts import Conflict
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.report import SyncError, SyncReport
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.options import SYNC_FOLDER, SYNC_MODE, SYNC_SERVER
from smartgrowth_desktop.ui.progress import ProgressTask

FOLDER, SERVER = "folder", "server"
_NAME_FIELDS = ("family_name", "given_name", "name_order", "romanized_name", "native_name")


def local_time(stamp: str | None, with_day: bool = False) -> str:
    """An ISO time stamp as local ``HH:MM`` (or ``12 Mar 14:05``); ``""`` if unreadable."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    if moment.tzinfo is None:  # the database keeps naive UTC times
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone()
    today = datetime.now().astimezone().date()
    if with_day and moment.date() != today:
        return moment.strftime("%d %b %H:%M")
    return moment.strftime("%H:%M")


def status_text(report: SyncReport) -> str:
    """The status bar's line after a sync."""
    if report.cancelled:
        return f"Sync cancelled {local_time(report.finished_at)} · what was done is kept"
    text = f"Synced {local_time(report.finished_at)} · {report.applied_changes} new"
    if report.waiting_files:
        text += f" · {report.waiting_for()}"
    if report.errors:
        text += f" · {len(report.errors)} file(s) refused"
    if report.cloned:
        text += " · cloned profile!"
    return text


def stored_status(last: dict[str, Any] | None) -> str:
    """The status bar's line at start-up, from ``SyncService.last_sync()``."""
    if not last:
        return "Never synced"
    when = local_time(str(last.get("at") or ""), with_day=True)
    if last.get("ok"):
        return f"Last synced {when}"
    return f"Sync failed {when}: {last.get('summary', '')}".strip()


def token_saved_for(url: str, folder: Path) -> str:
    """The token kept for ``url``; raises ``SyncError`` saying where to give one."""
    saved = sync_token.load(url, folder)
    if saved is None:
        raise SyncError(f"no token saved for {url}: paste yours in Settings → Sync")
    return saved.token


def _named(records: RecordService, conflict: Conflict) -> Conflict:
    """A contact's conflict labelled with the person's name as lists show it."""
    if conflict.kind != "contact":
        return conflict
    try:
        record = records.get("contact", conflict.record_id)
    except NotFoundError:
        return conflict
    row = {name: getattr(record, name, None) for name in _NAME_FIELDS}
    return replace(conflict, label=contact_display_name(row))


class SyncController(QObject):
    """Runs syncs and conflict resolutions for the window; tells everyone how they went."""

    started = Signal()
    finished = Signal(object)  # SyncReport
    failed = Signal(object)  # BaseException
    status_changed = Signal(str)
    conflicts_changed = Signal(int)
    settings_changed = Signal()  # the folder, server or mode may have changed
    settings_requested = Signal()  # the Sync page's "Settings…" button

    def __init__(self, ctx: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.service = SyncService(ctx.profile)
        self.passphrase: str | None = None  # this session only
        self.last_report: SyncReport | None = None
        self.last_error: BaseException | None = None
        self.conflict_count = 0
        self.task: ProgressTask | None = None
        #: the profile's shared folder; until ``load`` has read it, the one this window
        #: kept in its own settings before the profile did (moved there by ``load``)
        self._folder = SYNC_FOLDER.read(ctx.settings)
        ctx.bus.changed.connect(self._on_changed)

    # -- settings ---------------------------------------------------------------------------

    def folder(self) -> str:
        """The profile's shared folder (``""`` if none), as read by ``load``."""
        return self._folder

    def set_folder(self, path: str) -> None:
        """Remember the shared folder in the profile (in the worker), for the window and
        the CLI alike."""
        path = path.strip()
        if path == self._folder:
            return
        self._folder = path
        service = self.service
        self.ctx.operations.run(lambda: service.set_folder(path))

    def mode(self) -> str:
        """``"folder"`` or ``"server"``: where Sync now goes."""
        return SERVER if SYNC_MODE.read(self.ctx.settings) == SERVER else FOLDER

    def set_mode(self, mode: str) -> None:
        SYNC_MODE.write(self.ctx.settings, SERVER if mode == SERVER else FOLDER)

    def server_url(self) -> str:
        """The team server's address chosen last (``""`` if none)."""
        return SYNC_SERVER.read(self.ctx.settings)

    def set_server_url(self, url: str) -> None:
        SYNC_SERVER.write(self.ctx.settings, url.strip().rstrip("/"))

    def target(self) -> str:
        """The folder or server address Sync now would use (``""`` if not chosen yet)."""
        return self.server_url() if self.mode() == SERVER else self.folder()

    def saved_token(self, url: str, done: Callable[[str | None], None]) -> None:
        """Where a token for ``url`` is kept (``"keyring"``, ``"file"``) or None, in the worker."""
        folder = self.ctx.profile.folder

        def read() -> str | None:
            saved = sync_token.load(url, folder)
            return saved.where if saved else None

        self.ctx.operations.run(read, done)

    def save_token(
        self,
        url: str,
        token: str,
        done: Callable[[str], None],
        failure: Callable[[BaseException], None],
    ) -> None:
        """Keep ``token`` for ``url`` (keyring, else a private file); ``done(where)``."""
        folder = self.ctx.profile.folder
        self.ctx.operations.run(lambda: sync_token.save(url, token, folder).where, done, failure)

    def test_connection(
        self,
        url: str,
        token: str,
        done: Callable[[dict[str, Any]], None],
        failure: Callable[[BaseException], None],
    ) -> None:
        """Reach the server once in the worker (an empty ``token``: the saved one)."""
        folder = self.ctx.profile.folder

        def check() -> dict[str, Any]:
            from smartgrowth_desktop.sync.http_store import check_url  # httpx: on use

            address = check_url(url)
            return SyncService.check_server(address, token or token_saved_for(address, folder))

        self.ctx.operations.run(check, done, failure)

    def deletion_threshold(self, done: Callable[[int], None]) -> None:
        """How many records one colleague's changeset may delete before it waits for this
        person (0: never held), read in the worker."""
        from smartgrowth_desktop.services.deletions import HeldDeletionService

        service = HeldDeletionService(self.ctx.profile)
        self.ctx.operations.run(service.threshold, done)

    def set_deletion_threshold(self, value: int) -> None:
        """Keep the threshold in the profile (the CLI's ``deletions threshold`` too)."""
        from smartgrowth_desktop.services.deletions import HeldDeletionService

        service = HeldDeletionService(self.ctx.profile)
        self.ctx.operations.run(lambda: service.set_threshold(value))

    def set_passphrase(self, passphrase: str) -> None:
        """Use this team passphrase until the app closes (empty: none)."""
        self.passphrase = passphrase or None

    @property
    def running(self) -> bool:
        return self.task is not None

    # -- work -------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the stored last sync and the conflict count (start-up)."""
        service, kept = self.service, self._folder

        def read() -> tuple[str, int, str]:
            folder = service.folder()
            if kept and not folder:  # chosen in a window before the profile kept it
                service.set_folder(kept)
                folder = kept
            return stored_status(service.last_sync()), service.conflict_count(), folder

        def show(result: tuple[str, int, str]) -> None:
            self.ctx.settings.remove(SYNC_FOLDER.key)  # the profile keeps it from now on
            if result[2] != self._folder:
                self._folder = result[2]
                self.settings_changed.emit()
            self.status_changed.emit(result[0])
            self._set_count(result[1])

        self.ctx.operations.run(read, show)

    def sync_now(self) -> ProgressTask | None:
        """Sync with the chosen folder or server in the background (None if none, or running)."""
        target, mode = self.target(), self.mode()
        if not target or self.task is not None:
            return None
        task = ProgressTask(self.ctx, self.window, "Sync", f"Syncing with {target}…")
        self.task = task
        service, passphrase, folder = self.service, self.passphrase, self.ctx.profile.folder

        def progress(message: str, done: int, total: int) -> None:
            task.report_fraction(done / total if total else 0.0, message)

        def work(_report: Callable[[int, int], None]) -> SyncReport:
            if mode == SERVER:
                token = token_saved_for(target, folder)
                return service.sync_server(target, token, progress, task.stopped, passphrase)
            return service.sync_folder(target, progress, task.stopped, passphrase)

        self.started.emit()
        self.status_changed.emit("Syncing…")
        task.start(work, self._done, self._failed)
        return task

    def _done(self, report: SyncReport) -> None:
        self.task = None
        self.last_report, self.last_error = report, None
        if report.changed_kinds:
            changed: dict[str, set[uuid.UUID]] = {kind: set() for kind in report.changed_kinds}
            for kind, ids in report.changed_records.items():
                changed.setdefault(kind, set()).update(ids)
            self.ctx.bus.announce(WriteSummary(records=changed))
        self.status_changed.emit(status_text(report))
        self._set_count(report.open_conflicts)
        self.finished.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.last_report, self.last_error = None, error
        self.status_changed.emit(f"Sync failed: {error}")
        self.failed.emit(error)
        self.refresh_count()

    def list_conflicts(self, done: Callable[[list[Conflict]], None]) -> None:
        """Read the open conflicts in the worker; ``done(conflicts)`` on the GUI thread."""
        service, records = self.service, self.ctx.records

        def read() -> list[Conflict]:
            return [_named(records, c) for c in service.list_conflicts()]

        def shown(conflicts: list[Conflict]) -> None:
            self._set_count(len(conflicts))
            done(conflicts)

        self.ctx.operations.run(read, shown)

    def resolve(
        self, conflict_id: str, keep: str, failure: Callable[[BaseException], None]
    ) -> None:
        """Settle a conflict in the worker; the badge and pages follow."""
        service = self.service
        self.ctx.operations.run(
            lambda: service.resolve(conflict_id, keep), lambda _c: self.refresh_count(), failure
        )

    def refresh_count(self) -> None:
        """Count the open conflicts again (in the worker)."""
        self.ctx.operations.run(self.service.conflict_count, self._set_count)

    def _set_count(self, count: int) -> None:
        changed = count != self.conflict_count
        self.conflict_count = count
        if changed:
            self.conflicts_changed.emit(count)

    def _on_changed(self, _summary: WriteSummary) -> None:
        # Editing a conflicting field in the app settles it: count again while any is open.
        if self.conflict_count:
            self.refresh_count()
