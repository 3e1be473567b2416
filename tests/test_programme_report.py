"""The programme report: counted per period and partner, read back from the files it writes
(openpyxl for XLSX, pdftotext for PDF) and checked against the records behind it.

One profile (built once) holds records on both sides of every boundary: missions on the
last day of 2025 and on the first and last days of 2026-H1 and the first of 2026-H2, a
deleted mission, leads moved to agreement late on 30 June and just after midnight on
1 July (UTC), a lead at MoU, SMEs of two partners; a record counted in the wrong period or
for the wrong partner fails a test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from smartgrowth_desktop.core.errors import SmartGrowthError, ValidationError
from smartgrowth_desktop.core.fieldtypes import format_datetime
from smartgrowth_desktop.core.models import StageChange
from smartgrowth_desktop.core.writer import Writer
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.currency import CurrencySettings, Rate
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.programme_report import build_report
from smartgrowth_desktop.services.records import RecordService, create_in
from smartgrowth_desktop.services.report_files import write_programme_report
from smartgrowth_desktop.services.report_partners import Partner, parse_assignment, set_partners
from smartgrowth_desktop.services.report_periods import parse_period, scheme, set_scheme
from smartgrowth_desktop.services.stats import StatsService
from tests.conftest import examples, run_cli

TODAY = date(2026, 12, 4)
KEYS = ("missions", "smes", "markets", "agreements")


def _agreed(writer: Writer, lead: uuid.UUID, moment: datetime) -> None:
    """The lead (created at agreement) got there at ``moment``."""
    first = writer.conn.execute(
        select(StageChange.id).where(StageChange.lead_id == lead)
    ).scalar_one()
    writer.update("stage_change", first, {"changed_at": format_datetime(moment)})


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report") / "profile"
    with Profile(folder) as profile:
        with profile.write() as writer:

            def make(record_kind: str, **values: object) -> uuid.UUID:
                given = {k: v for k, v in values.items() if v is not None}
                return create_in(writer, record_kind, given)

            sme = {
                key: make("organization", name=name, kind="sme", country=country)
                for key, name, country in (
                    ("se1", "Lumigrid AB", "SE"),
                    ("se2", "Flödesvakt AB", "SE"),
                    ("fi1", "Vesivahti Oy", "FI"),
                )
            }
            city = make("organization", name="Da Nang DOST", kind="municipality")
            m1 = make("market", name="Ho Chi Minh City", country="VN", time_zone="Asia/Saigon")
            m2 = make("market", name="Guangzhou", country="CN", time_zone="Asia/Shanghai")

            def mission(
                name: str, start: str, markets: list[uuid.UUID], smes: list[str]
            ) -> uuid.UUID:
                ids = [str(sme[s]) for s in smes]
                places = [str(m) for m in markets]
                return make("mission", name=name, start_date=start, end_date=start,
                            market_ids=places, sme_ids=ids)  # fmt: skip

            mission("Mission A 2025", "2025-12-31", [m1], ["se1"])
            b = mission("Mission B first day", "2026-01-01", [m1, m2], ["se1", "fi1"])
            mission("Mission C last day", "2026-06-30", [m2], ["se2"])
            mission("Mission D second half", "2026-07-01", [m2], ["fi1"])
            gone = mission("Mission E deleted", "2026-03-01", [m1], ["se2"])

            def lead(
                title: str, who: str, stage: str, value: str | None, cur: str | None
            ) -> uuid.UUID:
                return make("lead", title=title, kind="pilot", stage=stage,
                            sme_id=str(sme[who]), organization_id=str(city), mission_id=str(b),
                            value=value, currency=cur)  # fmt: skip

            late = lead("Pilot agreed late on 30 June", "se1", "agreement", "100000", "SEK")
            _agreed(writer, late, datetime(2026, 6, 30, 21, 30, tzinfo=UTC))
            early = lead("Pilot agreed just after midnight", "fi1", "agreement", "5e9", "VND")
            _agreed(writer, early, datetime(2026, 7, 1, 0, 30, tzinfo=UTC))
            lead("Still at MoU", "se2", "mou", "1000", "EUR")
            signed = lead("Signed without a value", "fi1", "agreement", None, None)
            _agreed(writer, signed, datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
        RecordService(profile).delete("mission", gone)
        AttachmentService(profile).attach("lead", signed, b"%PDF-1.4 test", "Signed MoU.pdf")
        set_partners(profile, [Partner("Alpha Park", ("SE",)), Partner("Beta Park", ("FI",))])
        # no VND rate: the VND lead's value is said to have none, never guessed
        CurrencySettings(profile).set_rates(
            [Rate("EUR", "SEK", Decimal("10"), date(2026, 11, 30), "test")]
        )
    return folder


def figures(folder: Path, period: str, today: date = TODAY) -> dict[str, dict[str, int]]:
    with Profile(folder) as profile:
        report = build_report(profile, parse_period(period), today=today)
    return {s.name: {k: s.value(k) for k in KEYS} for s in report.scopes}


def test_each_record_counts_in_its_own_period_and_for_its_own_partner(programme: Path) -> None:
    assert figures(programme, "2026-H1") == {
        "All partners": {"missions": 2, "smes": 3, "markets": 1, "agreements": 2},
        "Alpha Park": {"missions": 2, "smes": 2, "markets": 1, "agreements": 1},
        "Beta Park": {"missions": 1, "smes": 1, "markets": 2, "agreements": 1},
    }
    assert figures(programme, "2025-H2")["All partners"] == {
        "missions": 1,
        "smes": 1,
        "markets": 1,
        "agreements": 0,
    }
    assert figures(programme, "2026-H2")["Beta Park"] == {
        "missions": 1,
        "smes": 1,
        "markets": 0,
        "agreements": 1,
    }
    # a mission not started yet is not held
    assert figures(programme, "2026-H2", today=date(2026, 6, 30))["All partners"]["missions"] == 0
    quarters = [figures(programme, f"2026-Q{q}")["All partners"]["agreements"] for q in (1, 2, 3)]
    assert quarters == [1, 1, 1]
    custom = figures(programme, "2026-06-30..2026-07-01")["All partners"]
    assert custom == {"missions": 2, "smes": 2, "markets": 0, "agreements": 2}


def test_the_evidence_names_each_counted_record(programme: Path) -> None:
    with Profile(programme) as profile:
        report = build_report(profile, parse_period("2026-H1"), today=TODAY)
    main = report.programme
    assert [e.record for e in main.evidence["missions"]] == [
        "Mission B first day",
        "Mission C last day",
    ]
    agreements = {e.record: e for e in main.evidence["agreements"]}
    assert set(agreements) == {"Pilot agreed late on 30 June", "Signed without a value"}
    signed = agreements["Signed without a value"]
    assert signed.documents == ("Signed MoU.pdf",)
    assert (signed.day, signed.sme, signed.mission) == (
        date(2026, 2, 10),
        "Vesivahti Oy",
        "Mission B first day",
    )
    assert signed.value == "no value"
    assert agreements["Pilot agreed late on 30 June"].converted == "10,000 EUR"


def test_the_indicators_page_counts_as_the_report_does(programme: Path) -> None:
    with Profile(programme) as profile:
        shown = {i.key: i.value for i in StatsService(profile).indicators(TODAY)}
    assert shown == {"missions": 4, "smes": 3, "markets": 2, "agreements": 3}


@pytest.mark.parametrize(
    "text",
    ["2026-H3", "H1", "2026-Q5", "26-H1", "2026-02-30..2026-03-01", "2026-07-01..2026-01-01", ""],
)
def test_an_unknown_period_is_named(text: str) -> None:
    with pytest.raises(ValidationError, match="period"):
        parse_period(text)


def test_periods_cover_their_days() -> None:
    assert (parse_period("2026-h2").start, parse_period("2026-H2").end) == (
        date(2026, 7, 1),
        date(2026, 12, 31),
    )
    assert parse_period("2026-Q1").end == date(2026, 3, 31)
    assert parse_period("2024").end == date(2024, 12, 31)


# -- the files, read back ------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(programme: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The workbook through the CLI (a real subprocess), the PDFs through the service."""
    out = tmp_path_factory.mktemp("out")
    files = {"xlsx": out / "h1.xlsx", "pdf": out / "h1.pdf", "beta": out / "beta.pdf"}
    files["h2"] = out / "h2.pdf"
    args = ("--period", "2026-H1", "--out", str(files["xlsx"]), "--json")
    result = run_cli("report", "indicators", *args, data_dir=programme)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["figures"]["Beta Park"]["markets"] == 2
    with Profile(programme) as profile:
        write_programme_report(profile, "2026-H1", files["pdf"], today=TODAY)
        write_programme_report(profile, "2026-H1", files["beta"], "beta", today=TODAY)
        write_programme_report(profile, "2026-H2", files["h2"], today=TODAY)
    return files


def test_the_workbook_holds_the_counted_records_as_values(written: dict[str, Path]) -> None:
    book = load_workbook(written["xlsx"])
    assert book.sheetnames == ["Summary", "Missions", "SMEs", "Markets", "Agreements", "Evidence"]
    summary = [list(r) for r in book["Summary"].iter_rows(values_only=True)]
    header = next(r for r in summary if r and r[0] == "Indicator")
    assert header == ["Indicator", "Programme target", "All partners", "Alpha Park", "Beta Park"]
    rows = {r[0]: r[2:] for r in summary if r and r[0] and isinstance(r[2], int)}
    assert rows["Export missions held"] == [2, 2, 1]
    assert rows["SMEs taken abroad"] == [3, 2, 1]
    assert rows["New markets reached"] == [1, 1, 2]
    assert rows["Sales agreements or pilots"] == [2, 1, 1]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    evidence = [r for r in book["Evidence"].iter_rows(min_row=2, values_only=True)]
    beta = {(r[1], r[3]) for r in evidence if r[0] == "Beta Park"}
    assert beta == {
        ("Export missions held", "Mission B first day"),
        ("SMEs taken abroad", "Vesivahti Oy"),
        ("New markets reached", "Ho Chi Minh City"),
        ("New markets reached", "Guangzhou"),
        ("Sales agreements or pilots", "Signed without a value"),
    }
    dates = {r[3]: r[2] for r in evidence if r[0] == "All partners"}
    assert dates["Mission C last day"] == datetime(2026, 6, 30)
    agreements = list(book["Agreements"].iter_rows(values_only=True))
    signed = next(r for r in agreements if r[2] == "Signed without a value")
    assert signed[7] == "Signed MoU.pdf" and signed[8] == "no value"
    names = {r[2] for sheet in book.worksheets for r in sheet.iter_rows(values_only=True) if r}
    assert not {"Mission D second half", "Mission E deleted", "Still at MoU"} & names


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())


def test_the_pdf_says_the_figures_and_their_evidence(written: dict[str, Path]) -> None:
    text = _pdf_text(written["pdf"])
    for said in (
        "Programme indicators, 2026-H1",
        "1 January – 30 June 2026",
        "Export missions held: 2",
        "SMEs taken abroad: 3",
        "New markets reached: 1",
        "Sales agreements or pilots: 2",
        "Signed MoU.pdf",
        "Mission B first day",
        "Alpha Park",
        "100,000 SEK (≈ 10,000 EUR)",
        "Records counted",  # the chart's axis title: the chart is drawn
    ):
        assert said in text, said
    assert "Mission D" not in text and "Mission E" not in text and "Still at MoU" not in text
    beta = _pdf_text(written["beta"])
    assert "Export missions held: 1" in beta and "New markets reached: 2" in beta
    assert "Alpha Park" not in beta and "Pilot agreed late" not in beta


def test_a_missing_rate_is_said_not_guessed(written: dict[str, Path]) -> None:
    assert "5,000,000,000 VND (no VND→EUR rate)" in _pdf_text(written["h2"])


def test_an_unknown_period_is_refused_by_the_cli_and_writes_nothing(
    programme: Path, tmp_path: Path
) -> None:
    target = tmp_path / "r.xlsx"
    result = run_cli("report", "indicators", "--period", "2026-H3", "--out", str(target),
                     data_dir=programme)  # fmt: skip
    assert result.returncode == 1
    assert "unknown period '2026-H3'" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("period", "partner", "out", "said"),
    [
        ("2026-H1", "Gamma", "r.xlsx", "no single partner matches 'Gamma'"),
        ("2026-H1", None, "no such folder/r.pdf", "cannot write"),
        ("2026-H1", None, "taken.xlsx/", "it is a folder"),
        ("2026-H1", None, "r.docx", "name the file .xlsx or .pdf"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    programme: Path, tmp_path: Path, period: str, partner: str | None, out: str, said: str
) -> None:
    target = tmp_path / out
    if out.endswith("/"):
        target.mkdir()
    with Profile(programme) as profile, pytest.raises(SmartGrowthError, match=said):
        write_programme_report(profile, period, target, partner, today=TODAY)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_partners_and_periods_are_settings_of_the_laptop(programme: Path, tmp_path: Path) -> None:
    copy = tmp_path / "profile"
    shutil.copytree(programme, copy)
    result = run_cli("report", "partners", "--set", "Gamma Park=SE,FI", data_dir=copy)
    assert result.returncode == 0 and "Gamma Park: SMEs of SE, FI" in result.stdout
    with Profile(copy) as profile:
        set_scheme(profile, "quarter")
        assert scheme(profile) == "quarter"
        report = build_report(profile, parse_period("2026-H1"), today=TODAY)
    assert [s.name for s in report.scopes] == ["All partners", "Gamma Park"]
    with pytest.raises(ValidationError, match="NAME=SE"):
        parse_assignment("Delta")


@given(st.text(max_size=30) | st.from_regex(r"\d{4}-(H[0-3]|Q[0-5])", fullmatch=True))
@settings(max_examples=examples(100))
def test_any_period_string_parses_or_is_named(text: str) -> None:
    try:
        period = parse_period(text)
    except ValidationError as error:
        assert error.path == "period"
    else:
        assert period.start <= period.end
