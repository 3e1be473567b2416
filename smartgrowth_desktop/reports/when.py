"""Dates and times as the packs print them, in English whatever the process locale.

(``strftime`` day and month names follow ``setlocale``, which Qt sets from the
environment, so the names are spelled out here.)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def zone(name: str | None) -> ZoneInfo:
    """The time zone called ``name``; UTC when unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def city(name: str) -> str:
    """The place an IANA zone is named after: "Asia/Ho_Chi_Minh" → "Ho Chi Minh"."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def day(value: date) -> str:
    """ "Monday 13 October 2025"."""
    return f"{DAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def short_day(value: date) -> str:
    """ "Mon 13 Oct"."""
    return f"{DAYS[value.weekday()][:3]} {value.day} {MONTHS[value.month - 1][:3]}"


def short_date(value: date) -> str:
    """ "13 Oct 2025"."""
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"


def date_range(start: date | None, end: date | None) -> str:
    """ "13–17 October 2025", "28 February – 3 March 2026", or one date."""
    if start is None or end is None or start == end:
        only = start or end
        return "" if only is None else f"{only.day} {MONTHS[only.month - 1]} {only.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
    first = f"{start.day} {MONTHS[start.month - 1]}"
    if start.year != end.year:
        first += f" {start.year}"
    return f"{first} – {end.day} {MONTHS[end.month - 1]} {end.year}"


def offset(moment: datetime) -> str:
    """The UTC offset of an aware datetime: "UTC+7", "UTC+5:30", "UTC"."""
    delta = moment.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def clock(moment: datetime) -> str:
    """ "09:05"."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def span(start: datetime, end: datetime | None, tz: ZoneInfo) -> str:
    """ "09:00–10:00" in ``tz`` (the end gets its day when it falls on another one)."""
    first = start.astimezone(tz)
    if end is None:
        return clock(first)
    last = end.astimezone(tz)
    tail = clock(last) if last.date() == first.date() else f"{short_day(last.date())} {clock(last)}"
    return f"{clock(first)}–{tail}"


def home_span(start: datetime, end: datetime | None, local: ZoneInfo, home: ZoneInfo) -> str:
    """The same span in the home zone, with its weekday when the date differs."""
    text = span(start, end, home)
    home_day = start.astimezone(home).date()
    if home_day != start.astimezone(local).date():
        text = f"{DAYS[home_day.weekday()][:3]} {text}"
    return text
