"""Travel mode against a store: is everything there before leaving, and bringing it back.

``missing`` lists, in words, what this laptop holds that the store lacks: a changeset
(its own or a colleague's) or an attachment's content. A departure goes on only when
the list is empty (``services/travel_leave.py``).

``bring_back`` is "Back from travel": every held changeset whose bytes a departure or a
sync while travelling trimmed (``state.trim``) is read again from the store, checked
like any received file, applied whole (known dots are skipped, so what the laptop kept
is untouched and what it left behind returns), and held with its bytes again, one
transaction each; killed half-way, the next run goes on from there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.sync import blobs, redaction, state
from smartgrowth_desktop.sync.changeset import TAG_LENGTH
from smartgrowth_desktop.sync.crypto import TeamKey
from smartgrowth_desktop.sync.folder import Store
from smartgrowth_desktop.sync.forks import relabel_entry
from smartgrowth_desktop.sync.layout import Key, Listing
from smartgrowth_desktop.sync.reader import Reader
from smartgrowth_desktop.sync.report import SyncReport
from smartgrowth_desktop.sync.state import Held

Check = Callable[[str, int, int], None]


def _range(label: Callable[[str], str], device: str, first: int, last: int) -> str:
    return f"changes {first}–{last} of {label(device)}"


def missing(
    store: Store,
    key: TeamKey | None,
    listing: Listing,
    held: dict[Key, Held],
    private: set[tuple[str, int]],
    listed: Callable[[Held, Listing], bool],
    published_as: Callable[[Held], Key],
    contents: list[str],
    label: Callable[[str], str],
    check: Check,
) -> list[str]:
    """What the store lacks of what this laptop holds, one line each (empty: nothing)."""
    lacking: list[str] = []
    for done, h in enumerate(sorted(held.values(), key=lambda h: h.key)):
        check("checking the sync target holds every change", done, len(held))
        if (h.device, h.first) in private:  # our own redaction of a colleague's file
            ok = bool(listing.changesets.get(published_as(h)))
        else:
            ok = listed(h, listing)
        if not ok:
            lacking.append(f"{_range(label, *published_as(h))} are not on {store.label}")
    for done, content_hash in enumerate(contents):
        check("checking the sync target holds every attachment", done, len(contents))
        path = blobs.blob_path_for(key, content_hash)
        if not blobs.holds(store, key, path, content_hash):
            lacking.append(f"the attachment content {content_hash[:12]}… is not on {store.label}")
    return lacking


def bring_back(
    database: Database,
    attachments: Path,
    reader: Reader,
    listing: Listing,
    aliases: dict[str, str],
    label: Callable[[str], str],
    report: SyncReport,
    check: Check,
) -> list[str]:
    """Apply every trimmed held changeset again from the store; returns, in words, those
    the store no longer holds (they stay trimmed: the next run tries again)."""
    with database.connection() as conn:
        todo = state.trimmed(conn)
        held = state.held(conn)
    lacking: list[str] = []
    for done, (device, first, last) in enumerate(todo):
        check("bringing back what stayed at home", done, len(todo))
        origin = aliases.get(device, device)
        k = (origin, first, last)
        tag = held[(device, first, last)].body_sha256[:TAG_LENGTH]
        copies = listing.changesets.get(k, [])
        same = [c for c in copies if c.tag == tag]
        copies = same or redaction.newest(reader, copies, report)
        taken = reader.take(k, copies, report) if copies else None
        if taken is None:
            lacking.append(f"{_range(label, origin, first, last)} are not on {reader.store.label}")
            continue
        changeset, entries = taken
        if device != origin:  # a second version of a laptop's changes (sync/forks.py)
            entries = [relabel_entry(e, device, first, last) for e in entries]
        header = changeset.header
        with database.connection(immediate=True) as conn:
            gone: set[str] = set()
            if header.erased:
                gone = erasure.forget(conn, dict(header.erased))
            from smartgrowth_desktop.core.merge import Merger  # loads the writer, the models

            result = Merger(conn, DeviceState.load(conn)).apply(entries)
            state.put_back(conn, device, first, changeset)
            wanted = [b for b in header.blobs if not blobs.has_local(attachments, b)]
            if wanted:
                state.want_blobs(conn, wanted)
        if gone or result.erased_blobs:
            blobs.remove_local(attachments, gone | result.erased_blobs)
        report.applied += 1
        report.applied_changes += result.applied
        report.duplicates += result.skipped
        report.conflicts_raised += len(result.conflicts)
        report.changed_kinds.update(result.records)
    return lacking
