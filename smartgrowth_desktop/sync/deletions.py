"""Changesets that delete many records wait for a person to confirm them.

A colleague's laptop that deletes hundreds of records in one go (a slip, a script, a
broken import, a hostile member) should not empty everyone's profile silently. A
received changeset deleting more records that are alive here than the threshold
(``local_state`` ``delete_hold_threshold``, 50 by default; 0 turns the hold off) is kept
but not applied; it is listed with what it deletes until someone applies it, or keeps
the records (the deletion is applied and the records restored at once, a change that
syncs like any other).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from smartgrowth_desktop.core.change_entry import ChangeEntry
from smartgrowth_desktop.core.device import read_state, write_state
from smartgrowth_desktop.core.references import name_sql
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.sync.changeset import Header

THRESHOLD_KEY = "delete_hold_threshold"
DEFAULT_THRESHOLD = 50
HELD_PREFIX = "held_deletes:"
CONFIRMED_PREFIX = "confirmed_deletes:"
SAMPLE = 8
CHUNK = 500


@dataclass(frozen=True)
class HeldDeletion:
    """A held changeset: whose, which changes, and the records it would delete."""

    device: str
    first: int
    last: int
    by_kind: dict[str, int]
    sample: list[str]
    records: list[tuple[str, str]]  # (kind, record id)

    @property
    def key(self) -> str:
        return f"{self.device}:{self.first}"

    @property
    def count(self) -> int:
        return sum(self.by_kind.values())

    def describe(self, label: str) -> str:
        kinds = ", ".join(
            f"{n} {k.replace('_', '-')}{'s' if n != 1 else ''}" for k, n in self.by_kind.items()
        )
        names = "; ".join(self.sample)
        more = "…" if self.count > len(self.sample) else ""
        return (
            f"{label} deletes {self.count} records ({kinds}: {names}{more}); held until you "
            "apply or keep them (Sync page, or smartgrowth-cli deletions)"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "device": self.device,
            "first": self.first,
            "last": self.last,
            "count": self.count,
            "by_kind": self.by_kind,
            "sample": self.sample,
            "records": [list(r) for r in self.records],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HeldDeletion:
        return cls(
            device=str(data["device"]),
            first=int(data["first"]),
            last=int(data["last"]),
            by_kind={str(k): int(v) for k, v in data["by_kind"].items()},
            sample=[str(s) for s in data["sample"]],
            records=[(str(k), str(r)) for k, r in data["records"]],
        )


def threshold(conn: Connection) -> int:
    """How many live records one changeset may delete without being held (0: no hold)."""
    stored = read_state(conn).get(THRESHOLD_KEY)
    try:
        return max(0, int(stored)) if stored is not None else DEFAULT_THRESHOLD
    except ValueError:
        return DEFAULT_THRESHOLD


def set_threshold(conn: Connection, value: int) -> None:
    write_state(conn, {THRESHOLD_KEY: str(max(0, int(value)))})


def held(conn: Connection) -> list[HeldDeletion]:
    """Every changeset held for confirmation, oldest device and range first."""
    found = [
        HeldDeletion.from_json(json.loads(value))
        for key, value in read_state(conn).items()
        if key.startswith(HELD_PREFIX)
    ]
    return sorted(found, key=lambda h: (h.device, h.first))


def held_keys(conn: Connection) -> set[tuple[str, int]]:
    return {(h.device, h.first) for h in held(conn)}


def hold_if_needed(conn: Connection, header: Header, entries: list[ChangeEntry]) -> bool:
    """Hold the changeset (True) when it deletes too many live records; else False."""
    limit = threshold(conn)
    key = f"{header.device}:{header.first}"
    if not limit or f"{CONFIRMED_PREFIX}{key}" in read_state(conn):
        return False
    deleted: dict[str, set[str]] = {}
    for entry in entries:
        if entry.field == "deleted_at" and entry.value is not None and entry.kind in KINDS:
            deleted.setdefault(entry.kind, set()).add(entry.record_id)
    if sum(len(ids) for ids in deleted.values()) <= limit:
        return False
    live = _live(conn, deleted)
    if sum(len(rows) for rows in live.values()) <= limit:
        return False
    sample = sorted(name for rows in live.values() for _, name in rows if name)[:SAMPLE]
    found = HeldDeletion(
        header.device,
        header.first,
        header.last,
        {kind: len(rows) for kind, rows in live.items() if rows},
        sample,
        [(kind, record) for kind, rows in live.items() for record, _ in rows],
    )
    write_state(conn, {HELD_PREFIX + key: json.dumps(found.to_json(), ensure_ascii=False)})
    return True


def confirm(conn: Connection, device: str, first: int) -> HeldDeletion | None:
    """Let a held changeset be applied; returns what it held (None: nothing held)."""
    key = f"{device}:{first}"
    stored = read_state(conn).get(HELD_PREFIX + key)
    if stored is None:
        return None
    conn.exec_driver_sql("DELETE FROM local_state WHERE key = ?", (HELD_PREFIX + key,))
    write_state(conn, {CONFIRMED_PREFIX + key: "1"})
    return HeldDeletion.from_json(json.loads(stored))


def _live(conn: Connection, deleted: dict[str, set[str]]) -> dict[str, list[tuple[str, str]]]:
    """Of the records to delete, those here and not deleted: (id, name) by kind."""
    live: dict[str, list[tuple[str, str]]] = {}
    for kind, ids in deleted.items():
        table = KINDS[kind].model.__tablename__
        hexes = sorted(uuid.UUID(i).hex for i in ids)
        rows: list[tuple[str, str]] = []
        for start in range(0, len(hexes), CHUNK):
            chunk = hexes[start : start + CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows.extend(
                (str(uuid.UUID(hex=r[0])), r[1] or "")
                for r in conn.exec_driver_sql(
                    f"SELECT id, {name_sql(kind)} FROM {table} "
                    f"WHERE id IN ({marks}) AND deleted_at IS NULL",
                    tuple(chunk),
                )
            )
        live[kind] = rows
    return live
