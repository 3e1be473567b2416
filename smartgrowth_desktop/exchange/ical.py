"""Meetings as an iCalendar file (RFC 5545, written with ``icalendar``) that Outlook, Google
Calendar and Apple Calendar accept: one VEVENT per meeting with a stable UID, local times
with a TZID and its VTIMEZONE, location, attendees, agenda; CRLF and folded lines."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vText
from sqlalchemy import select

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.models import Contact, Meeting, Mission
from smartgrowth_desktop.services.profile import Profile

PRODID = "-//4SmartGrowth//SmartGrowth Field Desk//EN"
UID_DOMAIN = "smartgrowth-desk.invalid"
DEFAULT_LENGTH = timedelta(hours=1)
Progress = Callable[[int, int], None]


def meeting_uid(meeting_id: uuid.UUID) -> str:
    """The event's UID: the same for a meeting in every export, on every laptop."""
    return f"{meeting_id}@{UID_DOMAIN}"


def _sequence(meeting: Meeting) -> int:
    """A SEQUENCE that grows with every edit (seconds between creation and last edit)."""
    if meeting.updated_at is None or meeting.created_at is None:
        return 0
    return max(0, int((meeting.updated_at - meeting.created_at).total_seconds()))


def _attendee(contact: Contact) -> vCalAddress:
    emails = list(contact.emails or [])
    # without an e-mail the contact's id is the address (any URI is a valid cal-address)
    address = vCalAddress(f"mailto:{emails[0]}" if emails else f"urn:uuid:{contact.id}")
    address.params["CN"] = vText(contact_display_name(contact.__dict__))
    address.params["ROLE"] = vText("REQ-PARTICIPANT")
    address.params["CUTYPE"] = vText("INDIVIDUAL")
    return address


def _event(
    meeting: Meeting, people: dict[uuid.UUID, Contact], organizer: tuple[str, str | None]
) -> Event:
    assert meeting.starts_at is not None
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
    for raw in meeting.attendee_ids or []:
        contact = people.get(uuid.UUID(str(raw)))
        if contact is not None:
            event.add("attendee", _attendee(contact), encode=False)
    return event


def build_calendar(
    profile: Profile, mission_id: uuid.UUID | None = None, progress: Progress | None = None
) -> tuple[Calendar, int]:
    """The calendar of every live meeting with a start time (or one mission's)."""
    with profile.database.read() as session:
        query = select(Meeting).where(Meeting.deleted_at.is_(None), Meeting.starts_at.is_not(None))
        name = "SmartGrowth meetings"
        if mission_id is not None:
            mission = session.get(Mission, mission_id)
            name = f"{mission.name if mission else 'Mission'} — meetings"
            query = query.where(Meeting.mission_id == mission_id)
        meetings = list(session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))
        wanted = {uuid.UUID(str(i)) for m in meetings for i in m.attendee_ids or []}
        people = {
            c.id: c
            for c in session.scalars(select(Contact).where(Contact.id.in_(wanted)))
            if c.deleted_at is None
        }
    settings = profile.settings()
    organizer = (settings.get("user_name") or profile.author, settings.get("user_email"))
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
    return calendar, len(meetings)


def _timezone(zone_name: str, meetings: list[Meeting]) -> Timezone:
    """A VTIMEZONE for ``zone_name`` covering the meetings' years (from zoneinfo)."""
    years = [m.starts_at.year for m in meetings if m.starts_at and m.time_zone == zone_name]
    first = datetime(min(years) - 1, 1, 1)
    last = datetime(max(years) + 1, 12, 31)
    return Timezone.from_tzinfo(ZoneInfo(zone_name), first_date=first, last_date=last)


def write_calendar(calendar: Calendar, path: Path) -> None:
    """Write the calendar atomically (icalendar folds lines and ends them with CRLF)."""
    data = calendar.to_ical()
    temp = path.with_name(f".{path.name}.partial")
    try:
        temp.write_bytes(data)
        temp.replace(path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise ValidationError(str(path), f"cannot write: {error.strerror}") from error


def export_calendar(
    profile: Profile, path: Path, mission_id: uuid.UUID | None = None, progress: Any = None
) -> int:
    """Write the meetings (of one mission, or all) to ``path``; returns how many."""
    calendar, count = build_calendar(profile, mission_id, progress)
    write_calendar(calendar, path)
    return count
