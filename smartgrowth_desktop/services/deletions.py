"""Mass deletions received from a colleague, held until a person decides (sync/deletions.py).

Apply: the deletions happen (records go to the Trash, restorable). Keep: the changeset is
applied too, so that laptop's later changes are not stuck behind it, and the records it
deleted are restored at once, by this laptop, a change that syncs back to everyone.
"""

from __future__ import annotations

from smartgrowth_desktop.core.errors import NotFoundError
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync import deletions
from smartgrowth_desktop.sync.deletions import HeldDeletion
from smartgrowth_desktop.sync.engine import SyncEngine
from smartgrowth_desktop.sync.report import SyncReport


class HeldDeletionService:
    """List, apply or refuse the deletions held for this person's confirmation."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def held(self) -> list[HeldDeletion]:
        with self.profile.database.connection() as conn:
            return deletions.held(conn)

    def threshold(self) -> int:
        with self.profile.database.connection() as conn:
            return deletions.threshold(conn)

    def set_threshold(self, value: int) -> None:
        with self.profile.database.connection(immediate=True) as conn:
            deletions.set_threshold(conn, value)

    def apply(self, held_id: str) -> SyncReport:
        """Let the held changeset delete what it deletes; returns what applying did."""
        self._confirm(held_id)
        return self._apply_now()

    def keep(self, held_id: str) -> SyncReport:
        """Apply the held changeset, then restore every record it deleted."""
        held = self._confirm(held_id)
        report = self._apply_now()
        records = RecordService(self.profile)
        for kind, record_id in held.records:
            records.restore(kind, record_id)
        return report

    def _confirm(self, held_id: str) -> HeldDeletion:
        device, _, first = held_id.rpartition(":")
        with self.profile.database.connection(immediate=True) as conn:
            found = deletions.confirm(conn, device, int(first)) if first.isdigit() else None
        if found is None:
            raise NotFoundError(f"no deletion held with id {held_id!r} (see 'deletions')")
        return found

    def _apply_now(self) -> SyncReport:
        name = SyncService(self.profile).device_name()
        engine = SyncEngine(self.profile.database, self.profile.attachments_dir, name)
        report = SyncReport(target="held deletions")
        engine.apply_held(report)
        return report
