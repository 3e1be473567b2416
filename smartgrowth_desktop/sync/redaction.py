"""Changesets that forget an erased person: rewritten with the same dots, values out.

A changeset file never changes, so forgetting a person (``core/erasure.py``) writes new
versions. Each laptop rewrites the changesets it holds that say something of an erased
record: its own are signed again and published, naming the versions they replace in
``redacts``; the old files it wrote are removed from the folder. A colleague's are
rewritten for this laptop only (their author's signature no longer holds, so they are
never relayed): that author rewrites and publishes its own when the erasure reaches it.

A receiver takes a redacted version in place of the one it holds when the same key
signed both, and every change is the same but for values taken out; a version another
one redacts is never taken again.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace

from sqlalchemy import Connection

from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.change_entry import ChangeEntry
from smartgrowth_desktop.core.device import read_state, write_state
from smartgrowth_desktop.sync.changeset import (
    TAG_LENGTH,
    Changeset,
    ChangesetError,
    decode,
    encode,
    entry_line,
)
from smartgrowth_desktop.sync.identity import Signer
from smartgrowth_desktop.sync.layout import FileRef
from smartgrowth_desktop.sync.reader import Reader
from smartgrowth_desktop.sync.report import SyncReport

REDACTED_COPY = "redacted_copy:"  # local_state: "<device>:<first>" of a colleague's


def _hex(entry: ChangeEntry) -> str:
    return uuid.UUID(entry.record_id).hex


def _is_blank(entry: ChangeEntry) -> bool:
    return erasure.keeps(entry.field) or (entry.value is None and not entry.key)


def redacted_copies(conn: Connection) -> set[tuple[str, int]]:
    """The colleagues' changesets this laptop rewrote itself (never relayed)."""
    found: set[tuple[str, int]] = set()
    for key in read_state(conn):
        if key.startswith(REDACTED_COPY):
            device, _, first = key[len(REDACTED_COPY) :].rpartition(":")
            found.add((device, int(first)))
    return found


def redact_held(conn: Connection, me: str, signer: Signer) -> int:
    """Rewrite every held changeset that still says something of an erased record;
    returns how many (in the caller's transaction)."""
    kinds = erasure.erased(conn)
    hidden = set(kinds)
    if not hidden:
        return 0
    done = 0
    for device_id, first, data in _holding(conn, sorted(hidden)):
        try:
            changeset = decode(bytes(data))
            entries = changeset.entries()
        except ChangesetError:
            continue
        touched = [e for e in entries if _hex(e) in hidden and not _is_blank(e)]
        if not touched:
            continue
        header = changeset.header
        dropped = {e.value for e in touched if e.field == "content_hash"}
        own = device_id == me and header.device == me
        kept = [
            replace(e, value=None, key="") if _hex(e) in hidden and not _is_blank(e) else e
            for e in entries
        ]
        fresh = encode(
            header.device,
            (header.first, header.last),
            [entry_line(e) for e in kept],
            header.deps,
            blobs=[b for b in header.blobs if b not in dropped],
            created=header.created,
            name=header.name,
            signer=signer if own else None,
            redacts=[*header.redacts, header.body_sha256[:TAG_LENGTH]],
            erased={**dict(header.erased), **{_hex(e): kinds[_hex(e)] for e in touched}},
        )
        redone = decode(fresh).header
        conn.exec_driver_sql(
            "UPDATE sync_changesets SET data = ?, body_sha256 = ?, size = ?, blobs = ? "
            "WHERE device_id = ? AND first_seq = ?",
            (fresh, redone.body_sha256, len(fresh), _blobs(redone.blobs), device_id, first),
        )
        if not own:
            write_state(conn, {f"{REDACTED_COPY}{device_id}:{first}": "1"})
        done += 1
    return done


def _holding(conn: Connection, records: list[str]) -> list[tuple[str, int, bytes]]:
    """The held changesets holding a change of one of ``records`` (ids, hex)."""
    dots: dict[str, set[int]] = {}
    for start in range(0, len(records), 500):
        chunk = records[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            "SELECT d.device_id, c.seq FROM changes c JOIN devices d ON d.idx = c.device_idx "
            f"WHERE c.record_id IN ({marks})",
            tuple(chunk),
        )
        for device, seq in rows:
            dots.setdefault(str(device), set()).add(int(seq))
    found: list[tuple[str, int, bytes]] = []
    for device, seqs in dots.items():
        ranges = conn.exec_driver_sql(
            "SELECT first_seq, last_seq FROM sync_changesets WHERE device_id = ?", (device,)
        ).all()
        for first, last in ranges:
            if any(first <= seq <= last for seq in seqs):
                data = conn.exec_driver_sql(
                    "SELECT data FROM sync_changesets WHERE device_id = ? AND first_seq = ?",
                    (device, first),
                ).scalar_one()
                found.append((device, int(first), bytes(data)))
    return found


def judge(new: Changeset, old: Changeset) -> str | None:
    """How ``new`` stands to the held ``old`` when both are versions of one changeset
    with some erased values taken out: ``"take"`` (new has every value old took out,
    and its author signed it), ``"ignore"`` (it still holds values old took out), or
    None when they are not versions of one changeset (a fork, or a forgery)."""
    a, b = new.header, old.header
    if (a.device, a.first, a.last) != (b.device, b.first, b.last) or a.key is None:
        return None
    old_tag = b.body_sha256[:TAG_LENGTH]
    if b.key is not None:  # the author's own: the same key, naming it as replaced
        if a.key != b.key or (old_tag not in a.redacts and not set(a.redacts) & set(b.redacts)):
            return None
    elif not set(a.redacts) & set(b.redacts):  # this laptop's copy: of the same original
        return None
    try:
        mine, theirs = new.entries(), old.entries()
    except ChangesetError:
        return None
    if len(mine) != len(theirs):
        return None
    more = False
    for n, o in zip(mine, theirs, strict=True):
        if (n.seq, n.hlc, n.record_id, n.field, n.prev, n.author) != (
            o.seq,
            o.hlc,
            o.record_id,
            o.field,
            o.prev,
            o.author,
        ):
            return None
        if n == o:
            continue
        if _is_blank(n):
            continue
        if _is_blank(o):
            more = True  # old took out a value new still holds
            continue
        return None
    return "ignore" if more else "take"


def newest(reader: Reader, copies: list[FileRef], report: SyncReport) -> list[FileRef]:
    """Of several copies of one range, drop those another copy says it redacts."""
    if len({c.tag for c in copies}) < 2:
        return copies
    superseded: set[str] = set()
    for ref in copies:
        try:
            superseded |= set(reader.open(ref).header.redacts)
        except Exception:  # opened again, and reported, when taken
            continue
    return [c for c in copies if c.tag not in superseded] or copies


def take_redaction(conn: Connection, held_device: str, first: int, changeset: Changeset) -> bool:
    """Settle a copy that is a version of a held changeset with erased values taken out:
    put it in place of the held one when it has every value that one took out, else
    keep the held one; False when it is not such a version."""
    found = conn.exec_driver_sql(
        "SELECT data FROM sync_changesets WHERE device_id = ? AND first_seq = ?",
        (held_device, first),
    ).first()
    if found is None:
        return False
    try:
        old = decode(bytes(found[0]))
    except ChangesetError:
        return False
    verdict = judge(changeset, old)
    if verdict is None:
        return False
    if verdict == "take":
        h = changeset.header
        conn.exec_driver_sql(
            "UPDATE sync_changesets SET data = ?, body_sha256 = ?, size = ?, blobs = ? "
            "WHERE device_id = ? AND first_seq = ?",
            (
                changeset.data,
                h.body_sha256,
                len(changeset.data),
                _blobs(h.blobs),
                held_device,
                first,
            ),
        )
        conn.exec_driver_sql(
            "DELETE FROM local_state WHERE key = ?", (f"{REDACTED_COPY}{held_device}:{first}",)
        )
    return True


def _blobs(hashes: tuple[str, ...]) -> str:
    return json.dumps(list(hashes))
