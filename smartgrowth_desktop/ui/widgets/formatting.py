"""Small text helpers for the pipeline, Today and Indicators: money, totals, times.

Dates, times, UTC offsets and amounts are written by ``core/formatting.py``, as the
briefing packs and the CLI write them ("Mon 13 Oct", "UTC+07:00", "120,000 EUR"); lead
stages by ``core/labels.py``; only the window's own forms are here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

# dates read the same in the window, the briefing packs and the CLI
from smartgrowth_desktop.core import formatting
from smartgrowth_desktop.core.formatting import clock as clock
from smartgrowth_desktop.core.formatting import short_date as short_date
from smartgrowth_desktop.core.formatting import short_day as short_day
from smartgrowth_desktop.core.formatting import utc_offset as utc_offset

long_day = formatting.day  # "Friday 27 November 2026"

_CURRENCY_ORDER = ("EUR", "SEK", "USD", "CNY", "VND")


def money(amount: Decimal | float | None, currency: str | None) -> str:
    """ "120k EUR" where there is little room (empty when there is no amount)."""
    return "" if amount is None else formatting.money(amount, currency, compact=True)


def full_money(amount: Decimal | float | None, currency: str | None) -> str:
    """ "120,000 EUR", as the packs write it (empty when there is no amount)."""
    return "" if amount is None else formatting.money(amount, currency)


def totals_text(totals: Mapping[str, float], separator: str = " · ") -> str:
    """Per-currency totals, EUR first: "1.2M EUR · 340k CNY"."""
    ranked = sorted(
        (c for c, v in totals.items() if v),
        key=lambda c: (_CURRENCY_ORDER.index(c) if c in _CURRENCY_ORDER else 99, c),
    )
    return separator.join(money(totals[c], c or "") for c in ranked)


def zone_city(name: str | None) -> str:
    """ "Asia/Ho_Chi_Minh" → "Ho Chi Minh"."""
    return (name or "UTC").rsplit("/", 1)[-1].replace("_", " ")


def days_late(due: date, today: date) -> str:
    """ "due today", "1 day overdue", "12 days overdue", "13 months overdue"."""
    late = (today - due).days
    if late <= 0:
        return "due today" if late == 0 else f"due {short_day(due)}"
    if late > 60:
        return f"{late // 30} months overdue"
    return f"{late} day overdue" if late == 1 else f"{late} days overdue"


def moment_text(value: object, zone: ZoneInfo, today: date | None = None) -> str:
    """A stored moment as people write it, in ``zone``: "today 13:07", "4 Dec 2026 13:07"
    (a naive value is UTC, as the profile stores it; text is read as ISO 8601)."""
    if isinstance(value, str) and value:
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return ""
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    if today is not None and local.date() == today:
        return f"today {clock(local)}"
    return f"{short_date(local.date())} {clock(local)}"
