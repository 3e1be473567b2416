"""Small text helpers for the pipeline, Today and Indicators: money, stages, times.

Dates, times and UTC offsets are written by ``core/formatting.py``, as the briefing packs
and the CLI write them ("Mon 13 Oct", "UTC+07:00"); only the window's own forms are here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

# dates read the same in the window, the briefing packs and the CLI
from smartgrowth_desktop.core import formatting
from smartgrowth_desktop.core.formatting import clock as clock
from smartgrowth_desktop.core.formatting import short_date as short_date
from smartgrowth_desktop.core.formatting import short_day as short_day
from smartgrowth_desktop.core.formatting import utc_offset as utc_offset

long_day = formatting.day  # "Friday 27 November 2026"

STAGE_LABELS = {
    "identified": "Identified",
    "contacted": "Contacted",
    "meeting": "Meeting",
    "proposal": "Proposal",
    "mou": "MoU / LoI",
    "agreement": "Agreement",
    "lost": "Lost",
}
_CURRENCY_ORDER = ("EUR", "SEK", "USD", "CNY", "VND")


def stage_label(stage: str | None) -> str:
    """ "mou" → "MoU / LoI"."""
    return STAGE_LABELS.get(stage or "", (stage or "").capitalize())


def compact_amount(amount: float) -> str:
    """ "950", "120k", "1.2M", "5.4bn"."""
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= limit:
            scaled = amount / limit
            text = f"{scaled:.1f}" if scaled < 100 else f"{scaled:.0f}"
            return text.removesuffix(".0") + suffix
    return f"{amount:.0f}"


def money(amount: float | None, currency: str | None) -> str:
    """ "EUR 120k" (empty when there is no amount)."""
    if amount is None:
        return ""
    return f"{currency or ''} {compact_amount(amount)}".strip()


def full_money(amount: float | None, currency: str | None) -> str:
    """ "EUR 120,000" for tooltips."""
    if amount is None:
        return ""
    return f"{currency or ''} {amount:,.0f}".strip()


def totals_text(totals: Mapping[str, float], separator: str = " · ") -> str:
    """Per-currency totals, EUR first: "EUR 1.2M · CNY 340k"."""
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
