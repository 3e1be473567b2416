"""Sync use cases: a shared folder, bundle files, the device's name, the last result.

The window runs these in a worker: ``progress(message, done, total)`` is called as work
goes on and ``cancelled()`` is checked between files; a cancelled sync keeps what it
finished and the next one goes on from there. Conflicts are handled by
``ConflictService`` (also reachable from here for the status bar's badge).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core.device import DeviceState, write_state
from smartgrowth_desktop.services.conflicts import Conflict, ConflictService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.quiet_sync import DEVICE_NAME as DEVICE_NAME
from smartgrowth_desktop.services.quiet_sync import LAST_SYNC as LAST_SYNC
from smartgrowth_desktop.services.quiet_sync import SHARED_FOLDER as SHARED_FOLDER
from smartgrowth_desktop.services.quiet_sync import device_name, last_sync, now
from smartgrowth_desktop.sync import state
from smartgrowth_desktop.sync.bundle import BundleReader, BundleWriter
from smartgrowth_desktop.sync.engine import SyncEngine
from smartgrowth_desktop.sync.folder import FolderStore
from smartgrowth_desktop.sync.identity import Signer
from smartgrowth_desktop.sync.report import (
    Cancelled,
    Progress,
    SyncCancelled,
    SyncError,
    SyncReport,
)


class SyncService:
    """Sync this profile with colleagues' through a folder or bundle files."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.conflicts = ConflictService(profile)

    # -- syncing ----------------------------------------------------------------------------

    def sync_folder(
        self,
        folder: Path | str,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        passphrase: str | None = None,
    ) -> SyncReport:
        """Publish this laptop's changes into ``folder`` and take in everyone else's (the
        folder becomes the profile's shared folder: the window's default too)."""
        report = SyncReport(target=str(folder))
        self.set_folder(str(folder))
        try:
            store = FolderStore(Path(folder))
            self._engine(progress, cancelled).run(store, passphrase, True, report)
        except OSError as error:
            failure = SyncError(f"sync with {folder} stopped: {error}")
            self._remember(report, failure)
            raise failure from error
        except Exception as error:
            self._remember(report, error)
            raise
        return self._remember(report)

    def sync_server(
        self,
        url: str,
        token: str,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        passphrase: str | None = None,
    ) -> SyncReport:
        """The same sync through a team sync server (``url``, a person's ``token``).

        Uploads are signed with this laptop's device key: the server lets no one else
        upload under its device id.
        """
        report = SyncReport(target=url)
        try:
            from smartgrowth_desktop.sync.http_store import HttpStore  # httpx: on use

            with self.profile.database.connection(immediate=True) as conn:
                device, signer = DeviceState.load(conn).device_id, Signer.load(conn)
            with HttpStore(url, token, device=device, signer=signer) as store:
                try:
                    self._engine(progress, cancelled).run(store, passphrase, True, report)
                finally:  # uploads the server refused one by one (quarantine, quota…)
                    report.errors.extend(store.refused)
                    report.waiting.extend(store.deferred)
        except Exception as error:
            self._remember(report, error)
            raise
        return self._remember(report)

    def export_bundle(
        self,
        path: Path | str,
        passphrase: str | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> SyncReport:
        """Write one file with every changeset this laptop holds (its own and relayed)."""
        report = SyncReport(target=str(path))
        store = BundleWriter(Path(path))
        complete = False
        try:
            self._engine(progress, cancelled).export(store, passphrase, report)
            complete = True
        except SyncCancelled:
            report.cancelled = True
            return report
        except OSError as error:
            raise SyncError(f"cannot write the bundle {path}: {error}") from error
        finally:
            store.close(keep=complete)  # a half-written bundle never stays behind
        report.finished_at = now()
        return report

    def import_bundle(
        self,
        path: Path | str,
        passphrase: str | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> SyncReport:
        """Take in a bundle from a colleague, with the same checks as a folder."""
        report = SyncReport(target=str(path))
        store = BundleReader(Path(path))
        try:
            self._engine(progress, cancelled).run(store, passphrase, False, report)
        except OSError as error:
            raise SyncError(f"cannot take in the bundle {path}: {error}") from error
        finally:
            store.close()
        return self._remember(report)

    def _engine(self, progress: Progress | None, cancelled: Cancelled | None) -> SyncEngine:
        return SyncEngine(
            self.profile.database,
            self.profile.attachments_dir,
            device_name=self.device_name(),
            progress=progress,
            cancelled=cancelled,
        )

    @staticmethod
    def check_server(url: str, token: str) -> dict[str, Any]:
        """Reach the server with ``token`` once ("Test connection"); raises ``SyncError``."""
        from smartgrowth_desktop.sync.http_store import HttpStore  # httpx: on use

        with HttpStore(url, token, timeout=10.0, retries=0) as store:
            return store.whoami()

    # -- what the window shows ------------------------------------------------------------------

    def device_name(self) -> str:
        """How this laptop is named to colleagues (default: user on host)."""
        return device_name(self.profile.settings(), self.profile.author)

    def set_device_name(self, name: str) -> None:
        """Rename this laptop for colleagues (travels with the next changesets)."""
        with self.profile.database.connection(immediate=True) as conn:
            write_state(conn, {DEVICE_NAME: name.strip()})

    def folder(self) -> str:
        """The shared folder of this profile ("" before one is chosen): one setting for
        the window and ``smartgrowth-cli sync --folder``."""
        return self.profile.settings().get(SHARED_FOLDER) or ""

    def set_folder(self, folder: str) -> None:
        """Remember ``folder`` as this profile's shared folder."""
        folder = folder.strip()
        if folder != self.folder():
            with self.profile.database.connection(immediate=True) as conn:
                write_state(conn, {SHARED_FOLDER: folder})

    def last_sync(self) -> dict[str, Any] | None:
        """When the last sync ran, against what, and how it went (None before the first)."""
        stored = self.profile.settings().get(LAST_SYNC)
        return json.loads(stored) if stored else None

    def peers(self) -> list[dict[str, Any]]:
        """Every other device heard from: name, last sequence applied, clock ahead."""
        with self.profile.database.connection() as conn:
            names = state.device_names(conn)
            me = conn.exec_driver_sql("SELECT value FROM local_state WHERE key = 'device_id'")
            own = me.scalar()
            rows = conn.exec_driver_sql(
                "SELECT device_id, applied_seq, clock_ahead_ms, last_applied_at FROM sync_peers"
            ).all()
        return [
            {
                "device": r[0],
                "name": names.get(r[0]),
                "applied_seq": r[1],
                "clock_ahead_ms": r[2],
                "last_applied_at": r[3],
            }
            for r in rows
            if r[0] != own
        ]

    def conflict_count(self) -> int:
        """Open conflicts (the badge)."""
        return self.conflicts.count()

    def list_conflicts(self) -> list[Conflict]:
        """Every open conflict with all its values."""
        return self.conflicts.list()

    def resolve(self, conflict_id: str, keep: str) -> Conflict:
        """Settle a conflict (``keep``: mine, theirs or a value); see ``ConflictService``."""
        return self.conflicts.resolve(conflict_id, keep)

    def _remember(self, report: SyncReport, error: BaseException | None = None) -> SyncReport:
        report.finished_at = now()
        if error is None:
            report.open_conflicts = self.conflict_count()
        try:
            with self.profile.database.connection(immediate=True) as conn:
                write_state(conn, {LAST_SYNC: last_sync(report, error)})
        except Exception:
            if error is None:
                raise
        return report
