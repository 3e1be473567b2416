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

import json
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.core.device import DeviceState, read_state, write_state
from smartgrowth_desktop.core.merge import ChangeEntry
from smartgrowth_desktop.core.references import unlinked
from smartgrowth_desktop.sync import authors, blobs, state
from smartgrowth_desktop.sync.applier import Applier
from smartgrowth_desktop.sync.arrival import Incomplete, still_arriving
from smartgrowth_desktop.sync.changeset import (
    TAG_LENGTH,
    Changeset,
    ChangesetError,
    decode,
    encode,
    raw_line,
)
from smartgrowth_desktop.sync.crypto import TEAM_FILE, TeamKey
from smartgrowth_desktop.sync.folder import FolderStore, Store
from smartgrowth_desktop.sync.frame import SEALED
from smartgrowth_desktop.sync.identity import Signer
from smartgrowth_desktop.sync.jail import LinkError
from smartgrowth_desktop.sync.layout import FileRef, Key, Listing, changeset_path
from smartgrowth_desktop.sync.report import (
    Cancelled,
    FileProblem,
    Progress,
    SyncCancelled,
    SyncReport,
)
from smartgrowth_desktop.sync.state import Held
from smartgrowth_desktop.sync.team import team_key

MAX_CHANGES = 5000  # per changeset
SEALED_MINIMUM = 24  # what any sealed envelope adds at least: prefix and GCM tag
TEAM_DOCUMENT = "team_document"  # the team.json of a team that encrypts (holds no secret)
PURPOSE = b"changeset"


def _overlaps(a: Key, b: Key) -> bool:
    return a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2]


def _attachment_hashes(rows: list[tuple[Any, ...]]) -> list[str]:
    """The contents the attachments created in these change-log rows refer to."""
    found = (json.loads(r[6]) for r in rows if r[2] == "attachment" and r[4] == "content_hash")
    return [h for h in found if isinstance(h, str)]


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
        self._pinned: dict[str, str] = {}
        self._chosen: dict[str, str] = {}
        self._applier = Applier(database, attachments, "", self._label, self._check)

    # -- the whole run -------------------------------------------------------------------

    def run(self, store: Store, passphrase: str | None, publish: bool, report: SyncReport) -> None:
        """Sync with ``store``; ``publish`` False only reads (a bundle being imported)."""
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
            forked = self._check_copies(store, key, listing, held, report)
            if publish:
                self._publish(store, key, listing, held, report)
            self._receive(store, key, listing, held, forked, report)
            self._applier.apply_waiting(report)
            self._note_unlinked(report)
            self._fetch_blobs(store, key, report)
        except SyncCancelled:
            report.cancelled = True
        self._clock_warnings(report)

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
            authors.pin_own(conn, self.me, Signer.load(conn).public_key)
            self._pinned = authors.pinned_keys(conn)
            self._chosen = authors.chosen_fingerprints(conn)
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

    # -- copies of what we hold; clones ------------------------------------------------------

    def _check_copies(
        self,
        store: Store,
        key: TeamKey | None,
        listing: Listing,
        held: dict[Key, Held],
        report: SyncReport,
    ) -> set[Key]:
        """Find copies of this profile, and copies of held changesets that differ; returns
        the changesets not to take. Others' forks are judged as they are received.

        Names tell most; only files that look like a clone or a fork are opened, to set
        aside those their device did not sign.
        """
        forked: set[Key] = set()
        for k, copies in sorted(listing.changesets.items()):
            known = held.get(k)
            if known is not None:
                odd = [c for c in copies if c.tag != known.body_sha256[:TAG_LENGTH]]
                if odd and self._genuine(store, key, odd, report):
                    self._twin(odd[0], k, report)
                continue
            if k[0] == self.me:  # not ours unless forged: a copy of this profile
                forked.add(k)
                copies = listing.changesets[k] = self._genuine(store, key, copies, report)
                if copies:
                    self._clone_of_me(copies[0], k, report)
        return forked

    @staticmethod
    def _disagree(k: Key, copies: list[FileRef], held: dict[Key, Held]) -> bool:
        """Copies of one range that differ, or a range overlapping one held already."""
        return len({c.tag for c in copies}) > 1 or any(_overlaps(k, other) for other in held)

    def _genuine(
        self, store: Store, key: TeamKey | None, copies: list[FileRef], report: SyncReport
    ) -> list[FileRef]:
        """The copies signed by their device's pinned key; forgeries are refused by name.

        Only files that look like a clone or a fork are opened here, so a sync with
        nothing new reads nothing.
        """
        kept: list[FileRef] = []
        for ref in copies:
            path = f"{store.label}/{ref.path}"
            try:
                header = self._open(store, key, ref).header
            except Incomplete as error:
                report.waiting_files.append(FileProblem(path, error.reason))
                continue
            except ChangesetError as error:
                report.refuse_once(path, error.reason)
                continue
            why = authors.forgery(header, self._pinned, self._label, self._chosen)
            if why is None:
                kept.append(ref)
            else:
                report.refuse_once(path, why)
        return kept

    def _twin(self, ref: FileRef, k: Key, report: SyncReport) -> None:
        if k[0] == self.me:
            self._clone_of_me(ref, k, report)
        else:
            self._fork(ref, k, report)

    def _clone_of_me(self, ref: FileRef, k: Key, report: SyncReport) -> None:
        report.cloned.append(
            f"another copy of this profile writes as this laptop (device {self.me[:8]}): "
            f"{ref.path} holds changes {k[1]}–{k[2]} this profile did not make. That happens "
            "when a profile folder is copied to a second laptop or restored from a backup. "
            "This laptop's changes were not published there, so nothing was mixed up. To "
            "go on: export your data (export-json), open a fresh profile (a new --data-dir), "
            "import it and sync; differences then show up as conflicts to review."
        )

    def _fork(self, ref: FileRef, k: Key, report: SyncReport) -> None:
        report.cloned.append(
            f"{self._label(k[0])} appears on two laptops (a copied or restored profile): "
            f"{ref.path} holds changes {k[1]}–{k[2]} that differ from the ones already "
            "received from that device, or from another copy; they were not applied. If "
            "that laptop was not copied, one of them is forged: compare its key "
            "fingerprint with its owner ('smartgrowth-cli device' on their laptop) and "
            "trust theirs ('smartgrowth-cli trust-device DEVICE FINGERPRINT')."
        )

    # -- 2. publish -------------------------------------------------------------------------

    def _publish(
        self,
        store: Store,
        key: TeamKey | None,
        listing: Listing,
        held: dict[Key, Held],
        report: SyncReport,
    ) -> None:
        damaged = self._damaged(store, key, listing, held)
        todo = [
            h
            for k, h in sorted(held.items())
            if (k not in listing.changesets or k in damaged)
            and not (h.device == self.me and report.cloned)
        ]
        for done, h in enumerate(todo):
            self._check("sending changes", done, len(todo))
            with self.database.connection() as conn:
                found = state.held_data(conn, h.device, h.first)
            if found is None:
                continue
            report.blobs_sent += blobs.send(store, key, self.attachments, h.blobs, report)
            payload = key.seal(found[0], PURPOSE) if key else found[0]
            path = changeset_path(self.me, h.device, h.first, h.last, h.body_sha256)
            try:
                if h.key in damaged:
                    self._heal(store, damaged[h.key], path, payload, report)
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

    def _damaged(
        self, store: Store, key: TeamKey | None, listing: Listing, held: dict[Key, Held]
    ) -> dict[Key, list[FileRef]]:
        """Changesets held here whose every copy in a folder has the wrong length (cut
        short, or padded): a newcomer could never take them, so a good copy is written.

        Lengths come with the folder's listing: nothing is read to find them.
        """
        damaged: dict[Key, list[FileRef]] = {}
        for k, copies in listing.changesets.items():
            h = held.get(k)
            if h is None or any(c.size is None for c in copies):
                continue
            if key is None:
                low = high = h.size
            else:  # envelopes of older versions were a few bytes shorter
                low, high = h.size + SEALED_MINIMUM, h.size + key.overhead(h.size) + 64
            if not any(low <= (c.size or 0) <= high for c in copies):
                damaged[k] = copies
        return damaged

    def _heal(
        self, store: Store, copies: list[FileRef], path: str, payload: bytes, report: SyncReport
    ) -> None:
        """Write a good copy beside (or, when it is ours, over) the damaged ones."""
        ours = [c for c in copies if c.path.lower() == path.lower()]
        if ours and isinstance(store, FolderStore):
            store.replace_damaged(ours[0].path, payload)
        elif not store.write(path, payload):
            return
        report.healed.append(f"{store.label}/{path}")

    # -- 3. receive (and apply what is ready) ------------------------------------------------

    def _receive(
        self,
        store: Store,
        key: TeamKey | None,
        listing: Listing,
        held: dict[Key, Held],
        forked: set[Key],
        report: SyncReport,
    ) -> None:
        fresh = sorted(k for k in listing.changesets if k not in held and k not in forked)
        for done, k in enumerate(fresh):
            self._check("receiving changes", done, len(fresh))
            copies = listing.changesets[k]
            if self._disagree(k, copies, held):  # judged now: earlier ones pinned its key
                copies = self._genuine(store, key, copies, report)
                if not copies:
                    continue
                if self._disagree(k, copies, held):
                    self._fork(copies[0], k, report)
                    continue
            taken = self._take(store, key, k, copies, report)
            if taken is None:
                continue
            path = f"{store.label}/{copies[0].path}"
            kept = self._applier.keep(*taken, store.label, path, report)
            if kept is not None:
                held[k] = kept
                if taken[0].header.key is not None:  # pinned by keep, if it was the first
                    self._pinned.setdefault(k[0], taken[0].header.key)

    def _take(
        self,
        store: Store,
        key: TeamKey | None,
        k: Key,
        copies: list[FileRef],
        report: SyncReport,
    ) -> tuple[Changeset, list[ChangeEntry]] | None:
        """The first copy of ``k`` that checks out, or None (each failure reported).

        A copy still arriving is not refused: it waits, and is tried at the next sync.
        """
        problems: list[FileProblem] = []
        arriving: list[FileProblem] = []
        for ref in copies:
            try:
                changeset = self._open(store, key, ref)
                h = changeset.header
                if (h.device, h.first, h.last) != k or h.body_sha256[:TAG_LENGTH] != ref.tag:
                    raise ChangesetError("its content does not match its name (renamed?)")
                why = authors.forgery(h, self._pinned, self._label, self._chosen)
                if why is not None:
                    raise ChangesetError(why)
                return changeset, changeset.entries()
            except Incomplete as error:
                arriving.append(FileProblem(f"{store.label}/{ref.path}", error.reason))
            except ChangesetError as error:
                problems.append(FileProblem(f"{store.label}/{ref.path}", error.reason))
        report.errors.extend(problems)
        report.waiting_files.extend(arriving)
        return None

    def _open(self, store: Store, key: TeamKey | None, ref: FileRef) -> Changeset:
        try:
            data = store.read(ref.path)
        except LinkError as error:
            raise ChangesetError(error.reason) from None
        except OSError as error:  # gone since the scan, locked or not downloaded by a client
            raise Incomplete(f"cannot be read yet ({error.strerror or error})") from None
        try:
            if key is not None:
                return decode(key.open(data, PURPOSE))
            if data[:4] == SEALED:
                raise ChangesetError(
                    "sealed with a team key, but no team passphrase was given (wrong key)"
                )
            return decode(data)
        except ChangesetError as error:
            raise still_arriving(data) or error from None

    # -- 5. blobs ----------------------------------------------------------------------------

    def _fetch_blobs(self, store: Store, key: TeamKey | None, report: SyncReport) -> None:
        with self.database.connection() as conn:
            wanted = state.wanted_blobs(conn)
        for done, content_hash in enumerate(wanted):
            self._check("receiving attachments", done, len(wanted))
            if blobs.fetch(store, key, self.attachments, content_hash, report):
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
