"""Damaged copies in a folder heal: whoever holds the good bytes writes them again.

A changeset file cut short (a pulled USB stick, a client that gave up) would be refused
by every newcomer for good, while its author and colleagues hold it whole. The folder's
listing carries each file's length, so a laptop sees, without reading anything, that no
copy of a changeset it holds has the right length, and writes a good one: over its own
file when it wrote the damaged one, beside it (a relayed copy) otherwise.
"""

from __future__ import annotations

from smartgrowth_desktop.sync.crypto import TeamKey, sealed_kid
from smartgrowth_desktop.sync.folder import FolderStore, Store
from smartgrowth_desktop.sync.jail import LinkError
from smartgrowth_desktop.sync.layout import FileRef, Key, Listing
from smartgrowth_desktop.sync.report import SyncReport
from smartgrowth_desktop.sync.state import Held

SEALED_MINIMUM = 24  # what any sealed envelope adds at least: prefix and GCM tag
SEALED_SLACK = 64  # envelopes of other versions differ by a few bytes of header


def damaged(
    listing: Listing, held: dict[Key, Held], key: TeamKey | None
) -> dict[Key, list[FileRef]]:
    """Changesets held here whose every copy has a wrong length (none in a bundle or on
    a server: their listings carry no lengths)."""
    found: dict[Key, list[FileRef]] = {}
    for k, copies in listing.changesets.items():
        h = held.get(k)
        if h is None or any(c.size is None for c in copies):
            continue
        if key is None:
            low = high = h.size
        else:
            low, high = h.size + SEALED_MINIMUM, h.size + key.overhead(h.size) + SEALED_SLACK
        if not any(low <= (c.size or 0) <= high for c in copies):
            found[k] = copies
    return found


def sealed_before(
    store: Store, listing: Listing, held: dict[Key, Held], paths: dict[Key, str], old_kid: str
) -> dict[Key, list[FileRef]]:
    """Changesets this laptop wrote into the folder sealed with the team key it used
    before the folder's ``team.json`` changed (two laptops set the folder up at once, and
    the other's file won): nobody could open them, so they are sealed again."""
    found: dict[Key, list[FileRef]] = {}
    for k, where in paths.items():
        mine = [c for c in listing.changesets.get(k, []) if c.path.lower() == where.lower()]
        if k not in held or not mine:
            continue
        try:
            data = store.read(mine[0].path)
        except (OSError, LinkError):
            continue
        if sealed_kid(data) == old_kid:
            found[k] = mine
    return found


def heal(
    store: Store, copies: list[FileRef], path: str, payload: bytes, report: SyncReport
) -> None:
    """Write a good copy at ``path``: over a damaged file there (ours), else a new one."""
    ours = [c for c in copies if c.path.lower() == path.lower()]
    if ours and isinstance(store, FolderStore):
        store.replace_damaged(ours[0].path, payload)
    elif not store.write(path, payload):
        return
    report.healed.append(f"{store.label}/{path}")
