"""A sync with nothing to do, told with plain ``sqlite3`` before the engine is loaded.

Against a folder, ``SyncEngine.run`` changes nothing and reports nothing but the files it
ignores when all of these hold (its steps, in order):

1. start: this laptop's key is pinned, and the name it goes by is the one it has;
2. cut: every change of this laptop's is in a changeset (its progress is its last seq);
3. copies: every changeset in the folder is held here, in the same version;
4. publish: every changeset held here is in the folder, in a copy of the right length;
5. receive and apply: nothing new in the folder, nothing held waits to be applied;
6. blobs: no attachment content is wanted, no erased person's file is left to remove.

``nothing_to_do`` checks them from the folder's listing and the profile's sync state, in
the caller's transaction, and says yes only when it is sure: anything unusual (a team
that encrypts, a second history of a laptop, a redaction, an erasure, deletions held, a
link or a damaged copy in the folder) leaves the run to the engine, which knows what to
do with it. ``tests/test_quiet_sync.py`` holds both to the same results.
"""

from __future__ import annotations

import sqlite3

from smartgrowth_desktop.sync.layout import Listing
from smartgrowth_desktop.sync.names import TAG_LENGTH

#: ``local_state`` keys the engine reads (the test checks them against their modules)
DEVICE_ID, NEXT_SEQ = "device_id", "next_seq"
SIGNING_KEY = "device_signing_key"  # core/device.py: this laptop's private key
PIN_PREFIX = "device_key:"  # sync/authors.py: a device's pinned public key
TEAM_DOCUMENT = "team_document"  # sync/engine.py: this profile's team encrypts
#: keys that mean work or judgement for the engine: sync/forks.py (a second history),
#: sync/redaction.py (a colleague's changeset rewritten here), core/erasure.py (an erased
#: person's files to remove), sync/deletions.py (deletions held for a person to decide)
UNUSUAL = ("fork_of:", "redacted_copy:", "erased_blob:", "held_deletes:")


def nothing_to_do(conn: sqlite3.Connection, listing: Listing, device_name: str) -> bool:
    """Whether a sync with the folder ``listing`` describes would change nothing here or
    there (``device_name``: the name this laptop goes by, ``SyncService.device_name``)."""
    state = dict(conn.execute("SELECT key, value FROM local_state").fetchall())
    me = state.get(DEVICE_ID)
    if me is None or SIGNING_KEY not in state or PIN_PREFIX + me not in state:
        return False
    if TEAM_DOCUMENT in state or listing.has_team or listing.links:
        return False
    if any(key.startswith(UNUSUAL) for key in state):
        return False
    device = conn.execute("SELECT idx, name FROM devices WHERE device_id = ?", (me,)).fetchone()
    if device is None or device[1] != device_name:
        return False
    return _all_sent(conn, me, device[0], int(state.get(NEXT_SEQ) or 1)) and _in_step(conn, listing)


def _all_sent(conn: sqlite3.Connection, me: str, idx: int, next_seq: int) -> bool:
    """Step 2: no change of this laptop's waits to be cut into a changeset."""
    row = conn.execute("SELECT applied_seq FROM sync_peers WHERE device_id = ?", (me,)).fetchone()
    published = row[0] if row is not None else 0
    if next_seq - 1 > published:
        return False
    newer = "SELECT 1 FROM changes WHERE device_idx = ? AND seq > ? LIMIT 1"
    return conn.execute(newer, (idx, published)).fetchone() is None


def _in_step(conn: sqlite3.Connection, listing: Listing) -> bool:
    """Steps 3 to 6: the folder and this profile hold the same changesets, whole."""
    held = {
        (row[0], row[1], row[2]): (row[3], row[4], row[5])
        for row in conn.execute(
            "SELECT device_id, first_seq, last_seq, body_sha256, size, applied FROM sync_changesets"
        )
    }
    if held.keys() != listing.changesets.keys():
        return False
    for key, copies in listing.changesets.items():
        body_sha256, size, applied = held[key]
        if not applied or any(c.tag != body_sha256[:TAG_LENGTH] for c in copies):
            return False
        if all(c.size is not None for c in copies) and all(c.size != size for c in copies):
            return False  # damaged copies: the engine writes a good one
    return conn.execute("SELECT 1 FROM sync_blobs_wanted LIMIT 1").fetchone() is None
