"""Hostile spreadsheets: junk, wrong encodings, truncated or fake XLSX, huge cells, formulas.

Whatever the bytes, reading and importing end in a table or a ``ValidationError`` (never
another exception, never a hang), and a refused import writes nothing.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.exchange.table_map import guess_mapping
from smartgrowth_desktop.exchange.table_read import MAX_CELL, Table, read_table
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.table_import import import_table, plan_table
from tests.conftest import examples

FUZZ = settings(
    max_examples=examples(120),
    deadline=3000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _read(path: Path, data: bytes) -> Table | None:
    path.write_bytes(data)
    try:
        return read_table(path)
    except ValidationError as error:
        assert str(error)
        return None


def _xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_XLSX = _xlsx_bytes(
    [["Name", "E-mail"], ["Anna Ek", "anna@ek.se"], ["=1+1", "=cmd|' /C calc'!A0"]]
)
CELL = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)


@FUZZ
@given(data=st.binary(max_size=3000))
def test_binary_junk_never_crashes(tmp_path: Path, data: bytes) -> None:
    table = _read(tmp_path / "junk.csv", data)
    if table is not None:
        plan_table("contact", table, ["full_name"] + [""] * (len(table.headers) - 1))


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "utf-32", "gb18030"]),
    cut=st.integers(min_value=0, max_value=400),
)
def test_wrong_encodings_and_truncated_csv(
    tmp_path: Path, rows: list[list[str]], encoding: str, cut: int
) -> None:
    text = "\n".join(";".join(row) for row in rows)
    data = text.encode(encoding, errors="replace")
    table = _read(tmp_path / "t.csv", data[: max(1, len(data) - cut)])
    if table is not None:
        mapping = guess_mapping("contact", table.headers)
        mapping[0] = "full_name"
        plan_table("contact", table, mapping)


@FUZZ
@given(cut=st.integers(min_value=1, max_value=len(GOOD_XLSX) - 1), flip=st.integers(0, 255))
def test_truncated_or_damaged_xlsx(tmp_path: Path, cut: int, flip: int) -> None:
    _read(tmp_path / "cut.xlsx", GOOD_XLSX[:cut])
    damaged = bytearray(GOOD_XLSX)
    damaged[cut] ^= flip or 1
    _read(tmp_path / "flip.xlsx", bytes(damaged))


def test_formula_cells_stay_text_or_empty(tmp_path: Path) -> None:
    table = _read(tmp_path / "f.xlsx", GOOD_XLSX)
    assert table is not None
    assert table.rows[0] == ["Anna Ek", "anna@ek.se"]
    # formulas are never evaluated: a workbook never opened in Excel has no cached value
    assert table.rows[1:] in ([], [["", ""]], [["=1+1", "=cmd|' /C calc'!A0"]])


@pytest.mark.parametrize(
    "members",
    [{"hello.txt": b"hi"}, {"[Content_Types].xml": b"<not xml"}, {"xl/workbook.xml": b"\x00"}],
)
def test_a_zip_that_is_not_an_xlsx(tmp_path: Path, members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path = tmp_path / "fake.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ValidationError, match="XLSX"):
        read_table(path)


def test_huge_cells_are_refused_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("Name,Notes\nAnna," + "x" * (MAX_CELL + 1) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="line 2: a cell longer than"):
        read_table(path)
    xlsx = tmp_path / "huge.xlsx"
    xlsx.write_bytes(_xlsx_bytes([["Name"], ["y" * 32000], ["ok"]]))
    assert read_table(xlsx).rows[1] == ["ok"]


def test_quote_never_closed_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Name,Notes\n"Anna,' + "a\n" * 50_000, encoding="utf-8")
    with pytest.raises(ValidationError, match="line 2: a quote opened there is never closed"):
        read_table(path)


@settings(FUZZ, max_examples=examples(40))
@given(
    rows=st.lists(
        st.tuples(CELL, st.sampled_from(["", "a@b.se", "bad mail", "x" * 400]), CELL),
        min_size=1,
        max_size=6,
    )
)
def test_import_of_fuzzed_rows_is_whole_or_nothing(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, str]]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz") / "profile"
    table = Table(["Name", "E-mail", "Company"], [list(r) for r in rows])
    mapping = ["full_name", "emails", "organization"]
    with Profile(folder) as profile:
        records = RecordService(profile)
        try:
            report = import_table(profile, "contact", table, mapping)
        except ValidationError as error:
            assert error.path.startswith("row ")
            assert records.count("contact") == 0 and records.count("organization") == 0
        else:
            assert records.count("contact") == report.created == len(rows)
