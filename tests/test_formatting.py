"""core/formatting.py: one way to write a day, a range, a UTC offset and an amount."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from smartgrowth_desktop.core import formatting
from smartgrowth_desktop.core.labels import stage_label


def test_offsets_read_the_same_everywhere() -> None:
    moment = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("UTC"))
    expected = {
        "Asia/Ho_Chi_Minh": "UTC+07:00",
        "Asia/Kolkata": "UTC+05:30",
        "America/Sao_Paulo": "UTC-03:00",
        "UTC": "UTC+00:00",
        "Europe/Stockholm": "UTC+01:00",
    }
    for zone, text in expected.items():
        assert formatting.utc_offset(moment.astimezone(ZoneInfo(zone))) == text
    summer = datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert formatting.utc_offset(summer) == "UTC+02:00"


def test_days_and_ranges_in_english() -> None:
    assert formatting.day(date(2025, 10, 13)) == "Monday 13 October 2025"
    assert formatting.short_day(date(2025, 9, 13)) == "Sat 13 Sep"
    assert formatting.short_date(date(2025, 10, 13)) == "13 Oct 2025"
    assert formatting.date_range(date(2025, 10, 13), date(2025, 10, 17)) == "13–17 October 2025"
    spring = formatting.date_range(date(2026, 2, 28), date(2026, 3, 3))
    assert spring == "28 February – 3 March 2026"
    turn = formatting.date_range(date(2025, 12, 28), date(2026, 1, 3))
    assert turn == "28 December 2025 – 3 January 2026"
    assert formatting.date_range(None, date(2026, 1, 3)) == "3 January 2026"
    assert formatting.date_range(None, None) == ""


def test_amounts() -> None:
    assert formatting.money(Decimal("5400000000"), "VND") == "5,400,000,000 VND"
    assert formatting.money(Decimal("1234.5"), "EUR") == "1,234.50 EUR"
    assert formatting.money(12, None) == "12"
    assert formatting.money(120000.0, "EUR") == "120,000 EUR"  # the window's floats too
    compact = [formatting.money(v, "EUR", compact=True) for v in (950, 120_000, 1.25e6, 5.4e9)]
    assert compact == ["950 EUR", "120k EUR", "1.2M EUR", "5.4bn EUR"]


def test_stages_read_long_and_short() -> None:
    assert stage_label("mou") == "MoU / letter of intent"
    assert stage_label("mou", short=True) == "MoU / LoI"
    assert stage_label("meeting", short=True) == "Meeting"
    assert stage_label("proposal", short=True) == stage_label("proposal") == "Proposal"
    assert stage_label(None) == "" and stage_label("later") == "Later"


def test_the_forms_are_babels() -> None:
    """Written without babel (the first frame cannot wait for its locale data), checked
    against it: every day of two years, every zone's offset in winter and summer."""
    from zoneinfo import available_timezones

    from babel.dates import format_date, format_datetime

    day = date(2025, 1, 1)
    while day.year < 2027:
        assert formatting.day(day) == format_date(day, "EEEE d MMMM y", locale="en")
        assert formatting.short_day(day) == format_date(day, "EEE d MMM", locale="en")
        assert formatting.short_date(day) == format_date(day, "d MMM y", locale="en")
        assert formatting.long_date(day) == format_date(day, "d MMMM y", locale="en")
        day += timedelta(days=1)
    for name in sorted(available_timezones()):
        for month in (1, 7):
            moment = datetime(2026, month, 15, 12, tzinfo=ZoneInfo(name))
            assert formatting.utc_offset(moment) == "UTC" + format_datetime(
                moment, "xxx", locale="en"
            ), name
