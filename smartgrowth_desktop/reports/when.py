"""Dates and times as the packs print them: the zone of a meeting, its span in local and
home time. Days, dates, offsets and clocks are ``core/formatting.py``'s (English, in
babel's forms, whatever the process locale): the window writes them the same way.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from smartgrowth_desktop.core.formatting import clock as clock
from smartgrowth_desktop.core.formatting import date_range as date_range
from smartgrowth_desktop.core.formatting import day as day
from smartgrowth_desktop.core.formatting import short_date as short_date
from smartgrowth_desktop.core.formatting import short_day as short_day
from smartgrowth_desktop.core.formatting import utc_offset as utc_offset
from smartgrowth_desktop.core.formatting import weekday


def zone(name: str | None) -> ZoneInfo:
    """The time zone called ``name``; UTC when unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def city(name: str) -> str:
    """The place an IANA zone is named after: "Asia/Ho_Chi_Minh" → "Ho Chi Minh"."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


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
        text = f"{weekday(home_day)} {text}"
    return text
