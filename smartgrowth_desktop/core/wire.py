"""A loaded record as wire values: the representation the interchange format, the
exports and the CLI print (ids and dates as text, lists as lists)."""

from __future__ import annotations

import json
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


_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_dump_str = json.encoder.encode_basestring


def dump(value: Wire) -> str:
    """The canonical JSON text of a wire value (as stored in the change log)."""
    if type(value) is str:
        return _dump_str(value)
    return _dumps(value)
