"""Applying held changesets: in causal order, one transaction each, refusing bad ones.

A changeset is ready when it follows the last one applied from its device and every
changeset it depends on (its ``deps``) has been applied; until then it waits, without
error. Applying also advances that device's progress, in the same transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError, StatementError

from smartgrowth_desktop.core import erasure, travel_state
from smartgrowth_desktop.core.change_entry import ChangeEntry
from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.sync import authors, blobs, deletions, redaction, state
from smartgrowth_desktop.sync.batch import Batch, Pending
from smartgrowth_desktop.sync.carried import carried, carried_blobs
from smartgrowth_desktop.sync.changeset import Changeset, ChangesetError, decode, file_name
from smartgrowth_desktop.sync.identity import Signer
from smartgrowth_desktop.sync.report import SyncCancelled, SyncError, SyncReport
from smartgrowth_desktop.sync.state import Held

if TYPE_CHECKING:
    from smartgrowth_desktop.core.merge import ApplyResult


def _is_the_files_fault(error: Exception) -> bool:
    """Whether an error applying a changeset comes from its content, not this laptop.

    A locked database, a full disk or a cancelled sync stop the sync; anything else a
    changeset's content can provoke (a value no column takes, a number out of range,
    nesting too deep, a bug of ours a peer's data triggers) sets that one file aside.
    """
    return not isinstance(
        error, OperationalError | OSError | ProfileError | SyncCancelled | SyncError
    )


def _top(conn: Connection) -> int:
    """The last sequence this device has used."""
    return DeviceState.load(conn).next_seq - 1


def _cannot_apply(error: BaseException) -> str:
    """Why a changeset could not be applied, in words (never the SQL statement)."""
    if isinstance(error, StatementError):
        detail = str(error.orig) if error.orig is not None else type(error).__name__
        why = f"this laptop's database refused one of its changes ({detail})"
    else:
        why = f"one of its changes holds a value this version cannot store ({error})"
    return (
        f"{why[:300]}; nothing of it was applied and this laptop's data is unchanged; "
        "it is tried again at the next sync"
    )


class Applier:
    """Applies changesets for one profile; ``label`` names devices, ``check`` may cancel."""

    def __init__(
        self,
        database: Database,
        attachments: Path,
        me: str,
        label: Callable[[str], str],
        check: Callable[[str, int, int], None],
    ) -> None:
        self.database = database
        self.attachments = attachments
        self.me = me
        self._label = label
        self._check = check
        self._awaiting: set[tuple[str, int]] = set()
        #: travel mode: received changes left on the sync target (not carried here)
        self.not_carried = 0
        #: False while a sync runs: received changesets are applied without syncing each
        #: commit to the disk (they can be fetched again; the engine syncs once at the end)
        self.durable = True
        #: whether a commit since the last ``make_durable`` was not synced
        self.unsynced = False
        #: while receiving: the transaction changesets share (``sync/batch.py``)
        self.batch: Batch | None = None

    def keep(
        self,
        changeset: Changeset,
        entries: list[ChangeEntry],
        origin: str,
        path: str,
        report: SyncReport,
    ) -> Held | None:
        """Hold a received changeset, applying it in the same transaction when it is ready
        (in the open ``batch``, if any: told in the report once that is committed)."""
        if self.batch is not None:
            return self._keep_in_batch(self.batch, changeset, entries, origin, path, report)
        try:
            with self._transaction() as conn:
                held, result = self._hold(conn, changeset, entries, origin)
        except Exception as error:
            if not _is_the_files_fault(error):
                raise
            report.refuse(path, _cannot_apply(error))
            return None
        report.received += 1
        if result is not None:
            self.count(result, report, path)
        return held

    def _hold(
        self, conn: Connection, changeset: Changeset, entries: list[ChangeEntry], origin: str
    ) -> tuple[Held, ApplyResult | None]:
        held = state.store(conn, changeset, applied=False, origin=origin)
        authors.pin(conn, changeset.header)
        ready = self._ready(held, state.progress(conn), _top(conn))
        if ready and deletions.hold_if_needed(conn, changeset.header, entries):
            self._awaiting.add((held.device, held.first))
            ready = False
        return held, self._merge(conn, changeset, entries) if ready else None

    def _keep_in_batch(
        self,
        batch: Batch,
        changeset: Changeset,
        entries: list[ChangeEntry],
        origin: str,
        path: str,
        report: SyncReport,
    ) -> Held | None:
        if batch.full:
            self.settle(report)
        if not self.durable:
            self.unsynced = True
        try:
            held, result = self._hold(batch.connection(), changeset, entries, origin)
        except Exception as error:
            if not _is_the_files_fault(error):
                raise  # the engine rolls the batch back
            # the transaction holds part of this changeset: undo the batch, and apply its
            # changesets again one by one (this one is refused there, as it would be alone)
            self.batch = None
            try:
                for again in batch.rollback(error):
                    self.keep(again.changeset, again.entries, again.origin, again.path, report)
                return self.keep(changeset, entries, origin, path, report)
            finally:
                self.batch = batch
        batch.add(Pending(changeset, entries, origin, path, result))
        return held

    def settle(self, report: SyncReport) -> None:
        """Commit the open batch, then tell what its changesets did."""
        if self.batch is None:
            return
        for done in self.batch.commit():
            report.received += 1
            if done.result is not None:
                self.count(done.result, report, done.path)

    def _transaction(self) -> contextlib.AbstractContextManager[Connection]:
        """A write transaction applying received changes (synced to the disk or not)."""
        if not self.durable:
            self.unsynced = True
        return self.database.connection(immediate=True, durable=self.durable)

    def make_durable(self) -> None:
        """Sync to the disk what was applied without syncing (the end of a sync)."""
        if self.unsynced:
            self.database.make_durable()
            self.unsynced = False

    def apply_waiting(self, report: SyncReport) -> None:
        """Apply every held changeset that became ready; list those still waiting."""
        while True:
            with self.database.connection() as conn:
                waiting = state.held(conn, waiting_only=True)
                progress = state.progress(conn)
                top = _top(conn)
                held_back = deletions.held(conn)
            self._awaiting = {(h.device, h.first) for h in held_back}
            ready = [h for _, h in sorted(waiting.items()) if self._ready(h, progress, top)]
            if not ready:
                report.waiting = [
                    self._why_waiting(h, progress)
                    for h in waiting.values()
                    if (h.device, h.first) not in self._awaiting
                ]
                report.held_deletions = [d.describe(self._label(d.device)) for d in held_back]
                return
            for done, h in enumerate(ready):
                self._check("applying changes", done, len(ready))
                self._apply(h, report)

    def _ready(self, h: Held, progress: dict[str, int], top: int) -> bool:
        if h.device == self.me or h.first != progress.get(h.device, 0) + 1:
            return False
        if (h.device, h.first) in self._awaiting:  # many deletions: a person decides
            return False
        return all(
            (seq <= top) if device == self.me else progress.get(device, 0) >= seq
            for device, seq in h.deps.items()
        )

    def _why_waiting(self, h: Held, progress: dict[str, int]) -> str:
        what = f"changes {h.first}–{h.last} from {self._label(h.device)}"
        have = progress.get(h.device, 0)
        if (h.device, have + 1) in self._awaiting:
            return f"{what} wait behind its deletions held for you to confirm"
        if h.first > have + 1:
            return f"{what} wait for its changes {have + 1}–{h.first - 1} (not here yet)"
        deps = sorted(h.deps.items())
        missing = [f"{self._label(d)} up to {s}" for d, s in deps if progress.get(d, 0) < s]
        return f"{what} wait for changes of {', '.join(missing) or 'this laptop'}"

    def _apply(self, h: Held, report: SyncReport) -> None:
        path = f"devices/{h.device}/{file_name(h.first, h.last, h.body_sha256)}"
        try:
            with self._transaction() as conn:
                found = state.held_data(conn, h.device, h.first)
                have = state.progress(conn).get(h.device, 0)
                if found is None or found[1] or have != h.first - 1:
                    return  # another sync got there first
                changeset = decode(found[0])
                entries = changeset.entries()
                if deletions.hold_if_needed(conn, changeset.header, entries):
                    self._awaiting.add((h.device, h.first))
                    return
                result = self._merge(conn, changeset, entries)
        except ChangesetError as error:
            self._refuse(h, path, error.reason, report)
        except Exception as error:
            if not _is_the_files_fault(error):
                raise
            self._refuse(h, path, _cannot_apply(error), report)
        else:
            self.count(result, report, path)

    def _merge(
        self, conn: Connection, changeset: Changeset, entries: list[ChangeEntry]
    ) -> ApplyResult:
        """Apply a changeset's entries and advance its device's progress (caller's txn)."""
        header = changeset.header
        gone: set[str] = set()
        if header.erased:  # a version with an erased person's values taken out
            gone = erasure.forget(conn, dict(header.erased))
        travelling = travel_state.filtering(conn)
        left = 0
        if travelling:  # only the carried records' changes (sync/carried.py)
            entries, left = carried(conn, entries)
        from smartgrowth_desktop.core.merge import Merger  # the writer and models: only to apply

        result = Merger(conn, DeviceState.load(conn)).apply(entries)
        self.not_carried += left
        if header.erased:
            result.erased.update(dict(header.erased))
            result.erased_blobs |= gone
        if result.erased or result.redacted:  # the changesets held here forget them too
            redaction.redact_held(conn, self.me, Signer.load(conn))
            result.erased_blobs = erasure.unused(conn, result.erased_blobs)
        state.mark_applied(conn, header, result.drift_ms.get(header.device))
        wanted = [b for b in header.blobs if not blobs.has_local(self.attachments, b)]
        if travelling:  # its content leaves with the records it was not applied to
            state.trim(conn, header.device, header.first)
            wanted = carried_blobs(conn, wanted)
        if wanted:
            state.want_blobs(conn, wanted)
        return result

    def count(self, result: ApplyResult, report: SyncReport, path: str) -> None:
        """Add what applying one changeset did to the report (and delete the files of an
        erased person's attachments, now that it is committed)."""
        if result.erased_blobs:
            blobs.remove_local(self.attachments, result.erased_blobs)
        report.erased += len([k for k in result.erased.values() if k != "attachment"])
        report.applied += 1
        report.applied_changes += result.applied
        report.duplicates += result.skipped
        report.conflicts_raised += len(result.conflicts)
        report.changed_kinds.update(result.records)
        for kind, ids in result.records.items():
            report.changed_records.setdefault(kind, set()).update(ids)
        for device, ahead in result.drift_ms.items():
            report.clocks_ahead[device] = max(ahead, report.clocks_ahead.get(device, 0))
        for device, count in result.forks.items():
            report.cloned.append(
                f"{self._label(device)} sent {count} change(s) we already had with a different "
                f"content (in {path}): two laptops share that device's identity"
            )

    def _refuse(self, h: Held, path: str, reason: str, report: SyncReport) -> None:
        with self.database.connection(immediate=True) as conn:
            state.forget(conn, h.device, h.first)
        report.refuse(path, reason)
