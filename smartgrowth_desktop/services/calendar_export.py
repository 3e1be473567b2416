"""Export the meetings (all, or one mission's) as an iCalendar file for Outlook, Google and
Apple calendars; the file format itself is ``exchange/ical.py``."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.models import Contact, Meeting, Mission
from smartgrowth_desktop.exchange.ical import (
    Attendee,
    CalendarEntry,
    Progress,
    build_calendar,
    write_calendar,
)
from smartgrowth_desktop.services.profile import Profile


def _entry(meeting: Meeting) -> CalendarEntry:
    assert meeting.starts_at is not None
    return CalendarEntry(
        id=meeting.id,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        time_zone=meeting.time_zone,
        location=meeting.location,
        agenda=meeting.agenda,
        attendee_ids=[uuid.UUID(str(i)) for i in meeting.attendee_ids or []],
        created_at=meeting.created_at,
        updated_at=meeting.updated_at,
    )


def _attendee(contact: Contact) -> Attendee:
    emails = list(contact.emails or [])
    return Attendee(
        contact.id, contact_display_name(contact.__dict__), emails[0] if emails else None
    )


def load_meetings(
    profile: Profile, mission_id: uuid.UUID | None = None
) -> tuple[str, list[CalendarEntry], dict[uuid.UUID, Attendee]]:
    """The calendar's name, every live meeting with a start time (or one mission's) in
    order, and their live attendees by id."""
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
            c.id: _attendee(c)
            for c in session.scalars(select(Contact).where(Contact.id.in_(wanted)))
            if c.deleted_at is None
        }
    return name, [_entry(m) for m in meetings], people


def export_calendar(
    profile: Profile,
    path: Path,
    mission_id: uuid.UUID | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the meetings (of one mission, or all) to ``path``; returns how many."""
    name, meetings, people = load_meetings(profile, mission_id)
    settings = profile.settings()
    organizer = (settings.get("user_name") or profile.author, settings.get("user_email"))
    write_calendar(build_calendar(name, meetings, people, organizer, progress), path)
    return len(meetings)
