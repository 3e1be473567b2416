"""Importing organizations or contacts from a spreadsheet, after a mapping and a preview
(the file is read by ``exchange/table_read.py``, its columns guessed by ``table_map``).

Every row is checked first (the same rules as a record typed in the window). A file
with bad rows is refused naming the first one's row and column, unless the caller asks
to skip them: then the good rows are imported and the rejected ones listed. The writes
happen in one transaction after a backup (``core/backup.py``), so a failure, a Cancel
or a crash leaves nothing half-written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from smartgrowth_desktop.core import rules
from smartgrowth_desktop.core.backup import before_bulk_change
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.models import Organization
from smartgrowth_desktop.core.phones import TO_NOTES, PhoneTally, Reading, read_phone
from smartgrowth_desktop.core.regions import country_code
from smartgrowth_desktop.core.schema import KINDS, ORGANIZATION_KINDS
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.core.writer import Writer
from smartgrowth_desktop.exchange.table_map import (
    TARGETS,
    split_cell,
    split_full_name,
    unneutralize,
)
from smartgrowth_desktop.exchange.table_read import Table
from smartgrowth_desktop.services.phone_regions import PhoneContext, phone_context
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import create_in, with_name_order

Progress = Callable[[int, int], None]
FIRST_DATA_ROW = 2  # row 1 holds the headers, as a spreadsheet program numbers them
_NAME_FIELDS = ("family_name", "given_name", "native_name")
WRITE_CHUNK = 500


@dataclass(frozen=True)
class RowProblem:
    """Why one row cannot be imported: its spreadsheet row number and column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class PlannedRow:
    """One data row turned into record values (and its organization's name)."""

    row: int
    values: dict[str, Any]
    organization: str | None = None
    problem: RowProblem | None = None
    normalized: dict[str, Any] | None = None  # the values as checked, ready to write
    phones: list[Reading] = field(default_factory=list)  # how each phone was read

    @property
    def notes(self) -> list[str]:
        """What the preview should say of the row besides a problem (numbers as written)."""
        return [note for reading in self.phones if (note := reading.note())]


@dataclass
class TablePlan:
    """Every row of a table under one mapping, checked."""

    kind: str
    rows: list[PlannedRow]

    @property
    def good(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.problem is None]

    @property
    def problems(self) -> list[RowProblem]:
        return [r.problem for r in self.rows if r.problem is not None]

    def phone_tally(self) -> PhoneTally:
        """How the phone numbers of the good rows were read."""
        tally = PhoneTally("row")
        for planned in self.good:
            tally.add(planned.phones)
        return tally


@dataclass
class TableImportReport:
    """What an import did (or, dry, would do)."""

    kind: str
    created: int = 0
    organizations_created: int = 0
    already_there: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    backup: str | None = None
    phones: PhoneTally = field(default_factory=lambda: PhoneTally("row"))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "created": self.created,
            "organizations_created": self.organizations_created,
            "already_there": self.already_there,
            "rejected": [p.to_json() for p in self.rejected],
            "backup": self.backup,
            "phones": self.phones.to_json(),
        }


# -- planning -----------------------------------------------------------------------------


def _cell_values(
    kind: str, headers: Sequence[str], mapping: Sequence[str], cells: Sequence[str]
) -> tuple[dict[str, Any], str | None, dict[str, str]]:
    """Values by field from one row; the organization's name; the column of each field."""
    splits = {t.name: t.split for t in TARGETS[kind]}
    values: dict[str, Any] = {}
    columns: dict[str, str] = {}
    organization: str | None = None
    for header, target, raw in zip(headers, mapping, cells, strict=False):
        cell = unneutralize(raw).strip()
        if not target or not cell:
            continue
        if target == "full_name":
            for name, value in split_full_name(cell).items():
                values.setdefault(name, value)
                columns.setdefault(name, header)
        elif target == "organization":
            organization = organization or cell
            columns.setdefault("organization_id", header)
        elif splits.get(target):
            values.setdefault(target, []).extend(split_cell(cell, splits[target]))
            columns.setdefault(target, header)
        else:
            values[target] = f"{values[target]} {cell}" if target in values else cell
            columns.setdefault(target, header)
    return values, organization, columns


def _tidy(kind: str, values: dict[str, Any]) -> None:
    if kind == "organization":
        chosen = fold(str(values.get("kind") or "other"))
        values["kind"] = chosen if chosen in ORGANIZATION_KINDS else values.get("kind")
    country = values.get("country")
    if isinstance(country, str) and len(country) > 2:
        values["country"] = country_code(country) or country


def _read_phones(planned: PlannedRow, context: PhoneContext) -> None:
    """Read the row's phones in the country its organization, language or name (or the
    user's mission) implies; one that cannot be read is kept as written, never dropped."""
    values = planned.values
    texts = [str(t) for t in values.get("phones") or []]
    hints = context.hints(
        numbers=texts,
        organization=planned.organization,
        languages=values.get("languages") or [],
        names=[values.get(name) for name in _NAME_FIELDS],
    )
    kept: list[str] = []
    for text in texts:
        reading = read_phone(text, hints)
        planned.phones.append(reading)
        if reading.outcome == TO_NOTES:
            old = values.get("notes")
            values["notes"] = f"{old}\n\nPhone: {reading.text}" if old else f"Phone: {reading.text}"
        if reading.wire and reading.wire not in kept:
            kept.append(reading.wire)
    values["phones"] = kept


def plan_row(
    kind: str,
    headers: Sequence[str],
    mapping: Sequence[str],
    cells: Sequence[str],
    row: int,
    context: PhoneContext | None = None,
) -> PlannedRow:
    """Turn one row into values and check them as a new record."""
    values, organization, columns = _cell_values(kind, headers, mapping, cells)
    _tidy(kind, values)
    planned = PlannedRow(row, values, organization)
    if not any(values.values()) and organization is None:
        planned.problem = RowProblem(row, headers[0] if headers else "", "the row is empty")
        return planned
    if organization is not None and len(organization) > 300:
        column = columns["organization_id"]
        planned.problem = RowProblem(row, column, "organization name longer than 300 characters")
        return planned
    if "phones" in values:
        _read_phones(planned, context or PhoneContext({}))
    try:
        if kind == "contact":
            values = with_name_order(values, None)  # "Nguyễn Văn An" reads family first
        planned.normalized = rules.normalize(KINDS[kind], values, None, "")
    except ValidationError as error:
        name = error.path.split(".")[0].split("[")[0]
        column = columns.get(name) or next(
            (columns[n] for n in _NAME_FIELDS if n in columns), headers[0] if headers else ""
        )
        planned.problem = RowProblem(row, column, error.message)
    return planned


def plan_table(
    kind: str,
    table: Table,
    mapping: Sequence[str],
    context: PhoneContext | None = None,
    limit: int | None = None,
) -> TablePlan:
    """Check every row (or the first ``limit``, for a preview); ``context`` tells the
    countries national phone numbers may be read in (``phone_regions.phone_context``)."""
    if kind not in TARGETS:
        raise ValidationError("--kind", "spreadsheets import organizations or contacts")
    if len(mapping) != len(table.headers):
        raise ValidationError("mapping", "one target per column is needed")
    if kind == "organization" and "name" not in mapping:
        raise ValidationError("mapping", "choose the column that holds the organization's name")
    if kind == "contact" and not {"full_name", "family_name", "given_name", "native_name"} & set(
        mapping
    ):
        raise ValidationError("mapping", "choose the column (or columns) holding the names")
    rows = table.rows if limit is None else table.rows[:limit]
    return TablePlan(
        kind,
        [
            plan_row(kind, table.headers, mapping, cells, number, context)
            for number, cells in enumerate(rows, start=FIRST_DATA_ROW)
        ],
    )


# -- import -------------------------------------------------------------------------------


def _organization_ids(writer: Writer) -> dict[str, uuid.UUID]:
    rows = writer.conn.execute(
        select(Organization.__table__.c.id, Organization.__table__.c.name).where(
            Organization.__table__.c.deleted_at.is_(None)
        )
    ).all()
    return {fold(name): record_id for record_id, name in rows}


def import_table(
    profile: Profile,
    kind: str,
    table: Table,
    mapping: Sequence[str],
    skip_bad: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> TableImportReport:
    """Import the rows of ``table``; see the module doc for bad rows and safety."""
    plan = plan_table(kind, table, mapping, phone_context(profile))
    report = TableImportReport(kind, rejected=plan.problems, phones=plan.phone_tally())
    if report.rejected and not skip_bad:
        first = report.rejected[0]
        more = len(report.rejected) - 1
        tail = f" ({more} more bad rows; --skip-bad imports the good ones)" if more else ""
        raise ValidationError(f"row {first.row}, column {first.column!r}", first.message + tail)
    good = plan.good
    if good and not dry_run:
        backup = before_bulk_change(profile.folder, "import", profile.database_key)
        report.backup = str(backup.path) if backup else None
    with profile.write(dry_run=dry_run) as writer:
        _write_rows(writer, kind, good, report, progress)
    return report


def _write_rows(
    writer: Writer,
    kind: str,
    rows: list[PlannedRow],
    report: TableImportReport,
    progress: Progress | None,
) -> None:
    """New organizations named by contacts one by one, then the rows in bulk."""
    organizations = _organization_ids(writer)
    fresh: list[tuple[uuid.UUID, dict[str, Any]]] = []
    for planned in rows:
        values = dict(planned.normalized or {})
        record_id = uuid.uuid4()
        if kind == "organization":
            key = fold(str(values["name"]))
            if key in organizations:
                report.already_there += 1
                continue
            organizations[key] = record_id
        elif planned.organization:
            key = fold(planned.organization)
            if key not in organizations:
                named = {"name": planned.organization, "kind": "other"}
                try:
                    organizations[key] = create_in(writer, "organization", named)
                except ValidationError as error:
                    raise ValidationError(f"row {planned.row}", error.message) from None
                report.organizations_created += 1
            values["organization_id"] = str(organizations[key])
        fresh.append((record_id, values))
    for start in range(0, len(fresh), WRITE_CHUNK):
        writer.create_many(kind, fresh[start : start + WRITE_CHUNK])
        if progress is not None:
            progress(min(start + WRITE_CHUNK, len(fresh)), len(fresh))
    report.created = len(fresh)
