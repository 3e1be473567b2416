"""Two histories under one laptop's id: a copied profile that went on working.

A profile copied to a second laptop (or restored from a backup) signs with the same key,
so two genuine versions of that laptop's changes can meet: often each synced into its own
replica of a cloud folder and the replicas merged later. Neither version is dropped.
Every version of a contested range (ranges of one device that overlap and differ) is
applied as its own history, under an alias id made from the device and the version's
hash, so every receiver labels them alike whatever order they arrive in; a version
applied before its rival was seen is relabeled in the log, and the records it touched are
recomputed. Where the two histories set different values, the values show as conflicts
that a person resolves; the sync says so in words.

Versions signed by different keys are not a copied profile but a forgery of an older
(random) device id, which a person settles with ``trust-device`` (``copies.fork``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.change_entry import ChangeEntry
from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.core.device import DeviceState, device_index, read_state, write_state
from smartgrowth_desktop.sync import blobs, redaction, state
from smartgrowth_desktop.sync.changeset import (
    TAG_LENGTH,
    Changeset,
    ChangesetError,
    decode,
    file_name,
)
from smartgrowth_desktop.sync.copies import fork, overlaps
from smartgrowth_desktop.sync.identity import Signer
from smartgrowth_desktop.sync.layout import FileRef, Key
from smartgrowth_desktop.sync.reader import Reader
from smartgrowth_desktop.sync.report import SyncReport
from smartgrowth_desktop.sync.state import Held

if TYPE_CHECKING:
    from smartgrowth_desktop.core.merge import ApplyResult

ALIAS_PREFIX = "fork_of:"  # local_state: alias id -> the device it is a history of
_NAMESPACE = uuid.UUID("5f0c7a52-9d0e-4b8e-8f55-3c1f4b6f2d10")


def alias_of(device: str, tag: str) -> str:
    """The id one version of ``device``'s changes is applied under (same on every laptop)."""
    return str(uuid.uuid5(_NAMESPACE, f"{device}/{tag}"))


def aliases(conn: Connection) -> dict[str, str]:
    """Every alias in use here, with the device it is a history of."""
    return {
        key[len(ALIAS_PREFIX) :]: value
        for key, value in read_state(conn).items()
        if key.startswith(ALIAS_PREFIX)
    }


def claimed(held: dict[Key, Held], known: dict[str, str]) -> set[Key]:
    """The ranges held here, aliased versions counted under their own device."""
    return {(known.get(h.device, h.device), h.first, h.last) for h in held.values()}


def relabel_entry(entry: ChangeEntry, alias: str, first: int, last: int) -> ChangeEntry:
    """``entry`` as part of the history ``alias``: its dot and the dots it follows
    inside the same version move there; dots outside stay (they may be either)."""
    device = entry.device
    prev = tuple(
        (alias, seq) if d == device and first <= seq <= last else (d, seq) for d, seq in entry.prev
    )
    return ChangeEntry(
        alias,
        entry.seq,
        entry.hlc,
        entry.kind,
        entry.record_id,
        entry.field,
        entry.key,
        entry.value,
        prev,
        entry.author,
    )


def relabel_applied(conn: Connection, device: str, first: int, last: int, alias: str) -> set[str]:
    """Move a version applied under ``device`` to ``alias``; returns the records touched."""
    source, target = device_index(conn, device), device_index(conn, alias)
    rows = conn.exec_driver_sql(
        "SELECT id, record_id, prev FROM changes WHERE device_idx = ? AND seq BETWEEN ? AND ?",
        (source, first, last),
    ).all()
    moved: list[tuple[int, str, int]] = []
    for row_id, _record, prev in rows:
        dots = [
            [alias, seq] if d == device and first <= seq <= last else [d, seq]
            for d, seq in json.loads(prev)
        ]
        moved.append((target, json.dumps(sorted(dots), separators=(",", ":")), row_id))
    if moved:
        conn.exec_driver_sql("UPDATE changes SET device_idx = ?, prev = ? WHERE id = ?", moved)
    return {str(row[1]) for row in rows}


def _key_of(data: bytes) -> str | None:
    try:
        return decode(data).header.key
    except ChangesetError:
        return None


class ForkKeeper:
    """Keeps every version of a copied laptop's changes, each as its own history."""

    def __init__(
        self,
        database: Database,
        attachments: Path,
        label: Callable[[str], str],
        count: Callable[[ApplyResult, SyncReport, str], None],
    ) -> None:
        self.database = database
        self.attachments = attachments
        self._label = label
        self._count = count
        self._told: set[str] = set()

    def have(self, k: Key, ref: FileRef) -> bool:
        """Whether this version is already kept here as its own history."""
        with self.database.connection() as conn:
            return state.held_data(conn, alias_of(k[0], ref.tag), k[1]) is not None

    def keep_all(
        self, reader: Reader, k: Key, copies: list[FileRef], me: str, report: SyncReport
    ) -> None:
        """Keep each of ``copies`` (genuine versions of ``k`` that disagree) as a history."""
        opened: list[tuple[FileRef, Changeset]] = []
        for ref in copies:
            if self.have(k, ref):
                continue
            taken = reader.take(k, [ref], report)
            if taken is not None:
                opened.append((ref, taken[0]))
        if len({c.header.key for _, c in opened}) > 1:  # not one laptop's key: settled by a person
            report.cloned.append(fork(opened[0][0], k, self._label))
            return
        for ref, changeset in opened:
            self._keep(reader.path(ref), k, ref.tag, changeset, me, report)

    def _keep(
        self, path: str, k: Key, tag: str, changeset: Changeset, me: str, report: SyncReport
    ) -> None:
        device, first, last = k
        header = changeset.header
        alias = alias_of(device, tag)
        with self.database.connection(immediate=True) as conn:
            rivals = [
                h
                for h in state.held(conn).values()
                if h.device == device and overlaps(h.key, k) and h.body_sha256[:TAG_LENGTH] != tag
            ]
            for h in rivals:
                found = state.held_data(conn, h.device, h.first)
                if found is not None and _key_of(found[0]) != header.key:
                    report.cloned.append(fork(FileRef(path, tag), k, self._label))
                    return
            progress = state.progress(conn)
            top = DeviceState.load(conn).next_seq - 1
            if progress.get(device, 0) < first - 1 or any(
                (s > top) if d == me else progress.get(d, 0) < s
                for d, s in header.deps.items()
                if d != device
            ):
                report.waiting.append(
                    f"a second version of changes {first}–{last} from {self._label(device)} "
                    "waits for the changes it follows"
                )
                return
            touched: set[str] = set()
            waiting: list[tuple[Held, bytes]] = []
            for h in rivals:
                if h.applied:
                    rival = alias_of(device, h.body_sha256[:TAG_LENGTH])
                    write_state(conn, {ALIAS_PREFIX + rival: device})
                    touched |= relabel_applied(conn, device, h.first, h.last, rival)
                else:  # held, not applied yet: taken below as its own history
                    found = state.held_data(conn, h.device, h.first)
                    if found is not None:
                        waiting.append((h, found[0]))
                    state.forget(conn, device, h.first)
            from smartgrowth_desktop.core.merge import Merger  # loads the writer, the models

            if touched:
                Merger(conn, DeviceState.load(conn)).refresh([uuid.UUID(t) for t in touched])
            entries = [relabel_entry(e, alias, first, last) for e in changeset.entries()]
            gone: set[str] = set()
            if header.erased:
                gone = erasure.forget(conn, dict(header.erased))
            result = Merger(conn, DeviceState.load(conn)).apply(entries)
            if header.erased:
                result.erased.update(dict(header.erased))
                result.erased_blobs |= gone
            if result.erased or result.redacted:  # held changesets forget them too
                redaction.redact_held(conn, me, Signer.load(conn))
                result.erased_blobs = erasure.unused(conn, result.erased_blobs)
            write_state(conn, {ALIAS_PREFIX + alias: device})
            state.store(conn, changeset, applied=True, origin=path, as_device=alias)
            if progress.get(device, 0) < last:
                state.set_progress(conn, device, last)
            wanted = [b for b in header.blobs if not blobs.has_local(self.attachments, b)]
            if wanted:
                state.want_blobs(conn, wanted)
        report.received += 1
        self._count(result, report, path)
        for h, data in waiting:
            where = f"devices/{device}/{file_name(h.first, h.last, h.body_sha256)}"
            rival_tag = h.body_sha256[:TAG_LENGTH]
            self._keep(where, h.key, rival_tag, decode(data), me, report)
        if device not in self._told:
            self._told.add(device)
            report.warnings.append(
                f"{self._label(device)} appears on two laptops (a copied or restored "
                f"profile): its changes {first}–{last} arrived in two different versions "
                f"({path}). Both were kept, each as its own history; where they set "
                "different values, both values are shown as conflicts to resolve. Ask its "
                "owner to go on with one laptop only and to give the other a fresh profile."
            )
