"""Reading changesets out of a store: opened, checked, and told apart.

A copy is either taken, still arriving (it waits, and is tried at the next sync),
damaged, or forged (not signed by its laptop's trusted key); the last two are refused
by name. Files are opened only when their names do not settle the question.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from smartgrowth_desktop.core.change_entry import ChangeEntry
from smartgrowth_desktop.sync.arrival import Incomplete, still_arriving
from smartgrowth_desktop.sync.authors import Trust
from smartgrowth_desktop.sync.changeset import TAG_LENGTH, Changeset, ChangesetError, decode
from smartgrowth_desktop.sync.crypto import TeamKey
from smartgrowth_desktop.sync.folder import Store
from smartgrowth_desktop.sync.frame import SEALED
from smartgrowth_desktop.sync.jail import LinkError
from smartgrowth_desktop.sync.layout import FileRef, Key
from smartgrowth_desktop.sync.report import FileProblem, SyncReport

PURPOSE = b"changeset"  # what a sealed changeset's key is derived for


@dataclass
class Reader:
    """Opens the changesets of one store, sealed with ``key`` (None: plain)."""

    store: Store
    key: TeamKey | None
    trust: Trust
    #: changesets read and parsed ahead (``read_ahead``), by path, until taken
    _ahead: dict[str, tuple[Changeset, list[ChangeEntry]]] = field(default_factory=dict, repr=False)

    def open(self, ref: FileRef) -> Changeset:
        """One copy, checked whole; ``Incomplete`` while it is still arriving."""
        try:
            data = self.store.read(ref.path)
        except LinkError as error:
            raise ChangesetError(error.reason) from None
        except OSError as error:  # gone since the scan, locked or not downloaded by a client
            raise Incomplete(f"cannot be read yet ({error.strerror or error})") from None
        try:
            if self.key is not None:
                return decode(self.key.open(data, PURPOSE))
            if data[:4] == SEALED:
                raise ChangesetError(
                    "sealed with a team key, but no team passphrase was given (wrong key)"
                )
            return decode(data)
        except ChangesetError as error:
            raise still_arriving(data) or error from None

    def genuine(self, copies: list[FileRef], report: SyncReport) -> list[FileRef]:
        """The copies signed by their laptop's trusted key; the others are refused by name,
        and copies still arriving are said to wait."""
        kept: list[FileRef] = []
        for ref in copies:
            path = self.path(ref)
            try:
                header = self.open(ref).header
            except Incomplete as error:
                report.waiting_files.append(FileProblem(path, error.reason))
                continue
            except ChangesetError as error:
                report.refuse_once(path, error.reason)
                continue
            why = self.trust.forgery(header)
            if why is None:
                kept.append(ref)
            else:
                report.refuse_once(path, why)
        return kept

    def take(
        self, k: Key, copies: list[FileRef], report: SyncReport
    ) -> tuple[Changeset, list[ChangeEntry]] | None:
        """The first copy of ``k`` that checks out, or None (each failure reported).

        A copy still arriving is not refused: it waits, and is tried at the next sync.
        """
        problems: list[FileProblem] = []
        arriving: list[FileProblem] = []
        for ref in copies:
            try:
                changeset, entries = self._ahead.pop(ref.path, None) or (self.open(ref), None)
                h = changeset.header
                if (h.device, h.first, h.last) != k or h.body_sha256[:TAG_LENGTH] != ref.tag:
                    raise ChangesetError("its content does not match its name (renamed?)")
                why = self.trust.forgery(h)
                if why is not None:
                    raise ChangesetError(why)
                return changeset, changeset.entries() if entries is None else entries
            except Incomplete as error:
                arriving.append(FileProblem(self.path(ref), error.reason))
            except ChangesetError as error:
                problems.append(FileProblem(self.path(ref), error.reason))
        report.errors.extend(problems)
        report.waiting_files.extend(arriving)
        return None

    def read_ahead(self, refs: Iterable[FileRef], stop: threading.Event, changes: int) -> None:
        """Read and parse ``refs`` in order for ``take`` to find ready, until ``stop`` is
        set or ``changes`` changes are read (on a thread, while a batch commits: see
        ``sync/batch.py``). A copy that cannot be read is left for ``take``, which tries
        it again and tells what is wrong; nothing is reported from here."""
        read = 0
        for ref in refs:
            if stop.is_set() or read >= changes:
                return
            if ref.path in self._ahead:
                continue
            try:
                changeset = self.open(ref)
                entries = changeset.entries()
            except Exception:
                continue
            self._ahead[ref.path] = (changeset, entries)
            read += len(entries)

    def forget_ahead(self) -> None:
        """Drop what was read ahead and not taken (a copy another one stood in for)."""
        self._ahead.clear()

    def path(self, ref: FileRef) -> str:
        return f"{self.store.label}/{ref.path}"
