"""Reporting periods: half years ("2026-H1"), quarters ("2026-Q3"), years ("2026") or a
custom range ("2026-01-15..2026-07-14"), parsed strictly (an unknown string is named).

Which kind of period the programme reports by is a setting of this laptop (``local_state``
``report_periods``: half, quarter or year; half years by default), like the home zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from smartgrowth_desktop.core.device import write_state
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.profile import Profile

SCHEME_KEY = "report_periods"
SCHEMES = {"half": "Half years", "quarter": "Quarters", "year": "Years"}
DEFAULT_SCHEME = "half"
HOW = "use 2026-H1, 2026-Q3, 2026 or a range 2026-01-01..2026-06-30"
_HALF = re.compile(r"^(\d{4})-H([12])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/)\s*(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """The days from ``start`` to ``end``, both counted; ``label`` as the user wrote it."""

    label: str
    start: date
    end: date

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def said(self) -> str:
        """ "1 January – 30 June 2026"."""
        first = f"{self.start.day} {self.start:%B}"
        if self.start.year != self.end.year:
            first += f" {self.start.year}"
        return f"{first} – {self.end.day} {self.end:%B} {self.end.year}"


def parse_period(text: str) -> Period:
    """The period ``text`` names, or a ``ValidationError`` saying how to write one."""
    raw = (text or "").strip().upper()
    for pattern, months in ((_HALF, 6), (_QUARTER, 3)):
        found = pattern.match(raw)
        if found:
            year, part = int(found[1]), int(found[2])
            return _months(raw, year, (part - 1) * months + 1, months)
    found = _YEAR.match(raw)
    if found:
        return _months(raw, int(found[1]), 1, 12)
    found = _RANGE.match(raw)
    if found:
        try:
            start, end = date.fromisoformat(found[1]), date.fromisoformat(found[2])
        except ValueError:
            raise ValidationError("period", f"{text!r} holds a date that does not exist") from None
        if end < start:
            raise ValidationError("period", f"{text!r} ends before it starts")
        return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)
    raise ValidationError("period", f"unknown period {text!r} ({HOW})")


def _months(label: str, year: int, first_month: int, months: int) -> Period:
    if not 1900 <= year <= 2999:
        raise ValidationError("period", f"{label!r}: the year is out of range")
    start = date(year, first_month, 1)
    after = first_month + months
    end = date(year + (after - 1) // 12, (after - 1) % 12 + 1, 1) - timedelta(days=1)
    return Period(label, start, end)


def period_of(scheme: str, day: date) -> Period:
    """The period of ``scheme`` that holds ``day``."""
    if scheme == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if scheme == "year":
        return parse_period(str(day.year))
    return parse_period(f"{day.year}-H{1 if day.month <= 6 else 2}")


def periods_between(scheme: str, first: date, last: date) -> list[Period]:
    """Every period of ``scheme`` from the one holding ``first`` to the one holding
    ``last``, newest first (what a period picker offers)."""
    found: list[Period] = []
    period = period_of(scheme, first)
    while period.start <= last and len(found) < 200:
        found.append(period)
        period = period_of(scheme, period.end + timedelta(days=1))
    return found[::-1]


def scheme(profile: Profile) -> str:
    """The kind of period this laptop reports by."""
    chosen = profile.settings().get(SCHEME_KEY) or DEFAULT_SCHEME
    return chosen if chosen in SCHEMES else DEFAULT_SCHEME


def set_scheme(profile: Profile, chosen: str) -> None:
    if chosen not in SCHEMES:
        raise ValidationError("periods", f"{chosen!r} is not one of {', '.join(SCHEMES)}")
    with profile.database.connection(immediate=True) as conn:
        write_state(conn, {SCHEME_KEY: chosen})
