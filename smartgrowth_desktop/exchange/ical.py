"""Meetings as an iCalendar file (RFC 5545, written with ``icalendar``) that Outlook, Google
Calendar and Apple Calendar accept: one VEVENT per meeting with a stable UID, local times
with a TZID and its VTIMEZONE, location, attendees, agenda; CRLF and folded lines.

The meetings come in as plain ``CalendarEntry`` values; which ones, and their people, is
``services/calendar_export.py``'s business."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from smartgrowth_desktop.core.atomic import write_atomically
from smartgrowth_desktop.core.errors import ValidationError

PRODID = "-//4SmartGrowth//SmartGrowth Field Desk//EN"
UID_DOMAIN = "smartgrowth-desk.invalid"
DEFAULT_LENGTH = timedelta(hours=1)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CalendarEntry:
    """What an event needs of a meeting (which has a start time)."""

    id: uuid.UUID
    title: str | None
    starts_at: datetime
    ends_at: datetime | None = None
    time_zone: str | None = None
    location: str | None = None
    agenda: str | None = None
    attendee_ids: Sequence[uuid.UUID] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Attendee:
    """One person invited: the name shown and an address (e-mail, else the contact's id)."""

    id: uuid.UUID
    name: str
    email: str | None = None


def meeting_uid(meeting_id: uuid.UUID) -> str:
    """The event's UID: the same for a meeting in every export, on every laptop."""
    return f"{meeting_id}@{UID_DOMAIN}"


def _sequence(meeting: CalendarEntry) -> int:
    """A SEQUENCE that grows with every edit (seconds between creation and last edit)."""
    if meeting.updated_at is None or meeting.created_at is None:
        return 0
    return max(0, int((meeting.updated_at - meeting.created_at).total_seconds()))


def _attendee(person: Attendee) -> vCalAddress:
    # without an e-mail the contact's id is the address (any URI is a valid cal-address)
    address = vCalAddress(f"mailto:{person.email}" if person.email else f"urn:uuid:{person.id}")
    address.params["CN"] = vText(person.name)
    address.params["ROLE"] = vText("REQ-PARTICIPANT")
    address.params["CUTYPE"] = vText("INDIVIDUAL")
    return address


def _event(
    meeting: CalendarEntry, people: dict[uuid.UUID, Attendee], organizer: tuple[str, str | None]
) -> Event:
    zone = ZoneInfo(meeting.time_zone) if meeting.time_zone else UTC
    start = meeting.starts_at.astimezone(zone)
    end = (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(zone)
    event = Event()
    event.add("uid", meeting_uid(meeting.id))
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    event.add("summary", meeting.title or "Meeting")
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("sequence", _sequence(meeting))
    if meeting.updated_at is not None:
        event.add("last-modified", meeting.updated_at.astimezone(UTC).replace(microsecond=0))
    if meeting.created_at is not None:
        event.add("created", meeting.created_at.astimezone(UTC).replace(microsecond=0))
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    name, email = organizer
    if email:
        chair = vCalAddress(f"mailto:{email}")
        chair.params["CN"] = vText(name)
        event.add("organizer", chair)
    for person_id in meeting.attendee_ids:
        person = people.get(person_id)
        if person is not None:
            event.add("attendee", _attendee(person), encode=False)
    return event


def build_calendar(
    name: str,
    meetings: Sequence[CalendarEntry],
    people: dict[uuid.UUID, Attendee],
    organizer: tuple[str, str | None],
    progress: Progress | None = None,
) -> Calendar:
    """The calendar ``name`` of ``meetings`` (in that order), inviting ``people`` by id;
    ``organizer`` is (name, e-mail), left out without an e-mail."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    zones = sorted({m.time_zone for m in meetings if m.time_zone})
    for zone_name in zones:
        calendar.add_component(_timezone(zone_name, meetings))
    for done, meeting in enumerate(meetings, start=1):
        calendar.add_component(_event(meeting, people, organizer))
        if progress is not None:
            progress(done, len(meetings))
    return calendar


def _timezone(zone_name: str, meetings: Sequence[CalendarEntry]) -> Timezone:
    """A VTIMEZONE for ``zone_name`` covering the meetings' years (from zoneinfo)."""
    years = [m.starts_at.year for m in meetings if m.time_zone == zone_name]
    first = datetime(min(years) - 1, 1, 1)
    last = datetime(max(years) + 1, 12, 31)
    return Timezone.from_tzinfo(ZoneInfo(zone_name), first_date=first, last_date=last)


def write_calendar(calendar: Calendar, path: Path) -> None:
    """Write the calendar atomically (icalendar folds lines and ends them with CRLF)."""
    try:
        write_atomically(path, calendar.to_ical())
    except OSError as error:
        raise ValidationError(str(path), f"cannot write: {error.strerror}") from error
