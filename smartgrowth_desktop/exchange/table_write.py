"""Writing lists to CSV or XLSX, with formula-looking cells neutralized.

A cell starting with ``=`` ``+`` ``-`` ``@``, a tab or a carriage return gets a leading
apostrophe (OWASP's advice against CSV injection: ``=cmd|' /C calc'!A0`` must stay text
in Excel and LibreOffice). The importer takes the apostrophe off again. CSV is UTF-8
with a byte-order mark (Excel then reads Vietnamese and Chinese right), comma-separated.
Files are written beside their target and renamed into place. What a whole record kind
exports as is ``services/table_export.py``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core.atomic import atomic_path
from smartgrowth_desktop.core.errors import ValidationError

Progress = Callable[[int, int], None]
FORMATS = (".csv", ".xlsx")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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
    safe = ([neutralize(cell_text(v)) for v in row] for row in rows)
    try:
        with atomic_path(path) as temp:
            if suffix == ".csv":
                count = _write_csv(temp, headers, safe)
            else:
                count = _write_xlsx(temp, headers, safe)
    except OSError as error:
        raise ValidationError(str(path), f"cannot write: {error.strerror}") from None
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
