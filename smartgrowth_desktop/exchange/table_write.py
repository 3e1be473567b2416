"""Writing lists to CSV or XLSX, with formula-looking cells neutralized.

A cell starting with ``=`` ``+`` ``-`` ``@``, a tab or a carriage return gets a leading
apostrophe (OWASP's advice against CSV injection: ``=cmd|' /C calc'!A0`` must stay text
in Excel and LibreOffice). The importer takes the apostrophe off again. CSV is UTF-8
with a byte-order mark (Excel then reads Vietnamese and Chinese right), comma-separated.
Files are written beside their target and renamed into place.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.models import Organization
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.services.profile import Profile

Progress = Callable[[int, int], None]
FORMATS = (".csv", ".xlsx")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SKIPPED = frozenset({"extra"})


def neutralize(value: str) -> str:
    """The cell as text a spreadsheet will not run as a formula."""
    return f"'{value}" if value.startswith(_TRIGGERS) else value


def cell_text(value: Any) -> str:
    """A value as cell text: lists joined with "; ", None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def check_format(path: Path) -> str:
    """``.csv`` or ``.xlsx`` from the file name, or a ``ValidationError``."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(str(path), "name the file .csv or .xlsx")
    return suffix


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a table (CSV or XLSX by the file name); returns the number of data rows."""
    suffix = check_format(path)
    path = path.absolute()
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    temp = Path(temp_name)
    safe = ([neutralize(cell_text(v)) for v in row] for row in rows)
    try:
        if suffix == ".csv":
            count = _write_csv(temp, headers, safe)
        else:
            count = _write_xlsx(temp, headers, safe)
        os.replace(temp, path)
    except OSError as error:
        raise ValidationError(str(path), f"cannot write: {error.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)
    return count


def _write_csv(path: Path, headers: Sequence[str], rows: Iterator[list[str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([neutralize(h) for h in headers])
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_xlsx(path: Path, headers: Sequence[str], rows: Iterator[list[str]]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Export")
    sheet.append([_ILLEGAL_XML.sub("", neutralize(h)) for h in headers])
    count = 0
    for row in rows:
        sheet.append([_ILLEGAL_XML.sub("", cell)[:32767] for cell in row])
        count += 1
    workbook.save(path)
    return count


# -- a whole kind -------------------------------------------------------------------------


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
