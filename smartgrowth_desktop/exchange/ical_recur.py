"""The occurrences of a recurring invitation (RRULE, RDATE, EXDATE), in its local time.

Rules are expanded on the wall clock of the event's zone, as RFC 5545 says (a weekly
9:00 meeting stays at 9:00 across a daylight-saving change), with ``dateutil``. At most
``cap`` occurrences, within a window (the missions' dates) or two years from the first:
an endless rule never runs away.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.exchange.ical_read import Invitation

MAX_OCCURRENCES = 100
HORIZON = timedelta(days=2 * 366)  # an endless rule is read two years ahead at most
_UNTIL = re.compile(r"UNTIL=(\d{8}(?:T\d{6}Z?)?)", re.IGNORECASE)


def _wall(value: datetime | date, start: datetime | date) -> datetime:
    """A moment as a naive datetime on the start's wall clock."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is not None and isinstance(start, datetime) and start.tzinfo is not None:
        return value.astimezone(start.tzinfo).replace(tzinfo=None)
    return value.replace(tzinfo=None)


def _local_until(rule: str, start: datetime | date) -> str:
    """UNTIL given in UTC ("…Z") rewritten on the start's wall clock."""
    found = _UNTIL.search(rule)
    if not found or not found.group(1).upper().endswith("Z"):
        return rule
    until = datetime.strptime(found.group(1).upper(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    local = _wall(until, start).strftime("%Y%m%dT%H%M%S")
    return rule[: found.start(1)] + local + rule[found.end(1) :]


def occurrences(
    invitation: Invitation,
    window: tuple[datetime, datetime] | None = None,
    cap: int = MAX_OCCURRENCES,
) -> list[datetime | date]:
    """The starts of a series' occurrences (dates for an all-day series), in order: those
    within ``window`` (aware datetimes) when given, else from the first one on."""
    start = invitation.start
    assert start is not None
    first = _wall(start, start)
    begin, last = first, first + HORIZON
    if window is not None:
        begin = max(first, _wall(window[0], start))
        last = min(_wall(window[1], start), begin + HORIZON)
    try:
        rule = rrulestr(_local_until(invitation.rrule, start), dtstart=first, forceset=True)
        for extra in invitation.rdates:
            rule.rdate(_wall(extra, start))
        for skipped in invitation.exdates:
            rule.exdate(_wall(skipped, start))
        found: list[datetime | date] = []
        for moment in rule.xafter(begin - timedelta(seconds=1), count=cap, inc=True):
            if moment > last:
                break
            found.append(_back(moment, start))
    except (ValueError, TypeError, OverflowError) as error:
        raise ValidationError(invitation.where, f"RRULE {invitation.rrule!r}: {error}") from None
    return found


def _back(moment: datetime, start: datetime | date) -> datetime | date:
    if not isinstance(start, datetime):
        return moment.date()
    return moment.replace(tzinfo=start.tzinfo)
