"""Applying changes from another device (or replaying a log) with the per-field merge.

Per field (or list element) the open dots are ``(open - prev) | {dot}``. One open dot is
a fast-forward; several with different values are a conflict: the value with the highest
clock stamp (ties: device id) is shown on every device, and all values stay in the log.
List elements are add-wins; ``created_at`` keeps the earliest, ``updated_at`` the latest.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update

from smartgrowth_desktop.core import search
from smartgrowth_desktop.core.clock import datetime_of
from smartgrowth_desktop.core.derived import derived_columns
from smartgrowth_desktop.core.device import DeviceState, device_index
from smartgrowth_desktop.core.fieldtypes import Collection, Wire, format_datetime
from smartgrowth_desktop.core.schema import Field, Kind
from smartgrowth_desktop.core.schema import kind as kind_of
from smartgrowth_desktop.core.writer import CHANGES, DEVICES, db_values, dump, table_of, wire_row


@dataclass(frozen=True)
class ChangeEntry:
    """A change as it travels between devices: everything but local bookkeeping."""

    device: str
    seq: int
    hlc: int
    kind: str
    record_id: str
    field: str
    key: str
    value: Wire
    prev: tuple[tuple[str, int], ...]
    author: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "seq": self.seq,
            "hlc": self.hlc,
            "kind": self.kind,
            "record_id": self.record_id,
            "field": self.field,
            "key": self.key,
            "value": self.value,
            "prev": [list(dot) for dot in self.prev],
            "author": self.author,
        }


def read_log(conn: Connection, after_id: int = 0, limit: int | None = None) -> list[ChangeEntry]:
    """Change-log entries in local order (``changes.id`` greater than ``after_id``)."""
    c = CHANGES.c
    query = (
        select(
            DEVICES.c.device_id,
            c.seq,
            c.hlc,
            c.kind,
            c.record_id,
            c.field,
            c.key,
            c.value,
            c.prev,
            c.author,
        )
        .join(DEVICES, DEVICES.c.idx == c.device_idx)
        .where(c.id > after_id)
        .order_by(c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        ChangeEntry(
            device=r.device_id,
            seq=r.seq,
            hlc=r.hlc,
            kind=r.kind,
            record_id=str(r.record_id),
            field=r.field,
            key=r.key,
            value=json.loads(r.value),
            prev=tuple((d, s) for d, s in json.loads(r.prev)),
            author=r.author,
        )
        for r in conn.execute(query)
    ]


@dataclass
class ApplyResult:
    """What applying a batch did: counts, conflicts raised, clocks found far ahead."""

    applied: int = 0
    skipped: int = 0
    conflicts: set[tuple[str, str, str]] = field(default_factory=set)
    drift_ms: dict[str, int] = field(default_factory=dict)
    records: dict[str, set[uuid.UUID]] = field(default_factory=dict)


@dataclass
class _Head:
    row_id: int
    key: str
    device: str
    seq: int
    hlc: int
    value: Wire
    prev: list[tuple[str, int]]
    is_open: bool

    @property
    def order(self) -> tuple[int, str, int]:
        return (self.hlc, self.device, self.seq)


class Merger:
    """Applies change entries to one database inside the caller's transaction."""

    def __init__(self, conn: Connection, state: DeviceState) -> None:
        self.conn = conn
        self.state = state
        self.result = ApplyResult()
        self._devices: dict[str, int] = {}
        self._names: dict[int, str] = {}

    def apply(self, entries: list[ChangeEntry]) -> ApplyResult:
        """Apply entries in order; known dots are skipped, so applying twice is a no-op."""
        touched: dict[tuple[str, uuid.UUID], set[tuple[str, str]]] = {}
        for entry in entries:
            if self._apply_one(entry):
                record_id = uuid.UUID(entry.record_id)
                touched.setdefault((entry.kind, record_id), set()).add((entry.field, entry.key))
        for (kind_name, record_id), fields in touched.items():
            self._refresh_record(kind_of(kind_name), record_id, fields)
        self.state.save(self.conn)
        return self.result

    # -- one entry -----------------------------------------------------------------------

    def _apply_one(self, entry: ChangeEntry) -> bool:
        idx = self._device_idx(entry.device)
        c = CHANGES.c
        known = self.conn.execute(
            select(c.id).where(c.device_idx == idx, c.seq == entry.seq)
        ).first()
        if known is not None:
            self.result.skipped += 1
            return False
        drift = self.state.clock.observe(entry.hlc)
        if drift is not None:
            ahead = self.result.drift_ms.get(entry.device, 0)
            self.result.drift_ms[entry.device] = max(ahead, drift.ahead_ms)
        heads = self._heads(uuid.UUID(entry.record_id), entry.field, entry.key)
        prev = set(entry.prev)
        covered_by_later = any((entry.device, entry.seq) in h.prev for h in heads)
        closing = [h.row_id for h in heads if h.is_open and (h.device, h.seq) in prev]
        if closing:
            self.conn.execute(update(CHANGES).where(c.id.in_(closing)).values(is_open=False))
        self.conn.execute(
            insert(CHANGES).values(
                device_idx=idx,
                seq=entry.seq,
                hlc=entry.hlc,
                kind=entry.kind,
                record_id=uuid.UUID(entry.record_id),
                field=entry.field,
                key=entry.key,
                value=dump(entry.value),
                prev=dump(sorted([list(d) for d in prev])),
                author=entry.author,
                is_open=not covered_by_later,
            )
        )
        self.result.applied += 1
        return True

    def _heads(self, record_id: uuid.UUID, name: str, key: str | None) -> list[_Head]:
        c = CHANGES.c
        query = select(c.id, c.device_idx, c.seq, c.hlc, c.value, c.prev, c.is_open, c.key).where(
            c.record_id == record_id, c.field == name
        )
        if key is not None:
            query = query.where(c.key == key)
        return [
            _Head(
                row_id=r.id,
                key=r.key,
                device=self._device_name(r.device_idx),
                seq=r.seq,
                hlc=r.hlc,
                value=json.loads(r.value),
                prev=[(d, s) for d, s in json.loads(r.prev)],
                is_open=r.is_open,
            )
            for r in self.conn.execute(query)
        ]

    # -- materializing records ---------------------------------------------------------------

    def _refresh_record(
        self, kind: Kind, record_id: uuid.UUID, fields: set[tuple[str, str]]
    ) -> None:
        table = table_of(kind)
        stored = self.conn.execute(select(table).where(table.c.id == record_id)).first()
        if stored is None:
            current: dict[str, Wire] = {f.name: None for f in kind.fields}
            current.update({f.name: [] for f in kind.fields if isinstance(f.type, Collection)})
        else:
            current = wire_row(kind, stored)
        names = {name for name, _ in fields if name in kind.by_name}
        for name in names:
            spec = kind.by_name[name]
            current[name] = self._field_value(record_id, spec)
        fallback = format_datetime(datetime_of(self.state.clock.last))
        current["created_at"] = current.get("created_at") or fallback
        current["updated_at"] = current.get("updated_at") or current["created_at"]
        row = db_values(kind, {n: current[n] for n in names | {"created_at", "updated_at"}})
        row.update(derived_columns(kind.name, current))
        if stored is None:
            row.update(db_values(kind, {n: v for n, v in current.items() if n not in row}))
            self.conn.execute(insert(table).values(id=record_id, **row))
        else:
            self.conn.execute(update(table).where(table.c.id == record_id).values(**row))
        search.reindex(self.conn, kind.name, [(record_id, current)])
        self.result.records.setdefault(kind.name, set()).add(record_id)

    def _field_value(self, record_id: uuid.UUID, spec: Field) -> Wire:
        heads = [h for h in self._heads(record_id, spec.name, None) if h.is_open]
        if isinstance(spec.type, Collection):
            by_key: dict[str, list[_Head]] = {}
            for head in heads:
                by_key.setdefault(head.key, []).append(head)
            present: list[tuple[tuple[int, str, int], Wire]] = []
            for open_heads in by_key.values():
                alive = [h for h in open_heads if h.value is not None]
                if alive:
                    best = max(alive, key=lambda h: h.order)
                    present.append((best.order, best.value))
            return [value for _, value in sorted(present, key=lambda p: p[0])]
        if not heads:
            return None
        if spec.policy == "max":
            return max(h.value for h in heads if h.value is not None)
        if spec.policy == "min":
            return min(h.value for h in heads if h.value is not None)
        winner = max(heads, key=lambda h: h.order)
        if len({dump(h.value) for h in heads}) > 1:
            self.result.conflicts.add((spec.name, str(record_id), ""))
        return winner.value

    def _device_idx(self, device_id: str) -> int:
        if device_id not in self._devices:
            self._devices[device_id] = device_index(self.conn, device_id)
            self._names[self._devices[device_id]] = device_id
        return self._devices[device_id]

    def _device_name(self, idx: int) -> str:
        if idx not in self._names:
            found = self.conn.execute(select(DEVICES.c.device_id).where(DEVICES.c.idx == idx))
            self._names[idx] = found.scalar_one()
        return self._names[idx]
