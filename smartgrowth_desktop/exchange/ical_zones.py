"""Which IANA time zone an invitation's TZID means.

Outlook names zones the Windows way ("SE Asia Standard Time", "China Standard Time",
"FLE Standard Time"); these map to IANA through the Unicode CLDR ``windowsZones.xml``
table (its "001" territory) that ``icalendar`` ships and keeps current
(``icalendar.timezone.windows_to_olson``). Google and Apple use IANA names, sometimes
with a VTIMEZONE (Apple adds ``X-LIC-LOCATION``). A TZID nobody knows, defined by its own
VTIMEZONE, keeps the instant right (icalendar reads the VTIMEZONE) and is named here by
its UTC offset (``Etc/GMT-7``) when it has no daylight saving time.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

#: old IANA names the CLDR table still gives, and their current name in tzdata
_RENAMED = {"Europe/Kiev": "Europe/Kyiv", "Asia/Saigon": "Asia/Ho_Chi_Minh"}


@lru_cache(maxsize=1)
def _iana() -> frozenset[str]:
    return frozenset(available_timezones())


def _current(name: str) -> str:
    renamed = _RENAMED.get(name, name)
    return renamed if renamed in _iana() else name


def iana_name(tzid: str, location_hint: str | None = None) -> str | None:
    """The IANA name of a TZID (an IANA name, a Windows name, a Google "/"-prefixed one),
    or of the VTIMEZONE's ``X-LIC-LOCATION`` hint; None when neither is known."""
    cleaned = tzid.strip().strip('"').lstrip("/")
    for candidate in (cleaned, location_hint or ""):
        if not candidate:
            continue
        if candidate in _iana():
            return _current(candidate)
        if candidate in WINDOWS_TO_OLSON:
            return _current(WINDOWS_TO_OLSON[candidate])
    return None


def zone_of_offset(zone: tzinfo, moment: datetime) -> str | None:
    """An ``Etc/GMT±N`` name for a zone read from a VTIMEZONE, when it has one fixed
    whole-hour offset around ``moment`` (no daylight saving time); else None."""
    offsets = {
        zone.utcoffset(moment.replace(tzinfo=None) + timedelta(days=d))
        for d in (-200, -100, 0, 100, 200)
    }
    if len(offsets) != 1:
        return None
    offset = offsets.pop()
    if offset is None or offset % timedelta(hours=1):
        return None
    hours = int(offset / timedelta(hours=1))
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{-hours:+d}"  # POSIX sign: Etc/GMT-7 is UTC+7


def same_clock(first: str, second: str, moment: datetime) -> bool:
    """Whether two IANA zones show the same local time at ``moment`` (an aware datetime)."""
    try:
        return (
            moment.astimezone(ZoneInfo(first)).utcoffset()
            == moment.astimezone(ZoneInfo(second)).utcoffset()
        )
    except (ZoneInfoNotFoundError, ValueError):
        return False
