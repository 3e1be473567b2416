"""Spreadsheets in and out: encodings, delimiters, XLSX, mapping, preview, bad rows, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.wire import to_wire
from smartgrowth_desktop.exchange.table_map import apply_overrides, guess_mapping
from smartgrowth_desktop.exchange.table_read import read_table
from smartgrowth_desktop.exchange.table_write import neutralize, write_table
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.table_export import export_kind
from smartgrowth_desktop.services.table_import import import_table, plan_table
from tests.conftest import run_cli

ROWS = [
    ["Name", "Company", "E-mail", "Điện thoại", "Title"],
    ["Nguyễn Thị Mai", "Công ty Xanh", "mai@xanh.vn", "+84 912 345 678", "Giám đốc"],
    ["Anna Svensson", "Växjö Energi AB", "anna@vaxjo.se", "+46 70 123 45 67", "Engineer"],
    ["李伟", "广州智慧城市", "li.wei@gz.cn", "+86 138 0013 8000", "经理"],
]
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "cp1252")


def _csv_bytes(rows: list[list[str]], encoding: str, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = buffer.getvalue()
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def _latin_rows() -> list[list[str]]:
    """What cp1252 can hold (no Vietnamese or Chinese)."""
    return [[*ROWS[0][:3], "Phone", "Title"], ["Åsa Öberg", "Växjö Energi", "asa@ve.se", "", ""]]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_in_every_encoding_and_delimiter(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = _latin_rows() if encoding == "cp1252" else ROWS
    path = tmp_path / "table.csv"
    path.write_bytes(_csv_bytes(rows, encoding, delimiter))
    table = read_table(path)
    assert table.delimiter == delimiter
    assert table.headers == rows[0]
    assert table.rows == rows[1:]
    expected = {"utf-16-le-bom": "utf-16", "utf-16-be-bom": "utf-16"}.get(encoding, encoding)
    assert table.encoding == expected


def test_encoding_and_delimiter_can_be_given(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(_csv_bytes(ROWS, "utf-16-le"))  # no BOM: cannot be guessed
    with pytest.raises(ValidationError, match="UTF-16 without a byte-order mark"):
        read_table(path)
    table = read_table(path, encoding="utf-16-le", delimiter="comma")
    assert table.rows[0][0] == "Nguyễn Thị Mai"
    with pytest.raises(ValidationError, match="unknown encoding"):
        read_table(path, encoding="klingon")


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_first_or_chosen_sheet_numbers_as_text(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "book.xlsx",
        {
            "Notes": [["nothing"], ["here"]],
            "Kontakter": [["Förnamn", "Efternamn", "Mobil"], ["Åsa", "Öberg", 46701234567]],
        },
    )
    assert read_table(path).sheet == "Notes"
    table = read_table(path, sheet="Kontakter")
    assert table.rows == [["Åsa", "Öberg", "46701234567"]]
    assert read_table(path, sheet="2").sheet == "Kontakter"
    with pytest.raises(ValidationError, match="no sheet 'Leads'"):
        read_table(path, sheet="Leads")


def test_mapping_guessed_in_several_languages() -> None:
    headers = ["Name", "Company", "E-mail", "Phone", "Tel", "Điện thoại", "Chức vụ", "Notes"]
    assert guess_mapping("contact", headers) == [
        "full_name", "organization", "emails", "phones", "phones", "phones", "title", "notes",
    ]  # fmt: skip
    nordic = ["Förnamn", "Efternamn", "Företag", "Sähköposti", "Yritys", "Eesnimi"]
    assert guess_mapping("contact", nordic) == [
        "given_name", "family_name", "organization", "emails", "", "",
    ]  # fmt: skip
    google = ["Given Name", "Family Name", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value"]
    assert guess_mapping("contact", google) == [
        "given_name", "family_name", "emails", "", "phones",
    ]  # fmt: skip
    assert guess_mapping("organization", ["Company", "Land", "Webbplats", "Toimiala"]) == [
        "name", "country", "website", "solution_areas",
    ]  # fmt: skip
    mapping = apply_overrides(
        "contact", headers, guess_mapping("contact", headers), ["8=", "Tel=-"]
    )
    assert mapping[4] == "" and mapping[7] == ""
    with pytest.raises(ValidationError, match="no column 'Fax'"):
        apply_overrides("contact", headers, mapping, ["Fax=phones"])
    with pytest.raises(ValidationError, match="'shoe_size' is not one of"):
        apply_overrides("contact", headers, mapping, ["Tel=shoe_size"])


def test_preview_lists_errors_per_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    rows = [*ROWS, ["", "Someone Co", "x@y.se", "", ""], ["Bo Ek", "", "not-mail", "", ""]]
    path.write_bytes(_csv_bytes(rows, "utf-8"))
    table = read_table(path)
    plan = plan_table("contact", table, guess_mapping("contact", table.headers))
    assert [str(p) for p in plan.problems] == [
        "row 5, column 'Name': a contact needs a name",
        "row 6, column 'E-mail': 'not-mail' is not an e-mail address",
    ]
    assert plan.rows[0].values["family_name"] == "Nguyễn"
    assert plan.rows[2].values["native_name"] == "李伟"


def test_import_refuses_bad_rows_or_skips_them(profile: Profile, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(_csv_bytes([*ROWS, ["Bo Ek", "Växjö Energi AB", "nope", "", ""]], "utf-8"))
    table = read_table(path)
    mapping = guess_mapping("contact", table.headers)
    with pytest.raises(ValidationError, match=r"row 5, column 'E-mail'"):
        import_table(profile, "contact", table, mapping)
    records = RecordService(profile)
    assert records.count("contact") == 0  # nothing half-written
    report = import_table(profile, "contact", table, mapping, skip_bad=True)
    assert report.created == 3 and report.organizations_created == 3
    assert [p.row for p in report.rejected] == [5]
    assert report.backup is not None and Path(report.backup).exists()
    again = import_table(profile, "contact", table, mapping, skip_bad=True, dry_run=True)
    assert again.organizations_created == 0  # linked by name (folded) to those now there
    assert records.count("organization") == 3
    contact = next(c for c in records.list("contact") if c.native_name == "李伟")
    organization = records.get("organization", contact.organization_id)
    assert organization.name == "广州智慧城市"
    assert contact.phones == ["+8613800138000"]


def test_organizations_link_by_folded_name(profile: Profile, tmp_path: Path) -> None:
    records = RecordService(profile)
    records.create("organization", {"name": "Växjö Energi AB", "kind": "company"})
    path = tmp_path / "orgs.csv"
    text = "Företag;Land;Typ\nVAXJO ENERGI AB;Sverige;company\nSaigon Solar;Vietnam;sme\n"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    report = import_table(
        profile, "organization", table, guess_mapping("organization", table.headers)
    )
    assert (report.created, report.already_there) == (1, 1)
    saigon = next(o for o in records.list("organization") if o.name == "Saigon Solar")
    assert (saigon.country, saigon.kind) == ("VN", "sme")


def test_export_neutralizes_formulas_and_round_trips(profile: Profile, tmp_path: Path) -> None:
    records = RecordService(profile)
    org = records.create("organization", {"name": "=cmd|' /C calc'!A0", "kind": "company"})
    records.create(
        "contact",
        {
            "family_name": "@SUM(1+1)",
            "given_name": "Mai",
            "native_name": "阮氏梅",
            "organization_id": str(org),
            "emails": ["mai@xanh.vn", "mai2@xanh.vn"],
            "phones": ["+84 912 345 678"],
            "tags": ["solar", "-minus"],
            "notes": "line one\nline two",
        },
    )
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"contacts{suffix}"
        assert export_kind(profile, "contact", out) == 1
        if suffix == ".csv":
            cells = next(iter(csv.DictReader(out.read_text("utf-8-sig").splitlines(True))))
        else:
            sheet = load_workbook(out).active
            values = list(sheet.iter_rows(values_only=True))
            cells = dict(zip(values[0], values[1], strict=True))
            assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
        assert cells["organization"] == "'=cmd|' /C calc'!A0"
        assert cells["family_name"] == "'@SUM(1+1)"
        assert cells["phones"] == "'+84912345678"
        copy = Profile(tmp_path / f"copy{suffix}")
        try:
            table = read_table(out)
            report = import_table(copy, "contact", table, guess_mapping("contact", table.headers))
            assert report.created == 1
            back = to_wire(KINDS["contact"], RecordService(copy).list("contact")[0])
            original = to_wire(KINDS["contact"], records.list("contact")[0])
            for name in ("family_name", "given_name", "native_name", "emails", "phones"):
                assert back[name] == original[name], name
            assert back["tags"] == ["solar", "-minus"] and back["notes"] == original["notes"]
            assert RecordService(copy).list("organization")[0].name == "=cmd|' /C calc'!A0"
        finally:
            copy.close()


def test_neutralize_rules() -> None:
    for risky in ("=1+1", "+1", "-1", "@x", "\tx", "\rx"):
        assert neutralize(risky) == "'" + risky
    assert neutralize("plain") == "plain" and neutralize("'=x") == "'=x"


def test_write_table_refuses_other_formats(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        write_table(tmp_path / "x.ods", ["a"], [["b"]])


def test_cli_import_and_export_table(tmp_path: Path) -> None:
    data = tmp_path / "profile"
    path = tmp_path / "in.csv"
    path.write_bytes(_csv_bytes([*ROWS, ["Bo Ek", "", "nope", "", ""]], "utf-8-sig", ";"))
    refused = run_cli("import-table", str(path), "--kind", "contact", data_dir=data)
    assert refused.returncode == 1
    assert "row 5, column 'E-mail'" in refused.stderr
    done = run_cli(
        "import-table", str(path), "--kind", "contact", "--skip-bad", "--json",
        "--map", "Title=-", data_dir=data,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["created"] == 3 and report["rejected"][0]["row"] == 5
    assert report["mapping"]["Title"] == ""
    out = tmp_path / "out.xlsx"
    exported = run_cli("export-table", "contact", str(out), data_dir=data)
    assert exported.returncode == 0, exported.stderr
    assert len(list(load_workbook(out).active.iter_rows())) == 4
    wrong = run_cli("export-table", "contact", str(tmp_path / "x.txt"), data_dir=data)
    assert wrong.returncode == 1 and ".csv or .xlsx" in wrong.stderr
