"""Versions of one changeset after an erasure: which one a store should hold, which a
laptop may take, and what goes (the rules are in ``sync/redaction.py``).

The engine asks: is this held changeset's version the one the store holds (``listed``),
which files of ours an erasure replaced (``remove_replaced``), does a differing copy
need anything (``settled``), and which copies are redacted versions to take in place of
a held one (``take_redactions``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.sync import blobs, redaction, state
from smartgrowth_desktop.sync.changeset import TAG_LENGTH, decode
from smartgrowth_desktop.sync.crypto import TeamKey
from smartgrowth_desktop.sync.folder import Store
from smartgrowth_desktop.sync.jail import LinkError
from smartgrowth_desktop.sync.layout import FileRef, Key, Listing
from smartgrowth_desktop.sync.reader import Reader
from smartgrowth_desktop.sync.state import Held


@dataclass
class Versions:
    """Judges the versions of held changesets for one profile's sync."""

    database: Database
    attachments: Path
    #: where a held changeset is written in a store (a second history: its device's key)
    published_as: Callable[[Held], Key]

    def replaced(self, device: str, first: int) -> set[str]:
        """The tags of the versions the held changeset replaces (none: not redacted)."""
        with self.database.connection() as conn:
            found = state.held_data(conn, device, first)
        return set(decode(found[0]).header.redacts) if found is not None else set()

    def listed(self, h: Held, listing: Listing) -> bool:
        """Whether the store holds this version (a key with another version does not,
        when this one replaces it: an erased person's values taken out)."""
        copies = listing.changesets.get(self.published_as(h))
        if not copies:
            return False
        tag = h.body_sha256[:TAG_LENGTH]
        if any(c.tag == tag for c in copies):
            return True
        replaced = self.replaced(h.device, h.first)
        return not any(c.tag in replaced for c in copies)

    def remove_replaced(
        self, store: Store, listing: Listing, held: dict[Key, Held], me: str
    ) -> None:
        """Delete from the store the versions this laptop wrote that an erasure replaced."""
        mine = f"devices/{me}/"
        for h in held.values():
            copies = listing.changesets.get(self.published_as(h), [])
            stale = [c for c in copies if c.path.startswith(mine)]
            if not stale or all(c.tag == h.body_sha256[:TAG_LENGTH] for c in stale):
                continue
            replaced = self.replaced(h.device, h.first)
            for ref in stale:
                if ref.tag in replaced:
                    with contextlib.suppress(OSError, LinkError):
                        store.remove(ref.path)

    def remove_erased_files(self, store: Store, key: TeamKey | None) -> None:
        """Erased people's files leave the store, and this laptop (if a killed erasure
        left one behind)."""
        with self.database.connection() as conn:
            gone = erasure.erased_blobs(conn)
        if gone:
            blobs.remove_local(self.attachments, gone)
            blobs.remove_remote(store, key, gone)

    def settled(self, k: Key, ref: FileRef) -> bool:
        """Whether a differing copy of a held changeset is a version it replaced."""
        return ref.tag in self.replaced(k[0], k[1])

    def take_redactions(self, reader: Reader, k: Key, copies: list[FileRef]) -> list[FileRef]:
        """Take the copies that are a held changeset with an erased person's values taken
        out (in its place), skip those the held one replaces; the others remain."""
        with self.database.connection() as conn:
            if state.held_data(conn, k[0], k[1]) is None:
                return copies
        replaced = self.replaced(k[0], k[1])
        left: list[FileRef] = []
        for ref in copies:
            if ref.tag in replaced:
                continue  # the version this laptop's copy replaced: never again
            try:
                changeset = reader.open(ref)
            except Exception:
                left.append(ref)  # judged, and reported, as received
                continue
            if reader.trust.forgery(changeset.header) is not None:
                left.append(ref)  # refused by name as a fork or a forgery
                continue
            with self.database.connection(immediate=True) as conn:
                taken = redaction.take_redaction(conn, k[0], k[1], changeset)
            if not taken:
                left.append(ref)
        return left
