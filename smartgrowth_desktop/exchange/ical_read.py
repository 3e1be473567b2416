"""Invitations read from an iCalendar file (RFC 5545/5546) as sent by Outlook, Google
Calendar and Apple Calendar: one ``Invitation`` per VEVENT, times aware and named by an
IANA zone (``ical_zones``), all-day events as dates, organizer and attendees with their
e-mail addresses, the recurrence rule as text for ``ical_recur``.

A file that is not a calendar, is cut or garbled, too big, or names a time zone nobody
knows is refused whole with a ``ValidationError`` saying what and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from icalendar import Calendar, Component

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.exchange.ical_zones import iana_name, zone_of_offset

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_EVENTS = 5_000
NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})  # Outlook invites meeting rooms as attendees


@dataclass(frozen=True)
class Person:
    """Someone named by an invitation: the CN and the e-mail address (lower case)."""

    name: str
    email: str


@dataclass
class Invitation:
    """One VEVENT. ``start``/``end`` are aware datetimes, or dates for an all-day event;
    ``zone`` is an IANA name (None for all-day and floating times: the importer decides);
    ``recurrence_id`` marks one changed occurrence of a series (in UTC)."""

    uid: str
    where: str
    sequence: int = 0
    stamp: datetime | None = None
    summary: str = ""
    description: str = ""
    location: str = ""
    start: datetime | date | None = None
    end: datetime | date | None = None
    duration: timedelta | None = None
    zone: str | None = None
    floating: bool = False
    cancelled: bool = False
    organizer: Person | None = None
    attendees: list[Person] = field(default_factory=list)
    rrule: str = ""
    rdates: list[datetime | date] = field(default_factory=list)
    exdates: list[datetime | date] = field(default_factory=list)
    recurrence_id: datetime | date | None = None

    @property
    def all_day(self) -> bool:
        return isinstance(self.start, date) and not isinstance(self.start, datetime)


@dataclass
class CalendarFile:
    """A read file: its METHOD (REQUEST, PUBLISH, CANCEL…) and its invitations."""

    name: str
    method: str
    invitations: list[Invitation]
    warnings: list[str] = field(default_factory=list)


def read_calendar_file(path: Path) -> CalendarFile:
    """Read ``path``; refuses a missing, huge or invalid file with a ``ValidationError``."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(
                path.name, f"{size // 1024 // 1024} MB is too big for a calendar (limit 10 MB)"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ValidationError(str(path), f"cannot read: {error.strerror}") from error
    return read_calendar(data, path.name)


def read_calendar(data: bytes, name: str) -> CalendarFile:
    """The invitations of an .ics document (bytes, UTF-8 with or without a BOM)."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(name, "too big for a calendar (limit 10 MB)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(name, f"not UTF-8 text (byte {error.start})") from None
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise ValidationError(
            name, "not an iCalendar file (it does not start with BEGIN:VCALENDAR)"
        )
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise ValidationError(name, f"not a valid iCalendar file (cut short?): {reason}") from None
    if not isinstance(calendar, Calendar):
        raise ValidationError(name, "not a valid iCalendar file")
    _refuse_broken(calendar, name)
    events = calendar.walk("VEVENT")
    if len(events) > MAX_EVENTS:
        raise ValidationError(name, f"{len(events)} events; at most {MAX_EVENTS} at once")
    hints = _location_hints(calendar)
    method = str(calendar.get("METHOD", "PUBLISH")).upper()
    invitations = [_invitation(e, f"{name}: event {n}", hints) for n, e in enumerate(events, 1)]
    return CalendarFile(name, method, invitations)


def _refuse_broken(component: Component, name: str) -> None:
    """icalendar keeps going over lines it cannot read; we refuse the file instead."""
    for part in component.walk():
        for prop, message in getattr(part, "errors", []) or []:
            raise ValidationError(name, f"{part.name} {prop or ''}: {message}".strip())


def _location_hints(calendar: Calendar) -> dict[str, str]:
    """TZID → the IANA name a VTIMEZONE gives in X-LIC-LOCATION (Apple, Google)."""
    hints: dict[str, str] = {}
    for zone in calendar.walk("VTIMEZONE"):
        tzid, hint = zone.get("TZID"), zone.get("X-LIC-LOCATION")
        if tzid and hint:
            hints[str(tzid)] = str(hint)
    return hints


def _text(event: Component, name: str) -> str:
    value = event.get(name)
    return str(value).strip() if value is not None else ""


def _person(value: Any) -> Person | None:
    address = str(value).strip()
    if not address.lower().startswith("mailto:"):
        return None
    email = address[7:].strip().lower()
    if "@" not in email:
        return None
    params = getattr(value, "params", {})
    if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
        return None
    return Person(str(params.get("CN", "")).strip().strip('"'), email)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _moment(event: Component, name: str, where: str, hints: dict[str, str]) -> Any:
    """The property's value, with its zone checked: a TZID nobody can read is refused."""
    prop = event.get(name)
    if prop is None:
        return None, None
    value = prop.dt
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    if not isinstance(value, datetime):
        return value, None
    if value.tzinfo is None:
        if tzid:
            raise ValidationError(where, f"{name}: unknown time zone {tzid!r}")
        return value, None  # floating local time
    return value, _zone_name(value, str(tzid) if tzid else None, hints, where, name)


def _zone_name(
    value: datetime, tzid: str | None, hints: dict[str, str], where: str, name: str
) -> str:
    if tzid is None:  # a time in UTC ("Z")
        return "UTC"
    named = iana_name(tzid, hints.get(tzid)) or zone_of_offset(_tz(value), value)
    if named is None:
        raise ValidationError(where, f"{name}: time zone {tzid!r} is not one we know")
    return named


def _tz(value: datetime) -> tzinfo:
    assert value.tzinfo is not None
    return value.tzinfo


def _invitation(event: Component, where: str, hints: dict[str, str]) -> Invitation:
    uid = _text(event, "UID")
    if not uid:
        raise ValidationError(where, "an event without a UID")
    where = f"{where} ({uid[:60]})"
    start, zone = _moment(event, "DTSTART", where, hints)
    if start is None:
        raise ValidationError(where, "an event without a start (DTSTART)")
    end, _end_zone = _moment(event, "DTEND", where, hints)
    duration = event.get("DURATION")
    invitation = Invitation(uid=uid, where=where, start=start, end=end, zone=zone)
    invitation.floating = isinstance(start, datetime) and start.tzinfo is None
    invitation.duration = duration.dt if duration is not None else None
    invitation.sequence = _sequence(event, where)
    stamp = event.get("LAST-MODIFIED") or event.get("DTSTAMP")
    invitation.stamp = stamp.dt if stamp is not None and isinstance(stamp.dt, datetime) else None
    invitation.summary = _text(event, "SUMMARY")
    invitation.description = _text(event, "DESCRIPTION")
    invitation.location = _text(event, "LOCATION")
    invitation.cancelled = _text(event, "STATUS").upper() == "CANCELLED"
    invitation.organizer = _person(event["ORGANIZER"]) if "ORGANIZER" in event else None
    people = [_person(a) for a in _as_list(event.get("ATTENDEE"))]
    invitation.attendees = [p for p in people if p is not None]
    _recurrence(event, invitation, where, hints)
    return invitation


def _sequence(event: Component, where: str) -> int:
    try:
        return max(0, int(str(event.get("SEQUENCE", 0))))
    except ValueError:
        raise ValidationError(where, "SEQUENCE is not a number") from None


def _recurrence(
    event: Component, invitation: Invitation, where: str, hints: dict[str, str]
) -> None:
    rule = event.get("RRULE")
    if rule is not None:
        rules = _as_list(rule)
        invitation.rrule = rules[0].to_ical().decode()
    for name, target in (("EXDATE", invitation.exdates), ("RDATE", invitation.rdates)):
        for prop in _as_list(event.get(name)):
            target.extend(d.dt for d in getattr(prop, "dts", []))
    if "RECURRENCE-ID" in event:
        recurrence, _zone = _moment(event, "RECURRENCE-ID", where, hints)
        invitation.recurrence_id = recurrence
