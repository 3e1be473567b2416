"""An XLSX workbook read within bounds, whatever its zip claims or its XML holds.

A workbook of 3 MB may unpack to 3 GB (one shared string of zeros), or hold millions of
empty elements that a parser keeps until the end. So, before anything is parsed:

- the zip's declared sizes are checked (``zipfile`` never unpacks more than a member
  declares): at most ``MAX_UNPACKED`` for all parts together;
- the parts openpyxl parses whole (content types, the workbook and its relations) at
  most ``MAX_PART`` each;
- the styles, the shared strings and the sheets are streamed here: one item at a time
  (a number format, a shared string, a row), each at most ``MAX_ITEM_BYTES`` of XML,
  dropped once read; a text longer than Excel's ``MAX_CELL_CHARS`` is refused.

openpyxl still reads the workbook and turns each row's cells into values, with
defusedxml guarding the XML. Every refusal names the file, the part and the limit.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import ExcelReader, _find_workbook_part
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS, SHEET_MAIN_NS

from smartgrowth_desktop.core.bounded_io import size_text
from smartgrowth_desktop.core.errors import ValidationError

MAX_UNPACKED = 200 * 2**20  # all the parts of a workbook, once unpacked
MAX_PART = 2 * 2**20  # each part parsed whole: content types, the workbook, its relations
MAX_ITEM_BYTES = 2 * 2**20  # one row, or one shared string, as XML
MAX_CELL_CHARS = 32_767  # what one cell of Excel holds
MAX_SHARED_STRINGS = 2_000_000
MAX_TEXT_CHARS = 100_000_000  # kept in memory: the shared strings and the rows' texts
MAX_FORMATS = 100_000  # cell and number formats (Excel stops at 64,000)
_MAIN = f"{{{SHEET_MAIN_NS}}}"
_STRING, _RUN, _TEXT = _MAIN + "si", _MAIN + "r", _MAIN + "t"
_SHEET_DATA, _NUMBER_FORMATS, _CELL_FORMATS = (
    _MAIN + "sheetData",
    _MAIN + "numFmts",
    _MAIN + "cellXfs",
)
_CHUNK = 64 * 1024


class _Meter:
    """A part being parsed; refuses it once one item runs past ``MAX_ITEM_BYTES``."""

    def __init__(self, source: IO[bytes], where: str, part: str) -> None:
        self.source, self.where, self.part = source, where, part
        self.since = 0  # bytes read since the last item ended

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size if size > 0 else _CHUNK)
        self.since += len(data)
        if self.since > MAX_ITEM_BYTES + _CHUNK:
            raise ValidationError(
                self.where,
                f"{self.part} holds a row or a text larger than {size_text(MAX_ITEM_BYTES)} "
                "(damaged, or not made by a spreadsheet program)",
            )
        return data


def _items(source: IO[bytes], depth: int, where: str, part: str) -> Iterator[tuple[str, Element]]:
    """Each element of ``source`` no deeper than ``depth`` once it ends, with the tag of
    its parent; then it is dropped, so the tree holds only the item being read."""
    meter = _Meter(source, where, part)
    open_elements: list[Element] = []
    for event, element in iterparse(meter, events=("start", "end")):
        if event == "start":
            open_elements.append(element)
            continue
        open_elements.pop()
        if len(open_elements) >= depth:
            continue
        parent = open_elements[-1] if open_elements else None
        yield ("" if parent is None else parent.tag), element
        if parent is not None:
            del parent[:]  # it (and what came before it) leaves its parent
        meter.since = 0


class _Reader(ExcelReader):  # type: ignore[misc]
    """openpyxl's reader for the workbook and styles only; strings and sheets are ours."""

    def __init__(self, path: str) -> None:
        super().__init__(path, read_only=True, data_only=True, keep_links=False)
        self.where = path
        self.sheet_parts: dict[str, str] = {}
        self.text_chars = 0

    def read(self) -> None:
        self._small(ARC_CONTENT_TYPES)
        self.read_manifest()
        workbook = _find_workbook_part(self.package).PartName[1:]
        self._small(workbook)
        self._small(get_rels_path(workbook))
        self.read_workbook()
        self.date_formats, self.timedelta_formats = self._number_formats()
        self.shared_strings = self._strings()
        for sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                self.sheet_parts[sheet.name] = rel.target

    def _small(self, part: str) -> None:
        """Refuse a part openpyxl parses whole when it would unpack to more than MAX_PART."""
        try:
            size = self.archive.getinfo(part).file_size
        except KeyError:
            return  # missing: openpyxl says so, or does without it
        if size > MAX_PART:
            raise ValidationError(
                self.where,
                f"{part} would unpack to {size_text(size)}, more than the "
                f"{size_text(MAX_PART)} allowed for that part of a workbook",
            )

    def _number_formats(self) -> tuple[set[int], set[int]]:
        """Which cell styles show dates, and which durations (as openpyxl's stylesheet)."""
        dates: set[int] = set()
        durations: set[int] = set()
        if ARC_STYLE not in self.valid_files:
            return dates, durations
        custom: dict[int, str] = {}
        index = 0
        with self.archive.open(ARC_STYLE) as source:
            for parent, element in _items(source, 3, self.where, ARC_STYLE):
                if parent == _NUMBER_FORMATS:
                    custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
                elif parent == _CELL_FORMATS:
                    number = int(element.get("numFmtId", "0"))
                    shown = custom[number] if number in custom else builtin_format_code(number)
                    if is_date_format(shown):
                        dates.add(index)
                    if is_timedelta_format(shown):
                        durations.add(index)
                    index += 1
                if index + len(custom) > MAX_FORMATS:
                    raise ValidationError(
                        self.where, f"{ARC_STYLE} holds more than {MAX_FORMATS:,} formats"
                    )
        return dates, durations

    def _strings(self) -> list[str]:
        found = self.package.find(SHARED_STRINGS)
        if found is None:
            return []
        part = found.PartName[1:]
        strings: list[str] = []
        with self.archive.open(part) as source:
            for parent, element in _items(source, 2, self.where, part):
                if parent and element.tag == _STRING:
                    text = _string_text(element).replace("x005F_", "")  # as openpyxl
                    _check_text(text, self.where, f"{part}: shared string {len(strings) + 1:,}")
                    self._keep(len(text), part)
                    strings.append(text)
                    if len(strings) > MAX_SHARED_STRINGS:
                        raise ValidationError(
                            self.where, f"{part} holds more than {MAX_SHARED_STRINGS:,} strings"
                        )
        return strings

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Any]]]:
        """``(row number, values by column)`` of each row of ``sheet`` that has cells."""
        part = self.sheet_parts[sheet]
        parser = WorkSheetParser(
            None,
            self.shared_strings,
            data_only=True,
            epoch=self.wb.epoch,
            date_formats=self.date_formats,
            timedelta_formats=self.timedelta_formats,
        )
        with self.archive.open(part) as source:
            for parent, element in _items(source, 3, self.where, part):
                if parent == _SHEET_DATA and element.tag == ROW_TAG:
                    number, cells = parser.parse_row(element)
                    values = _values(cells, self.where, f"{part} row {number}")
                    self._keep(sum(len(v) for v in values if isinstance(v, str)), part)
                    yield number, values

    def _keep(self, chars: int, part: str) -> None:
        """Count text kept in memory; refuse a workbook holding more than MAX_TEXT_CHARS."""
        self.text_chars += chars
        if self.text_chars > MAX_TEXT_CHARS:
            raise ValidationError(
                self.where,
                f"{part} takes the workbook past {MAX_TEXT_CHARS:,} characters of text; "
                "split it into smaller workbooks",
            )


def _string_text(item: Element) -> str:
    """The text of a shared string: its ``t``, or the ``t`` of each of its runs (as
    openpyxl's ``Text.content``; phonetic hints left out)."""
    parts = []
    for child in item:
        text = child.find(_TEXT) if child.tag == _RUN else child
        if text is not None and text.tag == _TEXT:
            parts.append(text.text or "")
    return "".join(parts)


def _check_text(text: Any, where: str, what: str) -> None:
    if isinstance(text, str) and len(text) > MAX_CELL_CHARS:
        raise ValidationError(
            where,
            f"{what} holds {len(text):,} characters, more than the {MAX_CELL_CHARS:,} "
            "a cell holds in Excel",
        )


def _values(cells: list[dict[str, Any]], where: str, what: str, width: int = 201) -> list[Any]:
    """The values of a row by column (1 = A), up to column ``width``; the rest ignored."""
    values: list[Any] = []
    for cell in cells:
        column = cell["column"]
        if column > width:
            continue
        _check_text(cell["value"], where, what)
        if column > len(values):
            values.extend([None] * (column - len(values)))
        values[column - 1] = cell["value"]
    return values


def check_archive(archive: zipfile.ZipFile, where: str) -> None:
    """Refuse a workbook whose parts would unpack to more than ``MAX_UNPACKED`` in all."""
    members = archive.infolist()
    total = sum(info.file_size for info in members)
    if total > MAX_UNPACKED:
        largest = max(members, key=lambda info: info.file_size)
        raise ValidationError(
            where,
            f"its parts would unpack to {size_text(total)}, more than the "
            f"{size_text(MAX_UNPACKED)} allowed for a workbook (the largest, "
            f"{largest.filename}, to {size_text(largest.file_size)})",
        )


def open_workbook(path: str) -> _Reader:
    """The workbook at ``path`` with its shared strings read (sheets are read on demand)."""
    reader = _Reader(path)
    try:
        check_archive(reader.archive, path)
        reader.read()
    except BaseException:
        reader.archive.close()
        raise
    return reader
