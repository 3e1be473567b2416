"""The ``smartgrowth/1`` JSON interchange format: the document, read, checked and written.

A document is checked whole, with the JSON path of the first bad field, before anything
is written; fields this version does not know are kept (in the record's ``extra``) and
reported, never dropped. What reads and writes the profile is ``services/interchange.py``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from smartgrowth_desktop.core import rules
from smartgrowth_desktop.core.atomic import write_atomically
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.fieldtypes import Wire, parse_datetime
from smartgrowth_desktop.core.schema import KINDS, Kind
from smartgrowth_desktop.core.wire import to_wire

FORMAT = "smartgrowth/1"
TOP_LEVEL = ("markets", "organizations", "contacts", "missions", "meetings", "leads")
#: nested arrays: (parent kind, array name, child kind, child's reference to the parent)
NESTED = (
    ("meeting", "follow_ups", "follow_up", "meeting_id"),
    ("lead", "follow_ups", "follow_up", "lead_id"),
    ("lead", "stage_history", "stage_change", "lead_id"),
)
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024


# -- writing ------------------------------------------------------------------------------


def _local_times(values: dict[str, Wire]) -> None:
    """Meeting times carry the meeting's own offset (09:00+07:00, not 02:00Z)."""
    zone_name = values.get("time_zone")
    if not zone_name:
        return
    zone = ZoneInfo(str(zone_name))
    for name in ("starts_at", "ends_at"):
        if values.get(name):
            local = parse_datetime(str(values[name])).astimezone(zone)
            values[name] = local.isoformat(timespec="seconds")


def _export_record(kind: Kind, record: Any, drop: tuple[str, ...] = ()) -> dict[str, Wire]:
    values = to_wire(kind, record)
    extra = values.pop("extra", None) or {}
    if kind.name == "meeting":
        _local_times(values)
    result = {k: v for k, v in values.items() if v is not None and v != [] and k not in drop}
    for key, value in extra.items():
        result.setdefault(key, value)
    return result


def build_document(records: dict[str, list[Any]]) -> dict[str, Any]:
    """The document of loaded records (by kind name, oldest first): follow-ups and stage
    history nested in their meeting or lead, attachments by hash."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    nested: dict[tuple[str, str], dict[str, list[dict[str, Wire]]]] = {}
    placed: set[uuid.UUID] = set()
    for parent, array, child, ref in NESTED:
        bucket = nested.setdefault((parent, array), {})
        for record in records[child]:
            owner = getattr(record, ref)
            if owner is not None and record.id not in placed:
                placed.add(record.id)
                exported = _export_record(KINDS[child], record, drop=(ref,))
                bucket.setdefault(str(owner), []).append(exported)
    for array in TOP_LEVEL:
        kind = next(k for k in KINDS.values() if k.plural == array)
        items = []
        for record in records[kind.name]:
            values = _export_record(kind, record)
            for parent, child_array, _child, _ref in NESTED:
                children = nested[(parent, child_array)].get(str(record.id))
                if parent == kind.name and children:
                    values[child_array] = children
            items.append(values)
        document[array] = items
    loose = [r for r in records["follow_up"] if r.id not in placed]
    if loose:
        document["follow_ups"] = [_export_record(KINDS["follow_up"], r) for r in loose]
    document["attachments"] = [
        _export_record(KINDS["attachment"], r) for r in records["attachment"]
    ]
    return document


def write_document(document: dict[str, Any], path: Path) -> None:
    """Write a document as UTF-8 JSON, atomically (a temp file renamed into place)."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise ValidationError(str(path), f"cannot write: {error.strerror}") from error


# -- reading and checking -----------------------------------------------------------------


@dataclass
class PlannedRecord:
    """One record of a valid document, normalized, with where it came from."""

    kind: Kind
    record_id: uuid.UUID
    values: dict[str, Wire]
    path: str


def load_document(path: Path) -> Any:
    """Read and parse a JSON file, with a message naming the problem when it fails."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise ValidationError(str(path), "file is larger than 512 MB")
        raw = path.read_bytes()
    except OSError as error:
        raise ValidationError(str(path), f"cannot read: {error.strerror}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(str(path), f"not UTF-8 text (byte {error.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            str(path), f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise ValidationError(str(path), "not valid JSON: nested too deeply") from None


def _record(
    kind: Kind,
    item: Any,
    path: str,
    seen: set[uuid.UUID],
    warnings: list[str],
    memo: rules.Memo,
) -> PlannedRecord:
    if not isinstance(item, dict):
        raise ValidationError(path, f"expected a {kind.name} object")
    raw_id = item.get("id")
    if not isinstance(raw_id, str):
        raise ValidationError(f"{path}.id", "every record needs an id (a UUID string)")
    try:
        record_id = uuid.UUID(raw_id)
    except ValueError:
        raise ValidationError(f"{path}.id", f"{raw_id!r} is not a UUID") from None
    if record_id in seen:
        raise ValidationError(f"{path}.id", f"id {raw_id} appears twice in the document")
    seen.add(record_id)
    known = {
        name: value for name, value in item.items() if name in kind.by_name and name != "extra"
    }
    nested = {array for parent, array, _c, _r in NESTED if parent == kind.name}
    unknown = {
        name: value
        for name, value in item.items()
        if name not in known and name != "id" and name not in nested
    }
    for name in unknown:
        warnings.append(f"{path}.{name}: unknown field kept as it is")
    values = rules.normalize(kind, known, None, path, memo=memo)
    values["extra"] = unknown or None
    for name in ("created_at", "updated_at"):
        if values.get(name) is None:
            values.pop(name, None)
    return PlannedRecord(kind, record_id, values, path)


def plan_import(document: Any, warnings: list[str]) -> list[PlannedRecord]:
    """Check a whole document (no database needed); returns its records, parents first.

    What is kept but worth saying (unknown fields and arrays) is added to ``warnings``.
    """
    if not isinstance(document, dict):
        raise ValidationError("$", "a smartgrowth/1 document is a JSON object")
    fmt = document.get("format")
    if fmt != FORMAT:
        raise ValidationError("$.format", f"expected {FORMAT!r}, found {fmt!r}")
    allowed = {"format", "exported_at", "follow_ups", "attachments", *TOP_LEVEL}
    for key in document:
        if key not in allowed:
            warnings.append(f"$.{key}: unknown array ignored")
    planned: list[PlannedRecord] = []
    seen: set[uuid.UUID] = set()
    memo: rules.Memo = {}  # values repeat from record to record: each normalized once
    nested: list[PlannedRecord] = []
    for array in TOP_LEVEL:
        items = document.get(array, [])
        if not isinstance(items, list):
            raise ValidationError(f"$.{array}", "expected an array")
        kind = next(k for k in KINDS.values() if k.plural == array)
        for index, item in enumerate(items):
            path = f"$.{array}[{index}]"
            planned.append(_record(kind, item, path, seen, warnings, memo))
            for parent, child_array, child, ref in NESTED:
                if parent != kind.name:
                    continue
                children = item.get(child_array, [])
                if not isinstance(children, list):
                    raise ValidationError(f"{path}.{child_array}", "expected an array")
                for child_index, child_item in enumerate(children):
                    child_path = f"{path}.{child_array}[{child_index}]"
                    if isinstance(child_item, dict):
                        child_item = {**child_item, ref: item["id"]}
                    nested.append(
                        _record(KINDS[child], child_item, child_path, seen, warnings, memo)
                    )
    for array, kind_name in (("follow_ups", "follow_up"), ("attachments", "attachment")):
        items = document.get(array, [])
        if not isinstance(items, list):
            raise ValidationError(f"$.{array}", "expected an array")
        for index, item in enumerate(items):
            path = f"$.{array}[{index}]"
            nested.append(_record(KINDS[kind_name], item, path, seen, warnings, memo))
    return planned + nested
