"""Export one record kind (live records, or the trash) as a CSV or XLSX table that
``import-table`` reads back; the file is written by ``exchange/table_write.py``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.models import Organization
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.exchange.table_write import check_format, write_table
from smartgrowth_desktop.services.profile import Profile

_SKIPPED = frozenset({"extra"})


def kind_columns(kind: str) -> list[str]:
    """The columns ``export-table`` writes for a kind (the importer maps them back)."""
    names = [f.name for f in KINDS[kind].fields if f.name not in _SKIPPED]
    if kind == "contact":
        names = ["organization" if n == "organization_id" else n for n in names]
    return ["id", *names]


def kind_rows(profile: Profile, kind: str, deleted: bool = False) -> Iterator[list[Any]]:
    """The records of ``kind`` (live, or the trash) as rows of ``kind_columns``."""
    spec = KINDS[kind]
    model = spec.model
    condition = model.deleted_at.is_not(None) if deleted else model.deleted_at.is_(None)
    query = select(model).where(condition).order_by(model.created_at, model.id)
    with profile.database.read() as session:
        names: dict[Any, str] = {}
        if kind == "contact":
            rows = session.execute(select(Organization.id, Organization.name)).all()
            names = {record_id: str(name) for record_id, name in rows}
        for record in session.scalars(query.execution_options(yield_per=1000)):
            row: list[Any] = [str(record.id)]
            for field in spec.fields:
                if field.name in _SKIPPED:
                    continue
                value = getattr(record, field.name)
                if kind == "contact" and field.name == "organization_id":
                    value = names.get(value)
                else:
                    value = field.type.to_wire(value)
                row.append(value)
            yield row


def export_kind(profile: Profile, kind: str, path: Path, deleted: bool = False) -> int:
    """Write every record of ``kind`` to a CSV or XLSX file; returns how many."""
    if kind not in KINDS:
        raise ValidationError("kind", f"unknown record kind {kind!r}")
    check_format(path)
    return write_table(path, kind_columns(kind), kind_rows(profile, kind, deleted))
