"""The ``smartgrowth/1`` JSON interchange format: export, validate, import.

A document is refused whole, with the JSON path of the first bad field, before anything
is written; a valid one is imported in one transaction. Records are matched by id, so
importing a document twice changes nothing. Fields this version does not know are kept
(in the record's ``extra``) and reported, never dropped.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from smartgrowth_desktop.core import rules
from smartgrowth_desktop.core.backup import before_bulk_change
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.fieldtypes import Collection, Reference, Wire, parse_datetime
from smartgrowth_desktop.core.schema import KINDS, Kind
from smartgrowth_desktop.core.wire import to_wire
from smartgrowth_desktop.core.writer import Writer, table_of
from smartgrowth_desktop.services.profile import Profile

Progress = Callable[[int, int], None]

FORMAT = "smartgrowth/1"
TOP_LEVEL = ("markets", "organizations", "contacts", "missions", "meetings", "leads")
#: nested arrays: (parent kind, array name, child kind, child's reference to the parent)
NESTED = (
    ("meeting", "follow_ups", "follow_up", "meeting_id"),
    ("lead", "follow_ups", "follow_up", "lead_id"),
    ("lead", "stage_history", "stage_change", "lead_id"),
)
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
CREATE_CHUNK = 5000


# -- export -------------------------------------------------------------------------------


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


def _references(kind: Kind, record: Any) -> list[uuid.UUID]:
    """The ids a record points to (parents, attendees, owners...)."""
    found: list[uuid.UUID] = []
    for spec in kind.fields:
        value = getattr(record, spec.name)
        if isinstance(spec.type, Reference) and value is not None:
            found.append(value)
        elif isinstance(spec.type, Collection) and isinstance(spec.type.element, Reference):
            found.extend(uuid.UUID(str(v)) for v in value or [])
    return found


def _records_to_export(session: Any, include_deleted: bool) -> dict[str, list[Any]]:
    """Every record to export, by kind, oldest first.

    Without ``include_deleted``: the live records plus the records in the trash that
    live ones still point to (a live contact of a deleted organization), so that the
    document imports on its own into an empty profile.
    """
    by_kind: dict[str, list[Any]] = {}
    by_id: dict[uuid.UUID, tuple[Kind, Any]] = {}
    for kind in KINDS.values():
        query = select(kind.model).order_by(kind.model.created_at, kind.model.id)
        by_kind[kind.name] = list(session.scalars(query))
        by_id.update((r.id, (kind, r)) for r in by_kind[kind.name])
    if include_deleted:
        return by_kind
    keep = {record_id for record_id, (_k, r) in by_id.items() if r.deleted_at is None}
    pending = list(keep)
    while pending:
        kind, record = by_id[pending.pop()]
        for target in _references(kind, record):
            if target in by_id and target not in keep:
                keep.add(target)
                pending.append(target)
    return {name: [r for r in rows if r.id in keep] for name, rows in by_kind.items()}


def export_document(profile: Profile, include_deleted: bool = False) -> dict[str, Any]:
    """Everything in the profile (live records, or all with ``include_deleted``)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with profile.database.read() as session:
        records = _records_to_export(session, include_deleted)
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
    temp = path.with_name(f".{path.name}.partial")
    try:
        temp.write_text(text, encoding="utf-8")
        temp.replace(path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise ValidationError(str(path), f"cannot write: {error.strerror}") from error


# -- validation ---------------------------------------------------------------------------


@dataclass
class PlannedRecord:
    """One record of a valid document, normalized, with where it came from."""

    kind: Kind
    record_id: uuid.UUID
    values: dict[str, Wire]
    path: str


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    kept_local: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept_newer_local": self.kept_local,
            "warnings": self.warnings,
        }


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
    kind: Kind, item: Any, path: str, seen: set[uuid.UUID], report: ImportReport
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
        report.warnings.append(f"{path}.{name}: unknown field kept as it is")
    values = rules.normalize(kind, known, None, path)
    values["extra"] = unknown or None
    for name in ("created_at", "updated_at"):
        if values.get(name) is None:
            values.pop(name, None)
    return PlannedRecord(kind, record_id, values, path)


def plan_import(document: Any, report: ImportReport) -> list[PlannedRecord]:
    """Validate a whole document without touching the database; returns its records."""
    if not isinstance(document, dict):
        raise ValidationError("$", "a smartgrowth/1 document is a JSON object")
    fmt = document.get("format")
    if fmt != FORMAT:
        raise ValidationError("$.format", f"expected {FORMAT!r}, found {fmt!r}")
    allowed = {"format", "exported_at", "follow_ups", "attachments", *TOP_LEVEL}
    for key in document:
        if key not in allowed:
            report.warnings.append(f"$.{key}: unknown array ignored")
    planned: list[PlannedRecord] = []
    seen: set[uuid.UUID] = set()
    nested: list[PlannedRecord] = []
    for array in TOP_LEVEL:
        items = document.get(array, [])
        if not isinstance(items, list):
            raise ValidationError(f"$.{array}", "expected an array")
        kind = next(k for k in KINDS.values() if k.plural == array)
        for index, item in enumerate(items):
            path = f"$.{array}[{index}]"
            planned.append(_record(kind, item, path, seen, report))
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
                    nested.append(_record(KINDS[child], child_item, child_path, seen, report))
    for array, kind_name in (("follow_ups", "follow_up"), ("attachments", "attachment")):
        items = document.get(array, [])
        if not isinstance(items, list):
            raise ValidationError(f"$.{array}", "expected an array")
        for index, item in enumerate(items):
            nested.append(_record(KINDS[kind_name], item, f"$.{array}[{index}]", seen, report))
    return planned + nested


def _check_references(writer: Writer, planned: list[PlannedRecord]) -> None:
    in_document: dict[str, set[uuid.UUID]] = {}
    for record in planned:
        in_document.setdefault(record.kind.name, set()).add(record.record_id)
    for record in planned:
        for name, value in record.values.items():
            spec = record.kind.by_name[name].type
            targets = _referenced(record, name, spec, value)
            for target_kind, index, target_id in targets:
                if target_id in in_document.get(target_kind, set()):
                    continue
                table = table_of(KINDS[target_kind])
                if writer.conn.execute(select(table.c.id).where(table.c.id == target_id)).first():
                    continue
                where = f"{record.path}.{name}" + ("" if index is None else f"[{index}]")
                raise ValidationError(where, f"no {target_kind} with id {target_id}")


def _referenced(
    record: PlannedRecord, name: str, spec: Any, value: Wire
) -> list[tuple[str, int | None, uuid.UUID]]:
    if isinstance(spec, Reference) and value is not None:
        target = record.values.get("owner_kind") if name == "owner_id" else spec.kind
        return [(str(target), None, uuid.UUID(str(value)))]
    if isinstance(spec, Collection) and isinstance(spec.element, Reference):
        return [(spec.element.kind, i, uuid.UUID(str(v))) for i, v in enumerate(value or [])]
    return []


# -- import -------------------------------------------------------------------------------


def _is_newer(local: Wire, incoming: Wire) -> bool:
    if not local or not incoming:
        return False
    return bool(parse_datetime(str(local)) > parse_datetime(str(incoming)))


def apply_plan(
    writer: Writer,
    planned: list[PlannedRecord],
    report: ImportReport,
    progress: Progress | None = None,
) -> None:
    """Write a validated plan, kind by kind: new records in bulk, then edits where they differ.

    ``progress(done, total)`` is called as records are written; it may raise ``Cancelled``
    to stop, and the caller's transaction then rolls everything back.
    """
    _check_references(writer, planned)
    done, total = 0, len(planned)
    by_kind: dict[str, list[PlannedRecord]] = {}
    for record in planned:
        by_kind.setdefault(record.kind.name, []).append(record)
    for name in KINDS:
        records = by_kind.get(name, [])
        if not records:
            continue
        table = table_of(KINDS[name])
        ids = [r.record_id for r in records]
        existing: set[uuid.UUID] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            existing.update(
                writer.conn.execute(select(table.c.id).where(table.c.id.in_(chunk))).scalars()
            )
        fresh = [(r.record_id, r.values) for r in records if r.record_id not in existing]
        for start in range(0, len(fresh), CREATE_CHUNK):  # bounded memory for big files
            writer.create_many(name, fresh[start : start + CREATE_CHUNK])
            done += len(fresh[start : start + CREATE_CHUNK])
            if progress is not None:
                progress(done, total)
        _count(report.created, name, len(fresh))
        for record in records:
            if record.record_id in existing:
                _update_existing(writer, record, report)


def _count(counter: dict[str, int], name: str, amount: int = 1) -> None:
    if amount:
        counter[name] = counter.get(name, 0) + amount


def _update_existing(writer: Writer, record: PlannedRecord, report: ImportReport) -> None:
    name = record.kind.name
    current = writer.current(record.kind, record.record_id)
    if _is_newer(current.get("updated_at"), record.values.get("updated_at")):
        _count(report.kept_local, name)
        return
    wanted: dict[str, Wire] = {
        f.name: [] if isinstance(f.type, Collection) else None
        for f in record.kind.fields
        if f.name != "created_at"
    }
    wanted.update((k, v) for k, v in record.values.items() if k != "created_at")
    differing = {k: v for k, v in wanted.items() if k != "updated_at" and current.get(k) != v}
    if not differing:
        _count(report.unchanged, name)
        return
    if wanted.get("updated_at"):
        differing["updated_at"] = wanted["updated_at"]
    writer.update(name, record.record_id, differing)
    _count(report.updated, name)


def import_document(
    profile: Profile,
    document: Any,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate, then import ``document`` in one transaction; nothing is written on error
    or when ``progress`` raises ``Cancelled``."""
    report = ImportReport()
    planned = plan_import(document, report)
    if not dry_run and planned:
        before_bulk_change(profile.folder, "import")
    with profile.write(dry_run=dry_run) as writer:
        apply_plan(writer, planned, report, progress)
    return report
