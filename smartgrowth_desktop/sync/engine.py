"""One sync against a store (a folder or a bundle): cut, publish, receive, apply, blobs.

1. **Cut**: this device's changes not yet in a changeset become new changesets, kept in
   the profile (one transaction each), so a file's content never changes once decided.
2. **Publish**: every changeset held here that the store lacks is written: our own under
   ``devices/<me>/``, others' under ``devices/<me>/relay/<origin>/`` (a stick carries
   A → B → C).
3. **Receive**: changesets in the store not held here are read, opened, verified and
   kept; a bad one is refused whole with the reason, the others go on.
4. **Apply**: held changesets are applied in causal order, each in one transaction that
   also advances that device's progress; one whose dependencies are missing waits.
5. **Blobs**: attachment contents follow their changesets.

Killed at any point, the next run picks up where this one stopped: every step is either
one transaction or a write-once file, and re-applying anything is a no-op.
"""

from __future__ import annotations

import contextlib
import json
import threading
from functools import partial
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.blob_seal import blob_key
from smartgrowth_desktop.core.collector import collector_paused
from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.core.device import DeviceState, read_state, write_state
from smartgrowth_desktop.core.references import unlinked
from smartgrowth_desktop.sync import authors, blobs, healing, homecoming, redaction, state
from smartgrowth_desktop.sync.applier import Applier
from smartgrowth_desktop.sync.authors import Trust
from smartgrowth_desktop.sync.batch import CHANGES as BATCH_CHANGES
from smartgrowth_desktop.sync.batch import Batch
from smartgrowth_desktop.sync.changeset import decode, encode, raw_line
from smartgrowth_desktop.sync.copies import check_copies, disagree
from smartgrowth_desktop.sync.crypto import TEAM_FILE, TeamKey, team_kid
from smartgrowth_desktop.sync.folder import Store
from smartgrowth_desktop.sync.forks import ForkKeeper, aliases, claimed
from smartgrowth_desktop.sync.identity import Signer
from smartgrowth_desktop.sync.jail import LinkError
from smartgrowth_desktop.sync.layout import FileRef, Key, Listing, changeset_path
from smartgrowth_desktop.sync.reader import PURPOSE, Reader
from smartgrowth_desktop.sync.report import (
    Cancelled,
    FileProblem,
    Progress,
    SyncCancelled,
    SyncReport,
)
from smartgrowth_desktop.sync.state import Held
from smartgrowth_desktop.sync.team import team_key
from smartgrowth_desktop.sync.versions import Versions

MAX_CHANGES = 5000  # per changeset
TEAM_DOCUMENT = "team_document"  # the team.json of a team that encrypts (holds no secret)


def _attachment_hashes(rows: list[tuple[Any, ...]]) -> list[str]:
    """The contents the attachments created in these change-log rows refer to."""
    found = (json.loads(r[6]) for r in rows if r[2] == "attachment" and r[4] == "content_hash")
    return [h for h in found if isinstance(h, str)]


def _read_ahead(
    reader: Reader, listing: Listing, fresh: list[Key], start: int, stop: threading.Event
) -> None:
    """Read ahead the first copy of each of ``fresh[start:]``, up to a batch's changes."""
    refs = (listing.changesets[k][0] for k in fresh[start:] if listing.changesets[k])
    reader.read_ahead(refs, stop, BATCH_CHANGES)


def _duration(ms: int) -> str:
    hours, minutes = divmod(ms // 60_000, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


class SyncEngine:
    """Runs syncs for one profile database."""

    def __init__(
        self,
        database: Database,
        attachments: Path,
        device_name: str | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        self.database = database
        self.attachments = attachments
        self.device_name = device_name
        self._progress = progress
        self._cancelled = cancelled
        self.me = ""
        self._names: dict[str, str] = {}
        self._trust = Trust(self._label)
        self._old_kid: str | None = None
        self._applier = Applier(database, attachments, "", self._label, self._check)
        self._forks = ForkKeeper(database, attachments, self._label, self._applier.count)
        self._versions = Versions(database, attachments, self._published_as)
        self._aliases: dict[str, str] = {}

    # -- the whole run -------------------------------------------------------------------

    def run(self, store: Store, passphrase: str | None, publish: bool, report: SyncReport) -> None:
        """Sync with ``store``; ``publish`` False only reads (a bundle being imported)."""
        with collector_paused():  # receiving makes many objects, none in cycles
            self._applier.durable = False
            try:
                self._run(store, passphrase, publish, report)
            except BaseException:
                self._applier.durable = True
                with contextlib.suppress(Exception):  # the first error is the one to tell
                    self._applier.make_durable()
                raise
            self._applier.durable = True
            self._applier.make_durable()

    def _run(self, store: Store, passphrase: str | None, publish: bool, report: SyncReport) -> None:
        try:
            self._start()
            listing = store.scan(self.me)
            report.ignored.extend(FileProblem(p, why) for p, why in listing.ignored)
            for path, why in listing.links:
                report.refuse(f"{store.label}/{path}", why)
                if path.lower() == TEAM_FILE:  # it may be encrypted: send nothing in clear
                    publish = False
            key = self._team_key(store, listing, passphrase, publish)
            self.cut()
            with self.database.connection() as conn:
                held = state.held(conn)
            reader = Reader(store, key, self._trust)
            rivals: list[tuple[Key, list[FileRef]]] = []
            forked = check_copies(reader, listing, held, self.me, report, rivals, self._settled)
            if publish:
                self._publish(store, key, listing, held, report)
            self._receive(reader, listing, held, forked, report)
            for k, copies in rivals:
                copies = self._versions.take_redactions(reader, k, copies)
                if copies:
                    self._forks.keep_all(reader, k, copies, self.me, report)
            self._applier.apply_waiting(report)
            report.not_carried = self._applier.not_carried
            self._note_unlinked(report)
            self._fetch_blobs(store, key, report)
            if publish:
                self._versions.remove_erased_files(store, key)
        except SyncCancelled:
            report.cancelled = True
        if report.erased:  # what was erased leaves the file's free pages and the log too
            with self.database.connection(immediate=True) as conn:
                erasure.compact(conn)
            self.database.checkpoint()
        self._clock_warnings(report)

    def missing(self, store: Store, passphrase: str | None) -> list[str]:
        """What this laptop holds that ``store`` lacks, one line each (travel mode leaves
        only when nothing is); run right after a sync that published everything."""
        self._start()
        listing = store.scan(self.me)
        key = self._team_key(store, listing, passphrase, False)
        if self.cut():
            return ["this laptop has changes it has not sent yet"]
        with self.database.connection() as conn:
            held = state.held(conn)
            private = redaction.redacted_copies(conn)
            contents = [
                str(r[0])
                for r in conn.exec_driver_sql(
                    "SELECT DISTINCT content_hash FROM attachments "
                    "WHERE deleted_at IS NULL AND content_hash IS NOT NULL"
                )
            ]
        contents = [c for c in contents if blobs.has_local(self.attachments, c)]
        return homecoming.missing(
            store,
            key,
            listing,
            held,
            private,
            self._versions.listed,
            self._published_as,
            contents,
            self._label,
            self._check,
        )

    def bring_back(self, store: Store, passphrase: str | None, report: SyncReport) -> list[str]:
        """ "Back from travel": apply again, from ``store``, every changeset a departure
        trimmed; returns, in words, those it no longer holds."""
        self._start()
        listing = store.scan(self.me)
        key = self._team_key(store, listing, passphrase, False)
        reader = Reader(store, key, self._trust)
        return homecoming.bring_back(
            self.database,
            self.attachments,
            reader,
            listing,
            self._aliases,
            self._label,
            report,
            self._check,
        )

    def apply_held(self, report: SyncReport) -> None:
        """Apply what became ready here (a confirmed deletion): no folder or server."""
        self._start()
        self._applier.apply_waiting(report)
        self._note_unlinked(report)

    def export(self, store: Store, passphrase: str | None, report: SyncReport) -> None:
        """Write every changeset held here (and their blobs) into a fresh ``store``."""
        self._start()
        key = self._team_key(store, Listing(), passphrase, True)
        self.cut()
        with self.database.connection() as conn:
            held = state.held(conn)
        self._publish(store, key, Listing(), held, report)

    def _start(self) -> None:
        with self.database.connection(immediate=True) as conn:
            self.me = DeviceState.load(conn).device_id
            self._names = state.device_names(conn)
            self._aliases = aliases(conn)
            authors.pin_own(conn, self.me, Signer.load(conn).public_key)
            self._trust = Trust(
                self._label, authors.pinned_keys(conn), authors.chosen_fingerprints(conn)
            )
        self._applier.me = self.me
        with self.database.connection(immediate=True) as conn:
            if self.device_name and self._names.get(self.me) != self.device_name:
                state.name_device(conn, self.me, self.device_name)

    def _team_key(
        self, store: Store, listing: Listing, passphrase: str | None, publish: bool
    ) -> TeamKey | None:
        """The store's team key; a profile remembers that its team encrypts (team.json)."""
        with self.database.connection() as conn:
            stored = read_state(conn).get(TEAM_DOCUMENT)
        remembered = stored.encode("utf-8") if stored else None
        key, document = team_key(store, listing, passphrase, publish, remembered)
        if document is not None and document != remembered:
            if remembered is not None and team_kid(remembered) != team_kid(document):
                self._old_kid = team_kid(remembered)  # our files there may need sealing again
            with self.database.connection(immediate=True) as conn:
                write_state(conn, {TEAM_DOCUMENT: document.decode("utf-8")})
        return key

    def _check(self, message: str, done: int, total: int) -> None:
        if self._cancelled is not None and self._cancelled():
            raise SyncCancelled
        if self._progress is not None:
            self._progress(message, done, total)

    def _label(self, device: str) -> str:
        name = self._names.get(device)
        return f"{name} ({device[:8]})" if name else f"device {device[:8]}"

    # -- 1. cut ---------------------------------------------------------------------------

    def cut(self) -> int:
        """Turn this device's unpublished changes into held changesets; returns how many."""
        made = 0
        while True:
            self._check("preparing this laptop's changes", made, 0)
            with self.database.connection(immediate=True) as conn:
                device = DeviceState.load(conn)
                progress = state.progress(conn)
                published = progress.get(device.device_id, 0)
                rows = state.own_rows(conn, device.device_idx, published, MAX_CHANGES)
                if not rows:
                    if device.next_seq - 1 > published:
                        state.set_progress(conn, device.device_id, device.next_seq - 1)
                    return made
                deps = {d: s for d, s in progress.items() if d != device.device_id and s > 0}
                data = encode(
                    device.device_id,
                    (published + 1, rows[-1][0]),
                    [raw_line(r) for r in rows],
                    deps,
                    blobs=_attachment_hashes(rows),
                    created=device.clock.last,
                    name=self.device_name,
                    signer=Signer.load(conn),
                )
                state.store(conn, decode(data), applied=True, origin="this device")
                state.set_progress(conn, device.device_id, rows[-1][0])
            made += 1

    # -- 2. publish -------------------------------------------------------------------------

    def _publish(
        self,
        store: Store,
        key: TeamKey | None,
        listing: Listing,
        held: dict[Key, Held],
        report: SyncReport,
    ) -> None:
        damaged = healing.damaged(listing, held, key)
        if key is not None and self._old_kid is not None:
            paths = {
                k: changeset_path(self.me, self._origin(h), h.first, h.last, h.body_sha256)
                for k, h in held.items()
            }
            damaged.update(healing.sealed_before(store, listing, held, paths, self._old_kid))
        with self.database.connection() as conn:
            private = redaction.redacted_copies(conn)
        todo = [
            h
            for k, h in sorted(held.items())
            if (not self._versions.listed(h, listing) or k in damaged)
            and not (h.device == self.me and report.cloned)
            and (h.device, h.first) not in private
        ]
        for done, h in enumerate(todo):
            self._check("sending changes", done, len(todo))
            with self.database.connection() as conn:
                found = state.held_data(conn, h.device, h.first)
            if found is None:
                continue
            report.blobs_sent += blobs.send(
                store, key, self.attachments, h.blobs, report, blob_key(self.database.key)
            )
            payload = key.seal(found[0], PURPOSE) if key else found[0]
            path = changeset_path(self.me, self._origin(h), h.first, h.last, h.body_sha256)
            try:
                if h.key in damaged:
                    healing.heal(store, damaged[h.key], path, payload, report)
                    continue
                if not store.write(path, payload):
                    continue
            except LinkError as error:  # a link where we would write: not followed
                report.refuse_once(f"{store.label}/{error.path}", error.reason)
                continue
            if h.device == self.me:
                report.published += 1
                report.published_changes += h.count
            else:
                report.relayed += 1
        self._versions.remove_replaced(store, listing, held, self.me)

    def _settled(self, k: Key, ref: FileRef) -> bool:
        """Whether a differing copy of a held changeset needs nothing more: kept already
        as a second history, or a version this laptop's copy replaced (an erasure)."""
        return self._forks.have(k, ref) or self._versions.settled(k, ref)

    def _origin(self, h: Held) -> str:
        """The device a held changeset is written under (a second version: its device)."""
        return self._aliases.get(h.device, h.device)

    def _published_as(self, h: Held) -> Key:
        return (self._origin(h), h.first, h.last)

    # -- 3. receive (and apply what is ready) ------------------------------------------------

    def _receive(
        self,
        reader: Reader,
        listing: Listing,
        held: dict[Key, Held],
        forked: set[Key],
        report: SyncReport,
    ) -> None:
        fresh = sorted(k for k in listing.changesets if k not in held and k not in forked)
        applier = self._applier
        applier.batch = batch = Batch(self.database, durable=applier.durable)
        try:
            self._receive_each(reader, listing, fresh, held, report)
            batch.ahead = None
            applier.settle(report)
        except SyncCancelled:  # between changesets: what was applied is whole
            batch.ahead = None
            applier.settle(report)
            raise
        finally:
            applier.batch = None
            batch.rollback()  # after an error: nothing of the batch under way is kept
            reader.forget_ahead()

    def _receive_each(
        self,
        reader: Reader,
        listing: Listing,
        fresh: list[Key],
        held: dict[Key, Held],
        report: SyncReport,
    ) -> None:
        batch = self._applier.batch
        for done, k in enumerate(fresh):
            self._check("receiving changes", done, len(fresh))
            if batch is not None and reader.store.reads_ahead:  # read while the batch commits
                batch.ahead = partial(_read_ahead, reader, listing, fresh, done + 1)
            copies = redaction.newest(reader, listing.changesets[k], report)
            ranges = claimed(held, self._aliases)
            if disagree(k, copies, ranges):  # judged now: earlier ones pinned its key
                copies = [c for c in copies if not self._forks.have(k, c)]
                copies = reader.genuine(copies, report) if copies else []
                if not copies:
                    continue
                if disagree(k, copies, ranges):  # two versions of one laptop's changes
                    self._applier.settle(report)  # the forks use connections of their own
                    self._forks.keep_all(reader, k, copies, self.me, report)
                    with self.database.connection() as conn:
                        held.update(state.held(conn))
                        self._aliases = aliases(conn)
                    continue
            taken = reader.take(k, copies, report)
            if taken is None:
                continue
            kept = self._applier.keep(*taken, reader.store.label, reader.path(copies[0]), report)
            if kept is not None:
                held[k] = kept
                self._trust.met(taken[0].header)  # pinned by keep, if it was the first

    # -- 5. blobs ----------------------------------------------------------------------------

    def _fetch_blobs(self, store: Store, key: TeamKey | None, report: SyncReport) -> None:
        with self.database.connection() as conn:
            wanted = state.wanted_blobs(conn)
        for done, content_hash in enumerate(wanted):
            self._check("receiving attachments", done, len(wanted))
            if blobs.fetch(
                store, key, self.attachments, content_hash, report, blob_key(self.database.key)
            ):
                with self.database.connection(immediate=True) as conn:
                    state.got_blob(conn, content_hash)
                report.blobs_received += 1
            else:
                report.blobs_missing += 1

    def _note_unlinked(self, report: SyncReport) -> None:
        """Say which received records point to records that have not arrived yet."""
        if not report.changed_records:
            return
        with self.database.connection() as conn:
            found = unlinked(conn, report.changed_records)
        report.unlinked = [link.describe() for link in found]

    def _clock_warnings(self, report: SyncReport) -> None:
        """Plain warnings for peers whose clocks run far ahead of ours."""
        for device, ahead in sorted(report.clocks_ahead.items()):
            report.warnings.append(
                f"the clock of {self._label(device)} is {_duration(ahead)} ahead of this "
                "laptop's; its changes were applied, and this laptop's clock was not moved"
            )
