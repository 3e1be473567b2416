"""The programme report as an XLSX workbook (openpyxl): one sheet per table, values only.

Sheets: *Summary* (each indicator per scope, with the programme's targets), one sheet per
indicator (its counted records, per scope), and *Evidence* (every counted record once per
scope it counts in). Dates are date cells; no cell holds a formula (text that a
spreadsheet would run as one is written with a leading apostrophe).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from smartgrowth_desktop.reports.indicator_model import INDICATORS, Evidence, ProgrammeReport

SHEETS = {"missions": "Missions", "smes": "SMEs", "markets": "Markets", "agreements": "Agreements"}
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: the columns of each indicator's sheet: header, how an evidence row fills it
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "missions": (("Started", "day"), ("Mission", "record"), ("Markets", "market"),
                 ("SMEs on it", "sme")),
    "smes": (("First mission started", "day"), ("SME", "record"), ("Mission", "mission"),
             ("Markets", "market")),
    "markets": (("First mission started", "day"), ("Market", "record"), ("Mission", "mission"),
                ("SMEs on it", "sme")),
    "agreements": (("Agreed", "day"), ("Lead", "record"), ("Kind", "kind"), ("SME", "sme"),
                   ("Counterpart", "counterpart"), ("Mission", "mission"),
                   ("Documents", "documents"), ("Value", "value"),
                   ("Value converted", "converted")),
}  # fmt: skip
EVIDENCE = (
    ("Indicator", "indicator"),
    ("Date", "day"),
    ("Record", "record"),
    ("Mission", "mission"),
    ("SME", "sme"),
    ("Documents", "documents"),
    ("Record kind", "record_kind"),
    ("Record id", "record_id"),
)


def write_workbook(report: ProgrammeReport, path: Path) -> None:
    """Write ``report`` as an XLSX file at ``path`` (the caller makes it atomic)."""
    book = Workbook(write_only=True)
    _summary(book.create_sheet("Summary"), report)
    for key, _label, _low, _high in INDICATORS:
        sheet = book.create_sheet(SHEETS[key])
        _widths(sheet, len(COLUMNS[key]) + 1)  # before any row, in a write-only sheet
        _header(sheet, ["Partner", *(h for h, _ in COLUMNS[key])])
        for scope in report.scopes:
            for item in scope.evidence.get(key, []):
                sheet.append([_cell(sheet, scope.name), *_row(sheet, item, COLUMNS[key])])
    sheet = book.create_sheet("Evidence")
    _widths(sheet, len(EVIDENCE) + 1)
    _header(sheet, ["Partner", *(h for h, _ in EVIDENCE)])
    labels = {key: label for key, label, _l, _h in INDICATORS}
    for scope in report.scopes:
        for key, _label, _low, _high in INDICATORS:
            for item in scope.evidence.get(key, []):
                cells = _row(sheet, item, EVIDENCE)
                cells[0] = _cell(sheet, labels[key])
                sheet.append([_cell(sheet, scope.name), *cells])
    book.save(path)


def _summary(sheet: WriteOnlyWorksheet, report: ProgrammeReport) -> None:
    period = report.period
    sheet.column_dimensions["A"].width = 34
    for n in range(1, len(report.scopes) + 2):
        sheet.column_dimensions[chr(ord("A") + n)].width = 22
    sheet.append([_bold(sheet, f"Programme indicators, {period.label}")])
    sheet.append(["Period", f"{period.start.isoformat()} to {period.end.isoformat()}"])
    sheet.append(["Counted on", report.today])
    sheet.append([])
    _header(sheet, ["Indicator", "Programme target", *(s.name for s in report.scopes)])
    for key, label, low, high in INDICATORS:
        target = str(low) if low == high else f"{low}–{high}"
        sheet.append([label, target, *(scope.value(key) for scope in report.scopes)])
    sheet.append([])
    sheet.append(
        [
            "A mission or market shared by several partners counts once for the programme "
            "and once for each partner."
        ]
    )
    if report.rates_note:
        sheet.append([_cell(sheet, report.rates_note)])


def _header(sheet: WriteOnlyWorksheet, names: Sequence[str]) -> None:
    sheet.append([_bold(sheet, name) for name in names])


def _bold(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = _cell(sheet, text)
    cell.font = Font(bold=True)
    return cell


def _row(
    sheet: WriteOnlyWorksheet, item: Evidence, columns: Sequence[tuple[str, str]]
) -> list[Any]:
    cells: list[Any] = []
    for _header_text, name in columns:
        value = getattr(item, name)
        if name == "day":
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        elif name == "documents":
            cells.append(_cell(sheet, "; ".join(value) if value else "none attached"))
        else:
            cells.append(_cell(sheet, str(value)))
    return cells


def _cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    """A text cell a spreadsheet shows as written and never runs."""
    safe = _ILLEGAL_XML.sub("", text)[:32767]
    if safe.startswith(_TRIGGERS):
        safe = f"'{safe}"
    cell = WriteOnlyCell(sheet, safe)
    cell.data_type = "s"
    return cell


def _widths(sheet: WriteOnlyWorksheet, count: int) -> None:
    for n in range(count):
        sheet.column_dimensions[chr(ord("A") + n)].width = 14 if n in (0, 1) else 30
