"""Applying changes from another device (or replaying a log) with the per-field merge.

Per field (or list element) the open dots are ``(open - prev) | {dot}``. One open dot is
a fast-forward; several with different values are a conflict: the value with the highest
clock stamp (ties: device id) is shown on every device, all values stay in the log and the
field is listed in ``conflicts`` until a change covers them all. List elements are
add-wins; ``created_at`` keeps the earliest, ``updated_at`` the latest.

Deletion: concurrent deletes agree quietly; a delete concurrent with an edit (an
``updated_at`` change the deleting device had not seen, and that had not seen the delete)
keeps the record and raises a conflict on ``deleted_at``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, select

from smartgrowth_desktop.core import erasure, search
from smartgrowth_desktop.core.change_entry import ChangeEntry as ChangeEntry
from smartgrowth_desktop.core.clock import datetime_of
from smartgrowth_desktop.core.derived import derived_columns
from smartgrowth_desktop.core.device import DeviceState, device_index
from smartgrowth_desktop.core.fieldtypes import Collection, Wire, format_datetime
from smartgrowth_desktop.core.schema import KIND_ORDER, KINDS, Field, Kind
from smartgrowth_desktop.core.sort_keys import (
    follow_organizations,
    follow_references,
    profile_collation,
    reference_fields,
)
from smartgrowth_desktop.core.writer import (
    CHANGES,
    DEVICES,
    INSERT_CHANGE,
    conflict_id,
    db_values,
    dump,
    insert_rows,
    table_of,
    update_rows,
    wire_row,
)

CHUNK = 500  # ids per IN (...) query
Dot = tuple[str, int]
_NO_DOTS: frozenset[Dot] = frozenset()


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
    """What applying a batch did: counts, conflicts, clocks found far ahead, forks.

    ``forks`` counts, per device, dots we already had with a different content: two
    profiles writing under one device id (a copied or restored profile).
    """

    applied: int = 0
    skipped: int = 0
    conflicts: set[tuple[str, str, str]] = field(default_factory=set)
    drift_ms: dict[str, int] = field(default_factory=dict)
    records: dict[str, set[uuid.UUID]] = field(default_factory=dict)
    forks: dict[str, int] = field(default_factory=dict)
    #: attachment contents no record uses any more after an erasure (files to delete)
    erased_blobs: set[str] = field(default_factory=set)
    #: records erased by this batch (id hex -> kind)
    erased: dict[str, str] = field(default_factory=dict)
    #: whether some change of the batch was stored without its value (an erased person)
    redacted: bool = False


@dataclass
class _Head:
    row_id: int | None  # None: inserted by the batch being applied
    device: str
    seq: int
    hlc: int
    value: Wire
    prev: frozenset[Dot]
    is_open: bool

    @property
    def dot(self) -> Dot:
        return (self.device, self.seq)

    @property
    def order(self) -> tuple[int, str, int]:
        return (self.hlc, self.device, self.seq)


# record -> field -> key -> every change of that element, in local order
_History = dict[str, dict[str, list[_Head]]]


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class Merger:
    """Applies change entries to one database inside the caller's transaction."""

    def __init__(self, conn: Connection, state: DeviceState) -> None:
        self.conn = conn
        self.state = state
        self.result = ApplyResult()
        self._devices: dict[str, int] = {}
        self._names: dict[int, str] = {}
        self._history: dict[uuid.UUID, _History] = {}
        self._ids: dict[str, uuid.UUID] = {}

    def _id(self, text: str) -> uuid.UUID:
        """A record id from its text (cached: a batch names few records many times)."""
        found = self._ids.get(text)
        if found is None:
            found = self._ids[text] = uuid.UUID(text)
        return found

    def apply(self, entries: Iterable[ChangeEntry]) -> ApplyResult:
        """Apply entries in order; known dots are skipped, so applying twice is a no-op.

        Changes of an erased person (``core/erasure.py``) are kept without their values.
        """
        entries = list(entries)
        hidden, newly = self._erasures(entries)
        fresh = self._unknown(entries, hidden)
        if fresh:
            if hidden:
                self.result.erased_blobs |= {
                    e.value
                    for e in fresh
                    if e.field == "content_hash" and isinstance(e.value, str)
                    and self._hex(e) in hidden
                }  # fmt: skip
                fresh = [_redacted(e) if self._hex(e) in hidden else e for e in fresh]
                self.result.redacted = any(self._hex(e) in hidden for e in fresh)
            self._observe(fresh)
            self._load_history(list({self._id(text) for text in {e.record_id for e in fresh}}))
            touched: dict[uuid.UUID, tuple[str, set[str]]] = {}
            slots: dict[str, tuple[_History, set[str]]] = {}
            placed = [self._place(entry, touched, slots) for entry in fresh]
            self._insert(fresh, placed)
            for record_id in [r for r in touched if r.hex in hidden]:
                del touched[record_id]
            self._materialize(touched)
        if newly:
            self.result.erased_blobs |= erasure.forget(self.conn, newly)
            self.result.erased.update(newly)
        self.state.save(self.conn)
        return self.result

    def _hex(self, entry: ChangeEntry) -> str:
        return self._id(entry.record_id).hex

    def _erasures(self, entries: list[ChangeEntry]) -> tuple[set[str], dict[str, str]]:
        """The records whose changes arrive redacted (erased here, erased by this batch,
        files of an erased person) and those this batch erases (id hex -> kind)."""
        known = erasure.erased(self.conn)
        marked = {self._hex(e): e.kind for e in entries if e.field == erasure.ERASED}
        newly = dict(marked)  # forgetting again is harmless: rows may have come since
        if not known and not newly:
            return set(), {}
        owners = {h for h, k in {**known, **newly}.items() if k in erasure.ERASABLE}
        for entry in entries:
            if entry.kind == "attachment" and entry.field == "owner_id":
                try:
                    owner = uuid.UUID(str(entry.value)).hex
                except ValueError:
                    continue
                if owner in owners and self._hex(entry) not in known:
                    newly[self._hex(entry)] = "attachment"
        return set(known) | set(newly), newly

    def refresh(self, record_ids: list[uuid.UUID]) -> ApplyResult:
        """Recompute which changes are open, and the records shown, from the log alone.

        After the log's dots were relabeled (two histories under one device id,
        ``sync/forks.py``): a change is open when no change of the same element names it
        in its ``prev``, which depends on the set of changes only, not their order.
        """
        self._load_history(record_ids)
        touched: dict[uuid.UUID, tuple[str, set[str]]] = {}
        kinds: dict[str, str] = {}
        for chunk in _chunks(record_ids):
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.exec_driver_sql(
                f"SELECT DISTINCT record_id, kind FROM changes WHERE record_id IN ({marks})",
                tuple(r.hex for r in chunk),
            )
            kinds.update((str(row[0]), str(row[1])) for row in rows)
        for record_id in record_ids:
            history = self._history[record_id]
            for by_key in history.values():
                for heads in by_key.values():
                    self._reopen(heads)
            kind = kinds.get(record_id.hex)
            if kind is not None:
                touched[record_id] = (kind, set(history))
        self._materialize(touched)
        return self.result

    def _reopen(self, heads: list[_Head]) -> None:
        covered = {dot for head in heads for dot in head.prev}
        for head in heads:
            is_open = head.dot not in covered
            if is_open != head.is_open and head.row_id is not None:
                self.conn.exec_driver_sql(
                    "UPDATE changes SET is_open = ? WHERE id = ?", (is_open, head.row_id)
                )
            head.is_open = is_open

    # -- which entries are new -----------------------------------------------------------

    def _unknown(self, entries: list[ChangeEntry], hidden: set[str]) -> list[ChangeEntry]:
        by_device: dict[str, list[ChangeEntry]] = {}
        for entry in entries:
            by_device.setdefault(entry.device, []).append(entry)
        known: set[Dot] = set()
        for device, group in by_device.items():
            known |= self._known_dots(device, group, hidden)
        fresh: list[ChangeEntry] = []
        for entry in entries:
            if (entry.device, entry.seq) in known:
                self.result.skipped += 1
                continue
            known.add((entry.device, entry.seq))
            fresh.append(entry)
        return fresh

    def _known_dots(self, device: str, group: list[ChangeEntry], hidden: set[str]) -> set[Dot]:
        """The dots of ``group`` already in the log (a different content there is a fork)."""
        seqs = [e.seq for e in group]
        rows = self.conn.exec_driver_sql(
            "SELECT seq, hlc, record_id, field, key, value FROM changes "
            "WHERE device_idx = ? AND seq BETWEEN ? AND ?",
            (self._device_idx(device), min(seqs), max(seqs)),
        ).all()
        known: set[Dot] = set()
        if not rows:  # none of them is here yet: a first sync
            return known
        stored = {r[0]: tuple(r[1:]) for r in rows}
        for entry in group:
            found = stored.get(entry.seq)
            if found is None:
                continue
            known.add((device, entry.seq))
            if self._hex(entry) in hidden:
                continue  # kept without its value here: the two copies cannot be compared
            mine = (entry.hlc, self._id(entry.record_id).hex, entry.field, entry.key)
            if found[:4] != mine or found[4] != dump(entry.value):
                self.result.forks[device] = self.result.forks.get(device, 0) + 1
        return known

    def _observe(self, fresh: list[ChangeEntry]) -> None:
        """Move our clock past the peers' stamps, except those far ahead (kept as drift)."""
        latest: dict[str, int] = {}
        for entry in fresh:
            latest[entry.device] = max(entry.hlc, latest.get(entry.device, 0))
        for device, stamp in latest.items():
            drift = self.state.clock.observe(stamp)
            if drift is not None:
                ahead = self.result.drift_ms.get(device, 0)
                self.result.drift_ms[device] = max(ahead, drift.ahead_ms)

    # -- placing entries among the heads ---------------------------------------------------

    def _load_history(self, record_ids: list[uuid.UUID]) -> None:
        for record_id in record_ids:
            self._history.setdefault(record_id, {})
        for chunk in _chunks(record_ids):
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.exec_driver_sql(
                "SELECT id, device_idx, seq, hlc, record_id, field, key, value, prev, is_open "
                f"FROM changes WHERE record_id IN ({marks}) ORDER BY id",
                tuple(r.hex for r in chunk),
            )
            for row in rows:
                head = _Head(
                    row_id=row[0],
                    device=self._device_name(row[1]),
                    seq=row[2],
                    hlc=row[3],
                    value=json.loads(row[7]),
                    prev=frozenset((d, s) for d, s in json.loads(row[8])),
                    is_open=bool(row[9]),
                )
                history = self._history[uuid.UUID(hex=row[4])]
                history.setdefault(row[5], {}).setdefault(row[6], []).append(head)

    def _place(
        self,
        entry: ChangeEntry,
        touched: dict[uuid.UUID, tuple[str, set[str]]],
        slots: dict[str, tuple[_History, set[str]]],
    ) -> _Head:
        """Put ``entry`` among its element's changes; ``slots`` caches, per record id text,
        its history and touched fields (a record's changes come together)."""
        slot = slots.get(entry.record_id)
        if slot is None:
            record_id = self._id(entry.record_id)
            noted = touched.get(record_id)
            if noted is None:
                noted = touched[record_id] = (entry.kind, set())
            slot = slots[entry.record_id] = (self._history[record_id], noted[1])
        history, fields = slot
        heads = history.setdefault(entry.field, {}).setdefault(entry.key, [])
        prev = frozenset((str(d), int(s)) for d, s in entry.prev) if entry.prev else _NO_DOTS
        covered_by_later = False
        if heads:  # a new element (most of a first sync) has nothing to close or be covered by
            dot = (entry.device, entry.seq)
            covered_by_later = any(dot in h.prev for h in heads)
            closing = [h for h in heads if h.is_open and h.dot in prev]
            for head in closing:
                head.is_open = False
            if any(h.row_id is not None for h in closing):
                self.conn.exec_driver_sql(
                    "UPDATE changes SET is_open = 0 WHERE id = ?",
                    [(h.row_id,) for h in closing if h.row_id is not None],
                )
        head = _Head(None, entry.device, entry.seq, entry.hlc, entry.value, prev, True)
        head.is_open = not covered_by_later
        heads.append(head)
        fields.add(entry.field)
        self.result.applied += 1
        return head

    def _insert(self, entries: list[ChangeEntry], heads: list[_Head]) -> None:
        hexes = {text: self._id(text).hex for text in {e.record_id for e in entries}}
        devices = {device: self._device_idx(device) for device in {e.device for e in entries}}
        rows = [
            (
                devices[e.device],
                e.seq,
                e.hlc,
                e.kind,
                hexes[e.record_id],
                e.field,
                e.key,
                dump(e.value),
                dump(sorted([list(d) for d in h.prev])) if h.prev else "[]",
                e.author,
                h.is_open,
            )
            for e, h in zip(entries, heads, strict=True)
        ]
        self.conn.exec_driver_sql(INSERT_CHANGE, rows)

    # -- materializing records -------------------------------------------------------------

    def _materialize(self, touched: dict[uuid.UUID, tuple[str, set[str]]]) -> None:
        by_kind: dict[str, dict[uuid.UUID, set[str]]] = {}
        for record_id, (kind_name, names) in touched.items():
            if kind_name in KINDS:  # changes of kinds we do not know are kept, not shown
                by_kind.setdefault(kind_name, {})[record_id] = names
        existing = self._open_conflicts(list(touched))
        for kind_name in KIND_ORDER:  # whatever order the changes came in
            if kind_name in by_kind:
                self._materialize_kind(KINDS[kind_name], by_kind[kind_name], existing)
        self._follow_organizations(by_kind)

    def _follow_organizations(self, by_kind: dict[str, dict[uuid.UUID, set[str]]]) -> None:
        """Copy organizations' sort keys once every kind of the batch is in place."""
        renamed = [i for i, names in by_kind.get("organization", {}).items() if "name" in names]
        follow_organizations(self.conn, renamed)
        for kind_name, records in by_kind.items():
            for ref in reference_fields(kind_name):
                moved = [i for i, names in records.items() if ref in names]
                follow_references(self.conn, kind_name, moved, {ref})

    def _materialize_kind(
        self, kind: Kind, records: dict[uuid.UUID, set[str]], existing: dict[uuid.UUID, set[str]]
    ) -> None:
        table = table_of(kind)
        collation = profile_collation(self.conn)
        stored: dict[uuid.UUID, dict[str, Wire]] = {}
        for chunk in _chunks(list(records)):
            for found in self.conn.execute(select(table).where(table.c.id.in_(chunk))):
                stored[found.id] = wire_row(kind, found)
        fresh_rows: list[dict[str, Any]] = []
        changed_rows: list[tuple[uuid.UUID, dict[str, Any]]] = []
        indexed: list[tuple[uuid.UUID, dict[str, Any] | None]] = []
        new_indexed: list[tuple[uuid.UUID, dict[str, Any]]] = []
        for record_id, names in records.items():
            known = stored.get(record_id)
            current = known or _blank(kind)
            evaluated = self._evaluate(kind, record_id, names, current, existing.get(record_id))
            derived = derived_columns(kind.name, current, collation)
            if known is not None:
                row = db_values(kind, {n: current[n] for n in evaluated})
                row.update(derived)
                changed_rows.append((record_id, row))
                indexed.append((record_id, current))
            else:  # no row yet, so no index row either: nothing to replace
                fresh_rows.append({**db_values(kind, current), **derived, "id": record_id})
                new_indexed.append((record_id, current))
        insert_rows(self.conn, table, fresh_rows)
        update_rows(self.conn, table, changed_rows)
        search.reindex(self.conn, kind.name, indexed)
        search.insert_new(self.conn, kind.name, new_indexed)
        self.result.records.setdefault(kind.name, set()).update(records)

    def _evaluate(
        self,
        kind: Kind,
        record_id: uuid.UUID,
        names: set[str],
        current: dict[str, Wire],
        existing: set[str] | None,
    ) -> set[str]:
        """Recompute the touched fields of one record in ``current``; returns their names."""
        names = {name for name in names if name in kind.by_name}
        if names & {"updated_at", "deleted_at"}:
            names |= {"updated_at", "deleted_at"}
        conflicted: set[str] = set()
        history = self._history[record_id]
        for name in names - {"deleted_at"}:
            current[name] = self._field_value(history, kind.by_name[name], conflicted)
        if "deleted_at" in names:
            current["deleted_at"] = self._deletion(history, conflicted)
        if not current.get("created_at"):
            current["created_at"] = format_datetime(datetime_of(self.state.clock.last))
        current["updated_at"] = current.get("updated_at") or current["created_at"]
        self._note_conflicts(kind, record_id, names, conflicted, existing)
        return names | {"created_at", "updated_at"}

    def _field_value(self, history: _History, spec: Field, conflicted: set[str]) -> Wire:
        by_key = history.get(spec.name, {})
        if isinstance(spec.type, Collection):
            present: list[tuple[tuple[int, str, int], Wire]] = []
            for heads in by_key.values():
                alive = [h for h in heads if h.is_open and h.value is not None]
                if alive:
                    best = max(alive, key=lambda h: h.order)
                    present.append((best.order, best.value))
            return [value for _, value in sorted(present, key=lambda p: p[0])]
        heads = [h for h in by_key.get("", []) if h.is_open]
        if not heads:
            return None
        if spec.policy in ("max", "min"):
            values = [h.value for h in heads if h.value is not None]
            if not values:
                return None
            return max(values) if spec.policy == "max" else min(values)
        if len(heads) == 1:  # a fast-forward: the usual case
            return heads[0].value
        if len({dump(h.value) for h in heads}) > 1:
            conflicted.add(spec.name)
        return max(heads, key=lambda h: h.order).value

    def _deletion(self, history: _History, conflicted: set[str]) -> Wire:
        """``deleted_at`` as shown: set only when every open delete stands uncontested."""
        heads = [h for h in history.get("deleted_at", {}).get("", []) if h.is_open]
        deletes = [h for h in heads if h.value is not None]
        if not deletes:
            return None
        if len(deletes) < len(heads) or _contested(history, deletes):
            conflicted.add("deleted_at")
            return None
        return max(deletes, key=lambda h: h.order).value

    # -- the conflicts table --------------------------------------------------------------

    def _open_conflicts(self, record_ids: list[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
        """The fields with an open conflict, for the records that have any."""
        found: dict[uuid.UUID, set[str]] = {}
        for chunk in _chunks(record_ids):
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.exec_driver_sql(
                f"SELECT record_id, field FROM conflicts WHERE record_id IN ({marks})",
                tuple(r.hex for r in chunk),
            )
            for record_hex, name in rows:
                found.setdefault(uuid.UUID(hex=record_hex), set()).add(name)
        return found

    def _note_conflicts(
        self,
        kind: Kind,
        record_id: uuid.UUID,
        names: set[str],
        conflicted: set[str],
        existing: set[str] | None,
    ) -> None:
        for name in conflicted:
            self.result.conflicts.add((name, str(record_id), ""))
        raised = conflicted - (existing or set())
        settled = (existing or set()) & (names - conflicted)
        if raised:
            self.conn.exec_driver_sql(
                "INSERT OR IGNORE INTO conflicts (id, kind, record_id, field, key, raised_hlc) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        conflict_id(record_id, name, ""),
                        kind.name,
                        record_id.hex,
                        name,
                        "",
                        self.state.clock.last,
                    )
                    for name in sorted(raised)
                ],
            )
        if settled:
            self.conn.exec_driver_sql(
                "DELETE FROM conflicts WHERE id = ?",
                [(conflict_id(record_id, name, ""),) for name in sorted(settled)],
            )
        if existing is not None:
            existing |= raised
            existing -= settled

    # -- devices ------------------------------------------------------------------------------

    def _device_idx(self, device_id: str) -> int:
        if device_id not in self._devices:
            self._devices[device_id] = device_index(self.conn, device_id)
            self._names[self._devices[device_id]] = device_id
        return self._devices[device_id]

    def _device_name(self, idx: int) -> str:
        if idx not in self._names:
            for row in self.conn.exec_driver_sql("SELECT idx, device_id FROM devices"):
                self._names[row[0]] = row[1]
                self._devices[row[1]] = row[0]
        return self._names[idx]


def _redacted(entry: ChangeEntry) -> ChangeEntry:
    """``entry`` without what it said of an erased person (its dot and place kept)."""
    if erasure.keeps(entry.field) or (entry.value is None and not entry.key):
        return entry
    return replace(entry, value=None, key="")


def _blank(kind: Kind) -> dict[str, Wire]:
    blank: dict[str, Wire] = {f.name: None for f in kind.fields}
    blank.update({f.name: [] for f in kind.fields if isinstance(f.type, Collection)})
    return blank


def _contested(history: _History, deletes: list[_Head]) -> bool:
    """Whether some edit is concurrent with one of the open deletes.

    Every write of a record also writes its ``updated_at``, so that field's changes and
    their ``prev`` form the record's causal history. An edit is concurrent with a delete
    when neither is an ancestor of the other; other deletes do not count (they agree).
    """
    marks = history.get("updated_at", {}).get("", [])
    delete_stamps = {
        (h.device, h.hlc) for h in history.get("deleted_at", {}).get("", []) if h.value is not None
    }
    by_dot = {m.dot: m for m in marks}
    children: dict[Dot, list[Dot]] = {}
    for mark in marks:
        for dot in mark.prev:
            children.setdefault(dot, []).append(mark.dot)
    for delete in deletes:
        companions = [m for m in marks if (m.device, m.hlc) == (delete.device, delete.hlc)]
        if not companions:
            continue
        own = max(companions, key=lambda m: m.seq).dot
        related = _reach(own, lambda d: by_dot[d].prev if d in by_dot else ())
        related |= _reach(own, lambda d: children.get(d, ()))
        if any(m.dot not in related and (m.device, m.hlc) not in delete_stamps for m in marks):
            return True
    return False


def _reach(start: Dot, step: Callable[[Dot], Iterable[Dot]]) -> set[Dot]:
    """``start`` and every dot reachable from it by ``step``."""
    seen = {start}
    todo = [start]
    while todo:
        for nxt in step(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
