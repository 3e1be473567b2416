"""Reading a spreadsheet (CSV or XLSX) into header names and rows of text.

CSV: the encoding is found from the byte-order mark (UTF-8, UTF-16 LE/BE), else UTF-8 is
tried, else cp1252 (Excel's "CSV" on Western Windows); the delimiter is the one of
``,`` ``;`` tab ``|`` that splits the first lines most consistently. Both can be given
instead. XLSX: openpyxl in read-only mode (streamed, with defusedxml guarding the XML),
the first sheet or a named one; cached values only (formulas are never evaluated).

Anything else is refused with a ``ValidationError`` naming the line or the problem.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core.bounded_io import TooLarge, read_at_most, size_text
from smartgrowth_desktop.core.errors import ValidationError

MAX_BYTES = 200 * 1024 * 1024  # an XLSX file (its parts are bounded in xlsx_read)
MAX_CSV_BYTES = 64 * 1024 * 1024  # read whole, then decoded: about 200,000 rows
MAX_ROWS = 200_000
MAX_SHEET_ROWS = 1_100_000  # empty rows included (Excel's limit is 1,048,576)
MAX_COLUMNS = 200
MAX_CELL = 100_000
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class Table:
    """A spreadsheet read as text: its header names and its rows (lists of cells)."""

    headers: list[str]
    rows: list[list[str]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """How it was read, for the user ("UTF-8, ';'-separated", "sheet Contacts")."""
        if self.sheet is not None:
            return f"sheet {self.sheet!r}"
        shown = "tab" if self.delimiter == "\t" else repr(self.delimiter)
        return f"{self.encoding}, {shown}-separated"


def read_table(
    path: Path,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Read ``path`` (CSV or XLSX, told apart by content) into a ``Table``."""
    try:
        with path.open("rb") as handle:
            head, size = handle.read(4), os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise ValidationError(str(path), f"cannot read: {error.strerror}") from None
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        if size > MAX_BYTES:
            raise _too_large(TooLarge(size, MAX_BYTES), path, "an XLSX workbook")
        return read_xlsx(path, sheet)
    if sheet is not None:
        raise ValidationError(str(path), "--sheet is for XLSX workbooks; this is a CSV file")
    try:
        data = read_at_most(path, MAX_CSV_BYTES)  # the size is checked before reading
    except TooLarge as error:
        raise _too_large(error, path, "a CSV file") from None
    except OSError as error:
        raise ValidationError(str(path), f"cannot read: {error.strerror}") from None
    return read_csv(data, str(path), encoding, delimiter)


def _too_large(error: TooLarge, path: Path, what: str) -> ValidationError:
    return ValidationError(
        str(path),
        f"the file is too large to import: {size_text(error.size)}, more than the "
        f"{size_text(error.limit)} allowed for {what}",
    )


# -- CSV ----------------------------------------------------------------------------------


def decode(data: bytes, where: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the encoding used (given, from the BOM, UTF-8 or cp1252)."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValidationError("--encoding", f"unknown encoding {encoding!r}") from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            raise ValidationError(
                where, f"not {encoding} text (byte {error.start} cannot be decoded)"
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as error:
                raise ValidationError(where, f"damaged {name} text (byte {error.start})") from None
    if b"\x00" in data[:4096]:
        raise ValidationError(
            where,
            "not a text table (it holds NUL bytes: binary, or UTF-16 without a byte-order "
            "mark; give --encoding utf-16-le or utf-16-be)",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise ValidationError(
            where, f"unknown text encoding (byte {error.start}); give one with --encoding"
        ) from None


def _delimiter(text: str, given: str | None) -> str:
    if given:
        chosen = DELIMITER_NAMES.get(given.lower(), given)
        if len(chosen) != 1 or chosen in '"\r\n':
            raise ValidationError("--delimiter", f"{given!r} is not a one-character delimiter")
        return chosen
    sample = text[:65536].splitlines()[:50] or [""]
    best, best_score = ",", -1.0
    for candidate in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=candidate) if row]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for count in counts if count == counts[0]) / len(counts)
        score = consistent * 1000 + counts[0]
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_csv(
    data: bytes, where: str, encoding: str | None = None, delimiter: str | None = None
) -> Table:
    """Parse CSV bytes; the first non-empty row holds the headers."""
    text, used = decode(data, where, encoding)
    if "\x00" in text:
        raise ValidationError(where, "not a text table (it holds NUL characters)")
    chosen = _delimiter(text, delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen, strict=False)
    rows: list[list[str]] = []
    start = 1  # the line a row starts on (a quoted cell may span lines)
    try:
        for cells in reader:
            if any("\n" in cell for cell in cells) and any(len(c) > MAX_CELL for c in cells):
                raise ValidationError(
                    where, f"line {start}: a quote opened there is never closed (or a huge cell)"
                )
            _check_row(cells, start, where)
            if any(cell.strip() for cell in cells):
                rows.append(cells)
            start = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError(where, f"line {reader.line_num}: {error}") from None
    return _table(rows, where, encoding=used, delimiter=chosen)


def _check_row(cells: list[str], number: int, where: str, unit: str = "line") -> None:
    if len(cells) > MAX_COLUMNS:
        raise ValidationError(where, f"{unit} {number}: more than {MAX_COLUMNS} columns")
    for cell in cells:
        if len(cell) > MAX_CELL:
            raise ValidationError(
                where, f"{unit} {number}: a cell longer than {MAX_CELL:,} characters"
            )


def _table(rows: list[list[str]], where: str, **how: Any) -> Table:
    if not rows:
        raise ValidationError(where, "the table is empty (no header row)")
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(where, f"more than {MAX_ROWS:,} rows; split the file")
    headers = [cell.strip() or f"Column {n}" for n, cell in enumerate(rows[0], start=1)]
    width = len(headers)
    body = [(cells + [""] * width)[: max(width, len(cells))] for cells in rows[1:]]
    return Table(headers, body, **how)


# -- XLSX ---------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))  # a phone number typed into Excel: 84912345678.0
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    """Read one sheet of an XLSX workbook (the first, or ``sheet`` by name or number)."""
    from smartgrowth_desktop.exchange.xlsx_read import open_workbook  # openpyxl: on use

    where = str(path)
    try:
        workbook = open_workbook(where)
    except ValidationError:
        raise
    except Exception as error:  # openpyxl raises many kinds on hostile files
        raise ValidationError(where, f"not a readable XLSX workbook ({reason(error)})") from None
    try:
        names = list(workbook.sheet_parts)
        chosen = _sheet_name(names, sheet, where)
        rows = _sheet_rows(workbook.rows(chosen), where)
    except ValidationError:
        raise
    except Exception as error:  # a damaged part of the zip or XML, met while streaming
        raise ValidationError(where, f"damaged XLSX workbook ({reason(error)})") from None
    finally:
        workbook.archive.close()
    return _table(rows, where, sheet=chosen, sheets=names)


def reason(error: BaseException) -> str:
    """What went wrong, in words: never an empty string (a bare ``MemoryError()``)."""
    if isinstance(error, MemoryError):
        return "it needs more memory than this computer has"
    text = str(error).strip()
    if isinstance(error, KeyError):
        return f"a part of it is missing: {text}" if text else "a part of it is missing"
    return text.splitlines()[0] if text else type(error).__name__


def _sheet_name(names: list[str], sheet: str | None, where: str) -> str:
    if not names:
        raise ValidationError(where, "the workbook has no sheets")
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return names[int(sheet) - 1]
    raise ValidationError("--sheet", f"no sheet {sheet!r} (sheets: {', '.join(names)})")


def _sheet_rows(found: Iterator[tuple[int, list[Any]]], where: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for number, values in found:
        if number > MAX_SHEET_ROWS:
            raise ValidationError(where, f"more than {MAX_SHEET_ROWS:,} rows in the sheet")
        cells = [_cell_text(value) for value in values]
        while cells and not cells[-1]:
            cells.pop()
        _check_row(cells, number, where, "row")
        if any(cell.strip() for cell in cells):
            rows.append(cells)
        if len(rows) > MAX_ROWS + 1:
            raise ValidationError(where, f"more than {MAX_ROWS:,} rows; split the file")
    return rows
