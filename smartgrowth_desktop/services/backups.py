"""Backups of a profile as the window asks for them: the day's, one now, the list, a restore.

A restore replaces the profile's database file; the profile then opens it anew (migrated
if the backup is older), and whoever listened to the old database's writes is told of
the new one's (``listeners``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.backup import (
    BackupInfo,
    Progress,
    RestoreReport,
    create_backup,
    daily_backup,
    list_backups,
)
from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.core.restore import restore_backup
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.profile import Profile

Listener = Callable[[WriteSummary], None]
__all__ = ["BackupInfo", "BackupService", "RestoreReport", "everything_changed"]


def everything_changed() -> WriteSummary:
    """What a restore changed: every kind, no record named (lists load again)."""
    return WriteSummary(records={kind: set() for kind in KINDS})


class BackupService:
    """Backs up and restores one profile."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def daily(self) -> BackupInfo | None:
        """The day's backup, unless one was taken today."""
        return daily_backup(self.profile.folder, key=self.profile.database_key)

    def back_up_now(self) -> BackupInfo:
        """A backup in the profile's backups folder, now."""
        return create_backup(self.profile.folder, key=self.profile.database_key)

    def backups(self) -> list[BackupInfo]:
        """The profile's backups, newest first."""
        return list_backups(self.profile.folder)

    def restore(
        self, path: Path, progress: Progress | None = None, listeners: Iterable[Listener] = ()
    ) -> RestoreReport:
        """Replace the profile by the backup at ``path``, then open its database anew."""
        key = self.profile.database_key
        with self.profile.database.connection() as conn:
            erased = erasure.erased(conn)  # a backup from before an erasure forgets again
        report = restore_backup(self.profile.folder, path, progress=progress, key=key)
        old = self.profile.database
        fresh = Database(old.path, key=key)
        for listener in listeners:
            fresh.subscribe(listener)
        self.profile.database = fresh
        old.close()
        from smartgrowth_desktop.services.erasure import reapply

        reapply(self.profile, erased)
        return report
