"""The one write path: every create, edit, delete and restore goes through a ``Writer``.

A writer lives inside one database transaction. It updates the record tables, appends
one field-level change per changed field (or list element) to the change log, and keeps
the search index current, all in that transaction: a rollback leaves no trace anywhere.
Values arrive already normalized to their wire form (see ``fieldtypes``).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Collection as AnyCollection
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, select, update

from smartgrowth_desktop.core import erasure, search
from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core.bulk_rows import row_plan
from smartgrowth_desktop.core.clock import datetime_of
from smartgrowth_desktop.core.derived import derived_columns
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.errors import NotFoundError
from smartgrowth_desktop.core.fieldtypes import Collection, Wire, format_datetime
from smartgrowth_desktop.core.models import Change, Device
from smartgrowth_desktop.core.schema import Kind
from smartgrowth_desktop.core.schema import kind as kind_of
from smartgrowth_desktop.core.sort_keys import (
    follow_organizations,
    follow_references,
    profile_collation,
)
from smartgrowth_desktop.core.wire import dump as dump

CHANGES: Table = Change.__table__  # type: ignore[assignment]
DEVICES: Table = Device.__table__  # type: ignore[assignment]


CHANGE_COLUMNS = ("device_idx", "seq", "hlc", "kind", "record_id", "field", "key", "value",
                  "prev", "author", "is_open")  # fmt: skip
INSERT_CHANGE = (
    f"INSERT INTO changes ({', '.join(CHANGE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in CHANGE_COLUMNS)})"
)


def conflict_id(record_id: uuid.UUID, name: str, key: str) -> str:
    """The id of a record field's conflict: the same on every device."""
    return hashlib.sha256(f"{record_id.hex}/{name}/{key}".encode()).hexdigest()[:16]


def table_of(kind: Kind) -> Table:
    return kind.model.__table__  # type: ignore[return-value]


def wire_row(kind: Kind, stored: Any) -> dict[str, Wire]:
    """A record row (from SQL) as wire values, one per declared field."""
    mapping = stored._mapping
    return {f.name: f.type.to_wire(mapping[f.name]) for f in kind.fields}


@lru_cache(maxsize=32)
def _converted_fields(kind_name: str) -> frozenset[str]:
    """The fields whose wire value is not already the column value."""
    plain = ft.FieldType.to_db
    return frozenset(f.name for f in kind_of(kind_name).fields if type(f.type).to_db is not plain)


def db_values(kind: Kind, values: dict[str, Wire]) -> dict[str, Any]:
    """Wire values converted to column values."""
    converted = _converted_fields(kind.name)
    return {
        name: kind.by_name[name].type.to_db(value) if name in converted else value
        for name, value in values.items()
    }


def unique_elements(spec: Collection, items: list[Wire]) -> list[Wire]:
    """A list value without repeated elements (a list merges as a set: one per key)."""
    keys = [spec.key_of(item) for item in items]
    if len(set(keys)) == len(keys):
        return items
    seen: set[str] = set()
    kept: list[Wire] = []
    for key, item in zip(keys, items, strict=True):
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


@dataclass
class WriteSummary:
    """What a write changed, by kind: announced to the views after the commit."""

    records: dict[str, set[uuid.UUID]] = field(default_factory=dict)
    change_count: int = 0

    def note(self, kind: str, record_id: uuid.UUID) -> None:
        self.records.setdefault(kind, set()).add(record_id)


class Writer:
    """Writes records and their change-log entries in the caller's transaction."""

    def __init__(self, conn: Connection, state: DeviceState, author: str | None) -> None:
        self.conn = conn
        self.state = state
        self.author = author
        self.stamp = state.clock.tick()
        self.now = format_datetime(datetime_of(self.stamp))
        self.summary = WriteSummary()
        self._collation: str | None = None
        self._device_ids: dict[int, str] = {state.device_idx: state.device_id}
        self._hex: tuple[uuid.UUID | None, str] = (None, "")

    # -- public operations ---------------------------------------------------------------

    @property
    def collation(self) -> str:
        """The collation the profile's names sort by (read once per transaction)."""
        if self._collation is None:
            self._collation = profile_collation(self.conn)
        return self._collation

    def create(
        self, kind_name: str, values: dict[str, Wire], record_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        """Create one record from normalized wire values; returns its id."""
        record_id = record_id or uuid.uuid4()
        self.create_many(kind_name, [(record_id, values)])
        return record_id

    def create_many(
        self, kind_name: str, items: Iterable[tuple[uuid.UUID, dict[str, Wire]]]
    ) -> None:
        """Create many records of one kind at once (imports, demo data).

        The hot path of bulk loads: change rows are built as tuples in one loop.
        """
        kind = kind_of(kind_name)
        table = table_of(kind)
        plan = row_plan(self.conn.dialect, table, kind.name)
        completed = [(record_id, self._complete(kind, values)) for record_id, values in items]
        if not completed:
            return
        keys = plan.keys(self.conn, [full for _id, full in completed])
        rows: list[tuple[Any, ...]] = []
        changes: list[tuple[Any, ...]] = []
        fields = _field_plan(kind.name)
        author = self.author
        dumped: dict[str, str] = {}  # texts repeat (titles, sources...): each dumped once
        seq = self.state.next_seq
        for record_id, full in completed:
            record_hex = record_id.hex
            for name, collection in fields:
                value = full[name]
                if value is None or value == []:
                    continue
                if collection is None:
                    if type(value) is str:
                        text = dumped.get(value)
                        if text is None:
                            text = dumped[value] = dump(value)
                    else:
                        text = dump(value)
                    changes.append((seq, record_hex, name, "", text, author))
                    seq += 1
                    continue
                for item in value:
                    key = collection.key_of(item)
                    changes.append((seq, record_hex, name, key, dump(item), author))
                    seq += 1
            derived = derived_columns(kind.name, full, self.collation)
            rows.append(plan.row(full, derived, record_id, keys))
            self.summary.note(kind.name, record_id)
        self.state.next_seq = seq
        self.summary.change_count += len(changes)
        self.conn.exec_driver_sql(plan.sql, rows)
        if changes:
            sql = _insert_new_changes(self.state.device_idx, self.stamp, kind.name)
            self.conn.exec_driver_sql(sql, changes)
        search.insert_new(self.conn, kind.name, completed)
        if kind.name == "organization":  # records may already point to it (sync, imports)
            follow_organizations(self.conn, [record_id for record_id, _full in completed])

    def update(
        self,
        kind_name: str,
        record_id: uuid.UUID,
        values: dict[str, Wire],
        force: AnyCollection[str] = (),
    ) -> set[str]:
        """Change some fields of a record; returns the names of the fields that changed.

        A field named in ``force`` gets a change even when its value is the same: that is
        how a conflict is resolved in favour of the value already shown.
        """
        kind = kind_of(kind_name)
        current = self.current(kind, record_id)
        changes: list[list[Any]] = []
        changed: set[str] = set()
        merged = dict(current)
        for name, value in values.items():
            spec = kind.by_name[name]
            old = current.get(name)
            if isinstance(spec.type, Collection):
                new_list = self._set_changes(kind, record_id, name, old or [], value, changes)
                if new_list != (old or []):
                    merged[name] = new_list
                    changed.add(name)
            elif old != value or name in force:
                changes.append(self._change(kind, record_id, name, "", value))
                merged[name] = value
                changed.add(name)
        if not changed:
            return changed
        if "updated_at" not in values:
            merged["updated_at"] = self.now
            changes.append(self._change(kind, record_id, "updated_at", "", self.now))
        elif "updated_at" not in changed:  # every write of a record marks its updated_at
            changes.append(self._change(kind, record_id, "updated_at", "", merged["updated_at"]))
        self._close_covered(changes)
        self._insert_changes(changes)
        for name in changed:
            if isinstance(kind.by_name[name].type, Collection):
                merged[name] = self._elements(record_id, name)
        row = db_values(kind, {n: merged[n] for n in changed | {"updated_at"}})
        row.update(derived_columns(kind.name, merged, self.collation))
        table = table_of(kind)
        self.conn.execute(update(table).where(table.c.id == record_id).values(**row))
        self._follow(kind.name, record_id, changed)
        search.reindex(self.conn, kind.name, [(record_id, merged)])
        self.summary.note(kind.name, record_id)
        return changed

    def delete(self, kind_name: str, record_id: uuid.UUID) -> bool:
        """Tombstone a record; False when it was already deleted."""
        if self.current(kind_of(kind_name), record_id).get("deleted_at"):
            return False
        self.update(kind_name, record_id, {"deleted_at": self.now})
        return True

    def restore(self, kind_name: str, record_id: uuid.UUID) -> bool:
        """Bring a tombstoned record back; False when it was not deleted."""
        if not self.current(kind_of(kind_name), record_id).get("deleted_at"):
            return False
        self.update(kind_name, record_id, {"deleted_at": None})
        return True

    def erase(self, kind_name: str, record_id: uuid.UUID) -> set[str]:
        """Erase a person's card everywhere it syncs (``core/erasure.py``): writes the
        erasure as a change, then forgets the values here; returns the attachment
        contents nothing uses any more (their files may be deleted)."""
        kind = kind_of(kind_name)
        self.current(kind, record_id)  # NotFoundError for an unknown card
        change = self._change(kind, record_id, erasure.ERASED, "", True)
        self._close_covered([change])
        self._insert_changes([change])
        self.summary.note(kind_name, record_id)
        return erasure.forget(self.conn, {record_id.hex: kind_name})

    def current(self, kind: Kind, record_id: uuid.UUID) -> dict[str, Wire]:
        """The wire values of a stored record; raises ``NotFoundError`` if there is none."""
        table = table_of(kind)
        stored = self.conn.execute(select(table).where(table.c.id == record_id)).first()
        if stored is None:
            raise NotFoundError(f"no {kind.name} with id {record_id}")
        return wire_row(kind, stored)

    def finish(self) -> WriteSummary:
        """Persist the device's sequence and clock; call once before commit."""
        self.state.save(self.conn)
        return self.summary

    def _follow(self, kind_name: str, record_id: uuid.UUID, changed: set[str]) -> None:
        """Keep the copies of organizations' sort keys current after an update."""
        if kind_name == "organization" and "name" in changed:
            follow_organizations(self.conn, [record_id])
        else:
            follow_references(self.conn, kind_name, [record_id], changed)

    # -- change-log entries ---------------------------------------------------------------

    def _complete(self, kind: Kind, values: dict[str, Wire]) -> dict[str, Wire]:
        full: dict[str, Wire] = {f.name: None for f in kind.fields}
        for f in kind.fields:
            if isinstance(f.type, Collection):
                full[f.name] = []
        full.update(values)
        for f in kind.fields:
            if isinstance(f.type, Collection) and full[f.name]:
                full[f.name] = unique_elements(f.type, full[f.name])
        full["created_at"] = full.get("created_at") or self.now
        full["updated_at"] = full.get("updated_at") or self.now
        return full

    def _set_changes(
        self,
        kind: Kind,
        record_id: uuid.UUID,
        name: str,
        old: list[Wire],
        new: list[Wire],
        out: list[list[Any]],
    ) -> list[Wire]:
        """Element changes turning ``old`` into ``new``; returns the stored order.

        Kept elements stay where they were, new ones go to the end: the order every
        device reaches by sorting elements by the stamp of the change that added them.
        """
        spec = kind.by_name[name].type
        assert isinstance(spec, Collection)
        new = unique_elements(spec, new)
        new_by_key = {spec.key_of(item): item for item in new}
        old_keys = {spec.key_of(item) for item in old}
        result: list[Wire] = []
        for item in old:
            key = spec.key_of(item)
            if key not in new_by_key:
                out.append(self._change(kind, record_id, name, key, None))
            elif new_by_key[key] != item:
                out.append(self._change(kind, record_id, name, key, new_by_key[key]))
            else:
                result.append(item)
        for item in new:
            key = spec.key_of(item)
            if key not in old_keys or item not in result:
                if key not in old_keys:
                    out.append(self._change(kind, record_id, name, key, item))
                result.append(item)
        return result

    def _elements(self, record_id: uuid.UUID, name: str) -> list[Wire]:
        """A list field as the merge shows it: each present element ordered by the stamp
        of the change that put it there. Usually ``_set_changes``'s order (new ones last),
        but not when this laptop's clock is behind a peer's it would not adopt."""
        best: dict[str, tuple[tuple[int, str, int], str]] = {}
        for key, hlc, device, seq, value in self.conn.exec_driver_sql(
            "SELECT c.key, c.hlc, d.device_id, c.seq, c.value FROM changes c JOIN devices d "
            "ON d.idx = c.device_idx WHERE c.record_id = ? AND c.field = ? AND c.is_open = 1",
            (record_id.hex, name),
        ):
            order = (hlc, device, seq)
            if value != "null" and (key not in best or order > best[key][0]):
                best[key] = (order, value)
        return [json.loads(value) for _, value in sorted(best.values())]

    def _change(
        self, kind: Kind, record_id: uuid.UUID, name: str, key: str, value: Wire
    ) -> list[Any]:
        """A change-log row, in ``CHANGE_COLUMNS`` order (``prev`` filled in later)."""
        self.summary.change_count += 1
        if self._hex[0] != record_id:
            self._hex = (record_id, record_id.hex)
        return [self.state.device_idx, self.state.take_seq(), self.stamp, kind.name, self._hex[1],
                name, key, dump(value), "[]", self.author, 1]  # fmt: skip

    def _close_covered(self, changes: list[list[Any]]) -> None:
        """Give each change the open dots of its field as ``prev`` and close them.

        Covering several open values (or a deletion) settles that field's conflict.
        """
        closing: list[int] = []
        settled: list[tuple[str]] = []
        for change in changes:
            rows = self.conn.exec_driver_sql(
                "SELECT id, device_idx, seq FROM changes WHERE record_id = ? AND field = ? "
                "AND key = ? AND is_open = 1",
                (change[4], change[5], change[6]),
            ).all()
            change[8] = dump(sorted([self._device_id(r.device_idx), r.seq] for r in rows))
            closing.extend(r.id for r in rows)
            if len(rows) > 1 or change[5] == "deleted_at":
                settled.append((conflict_id(uuid.UUID(hex=change[4]), change[5], change[6]),))
        if closing:
            self.conn.execute(
                update(CHANGES).where(CHANGES.c.id.in_(closing)).values(is_open=False)
            )
        if settled:
            self.conn.exec_driver_sql("DELETE FROM conflicts WHERE id = ?", settled)

    def _device_id(self, idx: int) -> str:
        if idx not in self._device_ids:
            found = self.conn.execute(select(DEVICES.c.device_id).where(DEVICES.c.idx == idx))
            self._device_ids[idx] = found.scalar_one()
        return self._device_ids[idx]

    def _insert_changes(self, changes: list[list[Any]]) -> None:
        if changes:
            self.conn.exec_driver_sql(INSERT_CHANGE, [tuple(c) for c in changes])


@lru_cache(maxsize=32)
def _insert_new_changes(device_idx: int, stamp: int, kind_name: str) -> str:
    """The INSERT of a bulk create's change rows: what all its rows share (the device,
    the stamp, the kind, no ``prev``, open) written in the statement, so each row binds
    six values instead of eleven (1.6 million rows for 100,000 contacts)."""
    if not kind_name.isidentifier():  # a kind's name (core/schema.py): never quoted text
        raise ValueError(f"not a kind: {kind_name!r}")
    return (
        f"INSERT INTO changes ({', '.join(CHANGE_COLUMNS)}) VALUES "
        f"({int(device_idx)}, ?, {int(stamp)}, '{kind_name}', ?, ?, ?, ?, '[]', ?, 1)"
    )


@lru_cache(maxsize=32)
def _field_plan(kind_name: str) -> tuple[tuple[str, Collection | None], ...]:
    """Each field of a kind with its collection type (None for single values)."""
    return tuple(
        (f.name, f.type if isinstance(f.type, Collection) else None)
        for f in kind_of(kind_name).fields
    )


@lru_cache(maxsize=64)
def _processors(conn_dialect: Any, table: Table) -> tuple[tuple[str, Any], ...]:
    """Each column's name and bind processor (None when values go in as they are)."""
    return tuple(
        (c.name, c.type.dialect_impl(conn_dialect).bind_processor(conn_dialect))
        for c in table.columns
    )


def _bound(process: Any, value: Any) -> Any:
    return process(value) if process is not None and value is not None else value


@lru_cache(maxsize=64)
def _insert_plan(
    conn_dialect: Any, table: Table
) -> tuple[str, tuple[str, ...], tuple[tuple[int, Any], ...]]:
    """The INSERT statement of a table, its column names, and which columns need binding."""
    plan = _processors(conn_dialect, table)
    names = tuple(name for name, _ in plan)
    marks = ", ".join("?" for _ in plan)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})"
    bound = tuple((index, process) for index, (_, process) in enumerate(plan) if process)
    return sql, names, bound


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows with one prepared statement (SQLAlchemy's per-row work skipped)."""
    if not rows:
        return
    sql, names, bound = _insert_plan(conn.dialect, table)
    params: list[tuple[Any, ...]] = []
    for row in rows:
        get = row.get
        values = [get(name) for name in names]
        for index, process in bound:
            value = values[index]
            if value is not None:
                values[index] = process(value)
        params.append(tuple(values))
    conn.exec_driver_sql(sql, params)


def update_rows(
    conn: Connection, table: Table, rows: list[tuple[uuid.UUID, dict[str, Any]]]
) -> None:
    """Update some columns of many rows by id, one prepared statement per set of columns."""
    processors = dict(_processors(conn.dialect, table))
    by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for record_id, row in rows:
        names = tuple(sorted(row))
        values = [_bound(processors[name], row[name]) for name in names]
        values.append(_bound(processors["id"], record_id))
        by_columns.setdefault(names, []).append(tuple(values))
    for names, params in by_columns.items():
        assignments = ", ".join(f"{name} = ?" for name in names)
        conn.exec_driver_sql(f"UPDATE {table.name} SET {assignments} WHERE id = ?", params)
