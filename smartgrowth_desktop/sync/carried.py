"""Travel mode's sync rule: which received changes a laptop carrying some missions applies.

A change is carried when its record is on this laptop (a departure left only the kept
records, ``services/travel_leave.py``), when it creates a record that hangs from a
carried one (a colleague's new meeting, lead or follow-up of a carried mission, the
attachments of carried records, the people and organizations a carried record points
to), when it is a market (reference data), or when it erases someone (an erasure
reaches every laptop). The rest is not applied here; the changeset is kept as held
without its bytes and "Back from travel" applies it from the sync target.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.change_entry import ChangeEntry
from smartgrowth_desktop.core.schema import KINDS

CHUNK = 400

#: a new record of the first kind is carried when one of these fields names a carried
#: record (scalar pointer fields)
_HANGS_FROM: dict[str, tuple[str, ...]] = {
    "meeting": ("mission_id",),
    "lead": ("mission_id",),
    "follow_up": ("meeting_id", "lead_id"),
    "stage_change": ("lead_id",),
    "attachment": ("owner_id",),
}
#: fields of carried records whose values (or set members) bring the records they name
_BRINGS = (
    "organization_id",
    "sme_id",
    "attendee_ids",
    "organization_ids",
    "sme_ids",
)


_POINTERS = {field for fields in _HANGS_FROM.values() for field in fields}


def _hex(text: Any) -> str | None:
    try:
        return uuid.UUID(str(text)).hex
    except ValueError:
        return None


def _present(conn: Connection, kind: str, ids: set[str]) -> set[str]:
    """Which of ``ids`` have a row (live or deleted) in ``kind``'s table."""
    table = str(KINDS[kind].model.__tablename__)
    found: set[str] = set()
    wanted = sorted(ids)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(f"SELECT id FROM {table} WHERE id IN ({marks})", tuple(chunk))
        found.update(str(r[0]) for r in rows)
    return found


def _named(entry: ChangeEntry) -> set[str]:
    """The record ids a pointer entry names (its value, or a set member's key)."""
    found = {_hex(entry.key)} if entry.key else set()
    value = entry.value
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    values = value if isinstance(value, list) else [value]
    found |= {_hex(v) for v in values if isinstance(v, str)}
    return {f for f in found if f}


def carried(conn: Connection, entries: Iterable[ChangeEntry]) -> tuple[list[ChangeEntry], int]:
    """The entries this travelling laptop applies, and how many it leaves for later."""
    entries = list(entries)
    by_record: dict[str, list[ChangeEntry]] = {}
    for entry in entries:
        record = _hex(entry.record_id)
        if record is not None:
            by_record.setdefault(record, []).append(entry)
    kinds = {r: es[0].kind for r, es in by_record.items()}
    named = {n for es in by_record.values() for e in es if e.field in _POINTERS for n in _named(e)}
    keep: set[str] = set()
    for kind in KINDS:  # the records named here that this laptop carries
        wanted = {r for r, k in kinds.items() if k == kind} | named
        keep |= _present(conn, kind, wanted)
    keep |= {r for r, k in kinds.items() if k == "market"}
    changed = True
    while changed:  # a new meeting brings its follow-ups, attendees and organizations
        changed = False
        for record, found in by_record.items():
            if record in keep:
                continue
            pointers = _HANGS_FROM.get(kinds[record], ())
            if any(e.field in pointers and _named(e) & keep for e in found):
                keep.add(record)
                changed = True
        brought = {
            named
            for record in keep
            for e in by_record.get(record, ())
            if e.field in _BRINGS
            for named in _named(e)
        }
        new = (brought & set(by_record)) - keep
        if new:
            keep |= new
            changed = True
    applied = [e for e in entries if e.field == erasure.ERASED or _hex(e.record_id) in keep]
    return applied, len(entries) - len(applied)


def carried_blobs(conn: Connection, hashes: list[str]) -> list[str]:
    """Of ``hashes``, the contents of attachments this laptop carries."""
    if not hashes:
        return []
    marks = ", ".join("?" for _ in hashes)
    rows = conn.exec_driver_sql(
        f"SELECT DISTINCT content_hash FROM attachments WHERE deleted_at IS NULL "
        f"AND content_hash IN ({marks})",
        tuple(hashes),
    )
    found = {str(r[0]) for r in rows}
    return [h for h in hashes if h in found]
