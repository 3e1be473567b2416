"""Dates, UTC offsets and amounts as people read them, the same in the window, the
briefing packs and the CLI: English, whatever the process locale (Qt sets it from the
environment, and ``strftime`` would follow it).

The forms are babel's (CLDR, English): amounts are formatted by babel; the names of
days and months and the ISO offset ("UTC+07:00") are written here, and
``tests/test_formatting.py`` checks them against babel's ``format_date`` and
``format_datetime`` for every day of two years and every time zone. Loading babel's
locale data takes 30–50 ms, which the window's first frame (it shows today's date) cannot
afford within its budget.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

LOCALE = "en"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def utc_offset(moment: datetime) -> str:
    """The UTC offset of an aware moment: "UTC+07:00", "UTC+05:30", "UTC-03:00", "UTC+00:00"
    (babel's ``xxx``)."""
    minutes = round((moment.utcoffset() or timedelta(0)).total_seconds() / 60)
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours:02d}:{rest:02d}"


def weekday(value: date) -> str:
    """ "Mon" (babel's ``EEE``)."""
    return DAYS[value.weekday()][:3]


def day(value: date) -> str:
    """ "Monday 13 October 2025" (babel's ``EEEE d MMMM y``)."""
    return f"{DAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def short_day(value: date) -> str:
    """ "Mon 13 Oct" (babel's ``EEE d MMM``)."""
    return f"{weekday(value)} {value.day} {MONTHS[value.month - 1][:3]}"


def short_date(value: date) -> str:
    """ "13 Oct 2025" (babel's ``d MMM y``)."""
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"


def long_date(value: date) -> str:
    """ "13 October 2025" (babel's ``d MMMM y``)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def date_range(start: date | None, end: date | None) -> str:
    """ "13–17 October 2025", "28 February – 3 March 2026", or one date."""
    if start is None or end is None or start == end:
        only = start or end
        return "" if only is None else long_date(only)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    first = long_date(start)
    if start.year == end.year:
        first = first.removesuffix(f" {start.year}")
    return f"{first} – {long_date(end)}"


def clock(moment: datetime) -> str:
    """ "09:05" (24 hours)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def number(value: Decimal | int | float) -> str:
    """ "5,400,000,000", "1,234.50": thousands grouped, cents only when there are any."""
    from decimal import Decimal  # on use too: the first frame formats no amount

    from babel.numbers import format_decimal  # on use: the packs, the CLI, the lead list

    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    pattern = "#,##0" if exact == exact.to_integral_value() else "#,##0.00"
    return str(format_decimal(exact, pattern, locale=LOCALE))


def compact_number(value: Decimal | int | float) -> str:
    """ "950", "120k", "1.2M", "5.4bn": where there is little room (a lead on the board)."""
    amount = float(value)
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= limit:
            scaled = amount / limit
            text = f"{scaled:.1f}" if scaled < 100 else f"{scaled:.0f}"
            return text.removesuffix(".0") + suffix
    return f"{amount:.0f}"


def money(value: Decimal | int | float, currency: str | None, compact: bool = False) -> str:
    """ "5,400,000,000 VND", or ``compact`` "5.4bn VND" (the amount alone without a
    currency)."""
    amount = compact_number(value) if compact else number(value)
    return f"{amount} {currency or ''}".strip()
