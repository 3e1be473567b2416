"""A loaded record as wire values: the representation the interchange format, the
exports and the CLI print (ids and dates as text, lists as lists)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from smartgrowth_desktop.core.fieldtypes import Wire
from smartgrowth_desktop.core.schema import Kind

if TYPE_CHECKING:
    from smartgrowth_desktop.core.models import Record


def to_wire(kind: Kind, record: Record) -> dict[str, Wire]:
    """A loaded record as wire values (the interchange representation), id first."""
    values: dict[str, Wire] = {"id": str(record.id)}
    for spec in kind.fields:
        values[spec.name] = spec.type.to_wire(getattr(record, spec.name))
    return values


def read_wire(
    conn: sqlite3.Connection, kind: Kind, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Wire]]:
    """Records of ``kind`` by id, as wire values (``to_wire``'s), read with plain SQL: a
    reader that needs no ORM (a search's labels) loads neither SQLAlchemy's ORM nor the models."""
    names = ", ".join(spec.name for spec in kind.fields)
    marks = ", ".join("?" * len(ids))
    sql = f"SELECT id, {names} FROM {kind.table} WHERE id IN ({marks})"
    found: dict[uuid.UUID, dict[str, Wire]] = {}
    for row in conn.execute(sql, [i.hex for i in ids]):
        record_id = uuid.UUID(row[0])
        values: dict[str, Wire] = {"id": str(record_id)}
        for spec, raw in zip(kind.fields, row[1:], strict=True):
            values[spec.name] = spec.type.to_wire(spec.type.from_sql(raw))
        found[record_id] = values
    return found


_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_dump_str = json.encoder.encode_basestring


def dump(value: Wire) -> str:
    """The canonical JSON text of a wire value (as stored in the change log)."""
    if type(value) is str:
        return _dump_str(value)
    return _dumps(value)
