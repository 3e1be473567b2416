"""One reporting currency: conversions through the rate table, said when impossible; the
lead list sorts by the converted value; the board and the pack show both values."""

from __future__ import annotations

import subprocess
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.currency import (
    CurrencySettings,
    Rate,
    RateTable,
    parse_amount,
    parse_rates,
    shipped_table,
)
from smartgrowth_desktop.services.lists import CONVERTED, ListQuery, ListService, ValueIn
from smartgrowth_desktop.services.packs import PackService
from smartgrowth_desktop.services.pipeline import load_pipeline
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService

DAY = date(2026, 11, 30)
TABLE = RateTable(
    (
        Rate("EUR", "SEK", Decimal("11"), DAY, "test"),
        Rate("EUR", "USD", Decimal("1.2"), DAY, "test"),
        Rate("USD", "VND", Decimal("25000"), DAY, "test"),
    )
)


def test_conversions_follow_the_table_and_name_the_rates() -> None:
    assert TABLE.convert(Decimal(110), "SEK", "EUR").value == Decimal(10)
    assert TABLE.convert(Decimal(10), "eur", "SEK").value == Decimal(110)
    through = TABLE.convert(Decimal(11), "SEK", "VND")
    assert through.value == Decimal(30000)
    assert [r.quote for r in through.rates] == ["SEK", "USD", "VND"]
    assert TABLE.convert(Decimal(5), "EUR", "EUR").value == Decimal(5)


def test_a_missing_rate_or_value_is_said_never_guessed() -> None:
    missing = TABLE.convert(Decimal(1), "CNY", "EUR")
    assert (missing.value, missing.problem) == (None, "no CNY→EUR rate")
    without_vnd = RateTable(TABLE.rates[:2])
    assert without_vnd.convert(Decimal(1), "SEK", "VND").problem == "no SEK→VND rate"
    assert TABLE.convert(None, "EUR", "SEK").problem == "no value"
    assert TABLE.convert(Decimal(1), "", "SEK").problem == "no currency"
    assert parse_amount("") is None and parse_amount("abc") is None
    assert parse_amount("NaN") is None and parse_amount("1,200.50") == Decimal("1200.50")


def test_the_shipped_table_says_its_date_and_sources() -> None:
    table = shipped_table()
    assert table.shipped
    by_pair = {(r.base, r.quote): r for r in table.rates}
    assert {("EUR", "CNY"), ("EUR", "SEK"), ("USD", "VND")} <= set(by_pair)
    assert "ECB" in by_pair["EUR", "SEK"].source
    assert "State Bank of Vietnam" in by_pair["USD", "VND"].source
    assert all(r.on == date(2025, 10, 6) for r in table.rates)
    for code in ("CNY", "VND", "SEK"):
        assert table.convert(Decimal(1), code, "EUR").ok


def test_rates_are_settings_of_this_laptop(profile: Profile) -> None:
    settings = CurrencySettings(profile)
    assert settings.reporting_currency() == "EUR" and settings.table().shipped
    settings.set_reporting_currency("sek")
    settings.add_rate(Rate("EUR", "SEK", Decimal("11.2"), DAY, "by hand"))
    table = settings.table()
    assert settings.reporting_currency() == "SEK" and not table.shipped
    assert [r.rate for r in table.rates if r.quote == "SEK"] == [Decimal("11.2")]
    assert settings.reset().shipped and settings.table().shipped
    for bad, said in (
        ({"rate": "-1"}, "positive"),
        ({"date": "30.11.2026"}, "YYYY-MM-DD"),
        ({"quote": "EUR"}, "to itself"),
        ({"base": "EURO"}, "three-letter"),
    ):
        item = {"base": "EUR", "quote": "SEK", "rate": "11", "date": "2026-11-30"} | bad
        with pytest.raises(ValidationError, match=said):
            parse_rates([item])
    with pytest.raises(ValidationError):
        settings.set_reporting_currency("euros")


@pytest.fixture
def leads(profile: Profile) -> dict[str, uuid.UUID]:
    records = RecordService(profile)
    mission = records.create("mission", {"name": "Mission to Da Nang", "start_date": "2026-03-09"})
    made = {}
    for title, value, currency in (
        ("SEK lead", "220000", "SEK"),  # 20,000 EUR
        ("EUR lead", "15000", "EUR"),
        ("VND lead", "750000000", "VND"),  # 25,000 EUR
        ("CNY lead", "1000", "CNY"),  # no rate
        ("No value", None, None),
    ):
        values = {"title": title, "kind": "pilot", "stage": "proposal", "mission_id": str(mission)}
        if value:
            values |= {"value": value, "currency": currency}
        made[title] = records.create("lead", values)
    CurrencySettings(profile).set_rates(TABLE.rates)
    return made


def test_the_lead_list_sorts_by_the_converted_value(
    profile: Profile, leads: dict[str, uuid.UUID]
) -> None:
    factors = (("EUR", 1.0), ("SEK", 1 / 11), ("VND", 1 / 30000))
    query = ListQuery("lead", CONVERTED, converted=ValueIn("EUR", factors))
    lists = ListService(profile)
    first = lists.page(query, limit=3)
    rest = lists.page(query, lists.cursor(query, list(first.dicts())[-1]), limit=3)
    rows = [*first.dicts(), *rest.dicts()]
    assert len(rows) == 5
    assert [r["title"] for r in rows][-3:] == ["EUR lead", "SEK lead", "VND lead"]
    assert {r["title"] for r in rows[:2]} == {"CNY lead", "No value"}
    assert round(rows[-1][CONVERTED]) == 25000 and rows[-1]["value_converted_to"] == "EUR"
    down = ListQuery("lead", CONVERTED, descending=True, converted=query.converted)
    assert [r["title"] for r in lists.page(down, limit=2).dicts()] == ["VND lead", "SEK lead"]


def test_the_board_shows_each_value_converted_and_says_what_is_missing(
    profile: Profile, leads: dict[str, uuid.UUID]
) -> None:
    snapshot = load_pipeline(profile)
    cards = {c.title: c for c in snapshot.cards["proposal"]}
    assert cards["SEK lead"].converted is not None
    assert cards["SEK lead"].converted.value == Decimal(20000)
    assert cards["CNY lead"].converted is not None
    assert cards["CNY lead"].converted.problem == "no CNY→EUR rate"
    summary = snapshot.summaries["proposal"]
    total, problems = summary.converted()
    assert total is not None and round(total) == 60000
    assert problems == ["no CNY→EUR rate"] and summary.without_value == 1


def test_the_pack_pipeline_prints_both_values_and_the_rates(
    profile: Profile, leads: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"
    PackService(profile).mission_pack("Da Nang", out)
    done = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True)
    text = " ".join(done.stdout.split())
    for said in (
        "220,000 SEK ≈ 20,000 EUR",
        "750,000,000 VND ≈ 25,000 EUR",
        "no CNY→EUR rate",
        "≈ 60,000 EUR in all",
        "1 without a value",
        "1 EUR = 11 SEK (2026-11-30)",
    ):
        assert said in text, said
