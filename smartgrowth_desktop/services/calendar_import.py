"""Import calendar invitations (.ics from Outlook, Google, Apple) as meetings.

``preview_calendar`` reads the file and says what would happen (``CalendarPlan``, see
``calendar_plan`` for the rules); the window shows it and asks for the mission where
several fit; ``import_calendar`` then writes it in one transaction through the
``Writer`` (every change in the change log): meetings created, updated or trashed,
attendees matched to contacts by e-mail or created. Nothing is written when the file is
refused or a choice is missing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.fieldtypes import format_datetime, parse_datetime
from smartgrowth_desktop.core.models import Meeting
from smartgrowth_desktop.core.names import leads_with_family_name
from smartgrowth_desktop.core.schema import kind
from smartgrowth_desktop.core.text import cjk_runs
from smartgrowth_desktop.core.writer import Writer
from smartgrowth_desktop.exchange.ical_read import Person, read_calendar_file
from smartgrowth_desktop.services.calendar_missions import MissionFit, load_missions
from smartgrowth_desktop.services.calendar_plan import PlannedMeeting, Planner, Stored, decide
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import create_in, update_in

_BY_EMAIL = text(
    "SELECT c.id FROM contacts AS c, json_each(c.emails) AS e "
    "WHERE c.deleted_at IS NULL AND lower(e.value) = :email ORDER BY c.created_at LIMIT 1"
)
_BY_UID = text("SELECT id FROM meetings WHERE json_extract(extra, '$.ical_uid') = :uid")


@dataclass
class CalendarPlan:
    """What importing one file would do; ``choose`` settles the unclear missions."""

    file_name: str
    method: str
    meetings: list[PlannedMeeting]
    missions: dict[uuid.UUID, MissionFit]
    known_people: dict[str, uuid.UUID | None] = field(default_factory=dict)
    planner: Planner | None = None

    @property
    def unclear(self) -> list[PlannedMeeting]:
        return [m for m in self.meetings if m.writes and m.action != "trash" and m.unclear]

    def choose(self, mission_id: uuid.UUID | None) -> None:
        """Attach every meeting whose mission is unclear to ``mission_id`` (None: none)."""
        for meeting in self.unclear:
            meeting.candidates = [mission_id] if mission_id else []
            meeting.mission_id = mission_id
            if self.planner is not None:
                self.planner.settle(meeting)

    def count(self, action: str) -> int:
        return sum(1 for m in self.meetings if m.action == action)

    def new_people(self) -> list[Person]:
        """The people the import would add as contacts (not matched by e-mail)."""
        seen: dict[str, Person] = {}
        for meeting in self.meetings:
            if meeting.action in ("create", "update"):
                for person in meeting.people():
                    if self.known_people.get(person.email) is None:
                        seen.setdefault(person.email, person)
        return list(seen.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "method": self.method,
            "counts": {
                a: self.count(a)
                for a in ("create", "update", "trash", "unchanged", "stale", "absent")
            },
            "new_contacts": [{"name": p.name, "email": p.email} for p in self.new_people()],
            "meetings": [m.to_json() for m in self.meetings],
        }


@dataclass
class CalendarReport:
    """What an import wrote."""

    created: int = 0
    updated: int = 0
    trashed: int = 0
    contacts_created: int = 0
    contacts_matched: int = 0
    meeting_ids: list[uuid.UUID] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "trashed": self.trashed,
            "contacts_created": self.contacts_created,
            "contacts_matched": self.contacts_matched,
        }


def preview_calendar(
    profile: Profile, path: Path, mission_id: uuid.UUID | None = None
) -> CalendarPlan:
    """Read ``path`` and plan the import (``mission_id``: every meeting goes there)."""
    calendar = read_calendar_file(path)
    self_addresses = _own_addresses(profile)
    for invitation in calendar.invitations:
        invitation.attendees = [p for p in invitation.attendees if p.email not in self_addresses]
        if invitation.organizer and invitation.organizer.email in self_addresses:
            invitation.organizer = None
    with profile.database.read() as session:
        missions = load_missions(session)
        if mission_id is not None and mission_id not in missions:
            raise ValidationError("mission", f"no live mission with id {mission_id}")
        planner = Planner(missions, mission_id, profile.home_zone_name)
        meetings = planner.expand(calendar)
        _decide_all(session, meetings)
        plan = CalendarPlan(calendar.name, calendar.method, meetings, missions, planner=planner)
        for meeting in meetings:
            for person in meeting.people():
                if person.email not in plan.known_people:
                    plan.known_people[person.email] = _contact_by_email(session, person.email)
    return plan


def _own_addresses(profile: Profile) -> set[str]:
    own = profile.settings().get("user_email")
    return {own.strip().lower()} if own else set()


def _stored(session: Session, meeting_id: uuid.UUID) -> Stored | None:
    row = session.get(Meeting, meeting_id)
    if row is None:
        return None
    extra = dict(row.extra or {})
    stamp = extra.get("ical_stamp")
    sequence = extra.get("ical_sequence")
    return Stored(
        deleted=row.deleted_at is not None,
        sequence=int(sequence) if isinstance(sequence, int) else None,
        # the newer of the invitation's stamp and our last edit: "is the file newer?"
        stamp=max(parse_datetime(stamp), row.updated_at)
        if isinstance(stamp, str)
        else row.updated_at,
        attendee_ids=[str(i) for i in row.attendee_ids or []],
        extra=extra,
    )


def _decide_all(session: Session, meetings: list[PlannedMeeting]) -> None:
    """Each meeting's action; occurrences an updated series no longer has are trashed."""
    planned_ids = {m.meeting_id for m in meetings}
    dropped: list[PlannedMeeting] = []
    series_done: set[str] = set()
    for meeting in meetings:
        decide(meeting, _stored(session, meeting.meeting_id))
        invitation = meeting.invitation
        if meeting.occurrence and invitation.uid not in series_done:
            series_done.add(invitation.uid)
            if meeting.action in ("create", "update", "unchanged", "trash"):
                dropped.extend(_dropped(session, meeting, planned_ids))
    # a cancelled series lists every occurrence: those never imported are no news
    meetings[:] = [m for m in meetings if not (m.action == "absent" and m.occurrence)]
    meetings.extend(dropped)


def _dropped(
    session: Session, meeting: PlannedMeeting, planned: set[uuid.UUID]
) -> list[PlannedMeeting]:
    """Live occurrences of the series stored here that the file no longer lists."""
    found = []
    for (raw_id,) in session.execute(_BY_UID, {"uid": meeting.invitation.uid}):
        other = raw_id if isinstance(raw_id, uuid.UUID) else uuid.UUID(str(raw_id))
        stored = _stored(session, other)
        if other in planned or stored is None or stored.deleted:
            continue
        gone = PlannedMeeting(
            other,
            meeting.invitation,
            str(stored.extra.get("ical_occurrence") or ""),
            meeting.start,
            action="trash",
        )
        gone.reason = "no longer in the series"
        gone.starts_at, gone.ends_at, gone.zone = meeting.starts_at, meeting.ends_at, meeting.zone
        found.append(gone)
    return found


def _contact_by_email(session: Session, email: str) -> uuid.UUID | None:
    found = session.execute(_BY_EMAIL, {"email": email}).scalar()
    if found is None:
        return None
    return found if isinstance(found, uuid.UUID) else uuid.UUID(str(found))


def import_calendar(profile: Profile, plan: CalendarPlan, dry_run: bool = False) -> CalendarReport:
    """Write the plan in one transaction (rolled back with ``dry_run``)."""
    if plan.unclear:
        names = ", ".join(
            sorted({plan.missions[c].name for m in plan.unclear for c in m.candidates})
        )
        raise ValidationError(
            "mission", f"{len(plan.unclear)} meetings fit several missions ({names}): choose one"
        )
    report = CalendarReport()
    with profile.write(dry_run=dry_run) as writer:
        people = _People(writer, dict(plan.known_people), report)
        for meeting in plan.meetings:
            _apply(writer, meeting, people, report)
    return report


class _People:
    """Contacts for the invited: matched by e-mail, else created once per address."""

    def __init__(
        self, writer: Writer, known: dict[str, uuid.UUID | None], report: CalendarReport
    ) -> None:
        self.writer, self.known, self.report = writer, known, report
        self.counted: set[str] = set()

    def contact_id(self, person: Person, source: str) -> uuid.UUID:
        found = self.known.get(person.email)
        if found is None:
            found = create_in(self.writer, "contact", _contact_values(person, source))
            self.known[person.email] = found
            self.report.contacts_created += 1
        elif person.email not in self.counted:
            self.report.contacts_matched += 1
        self.counted.add(person.email)
        return found


def _contact_values(person: Person, source: str) -> dict[str, Any]:
    """A new card from an invitation's CN and address ("Nguyễn Văn An", "张伟", "Anna Li")."""
    name = " ".join(person.name.split()) or person.email.split("@")[0]
    values: dict[str, Any] = {"emails": [person.email], "source": source[:500]}
    if cjk_runs(name) and not name.isascii():
        values["native_name"] = name.replace(" ", "")
        return values
    words = name.split(" ")
    if len(words) == 1:
        values["given_name"] = name
    elif leads_with_family_name(name):
        values.update(family_name=words[0], given_name=" ".join(words[1:]))
        values["name_order"] = "family_first"
    else:
        values.update(family_name=words[-1], given_name=" ".join(words[:-1]))
    return values


def _apply(
    writer: Writer, meeting: PlannedMeeting, people: _People, report: CalendarReport
) -> None:
    if meeting.action == "trash":
        if writer.delete("meeting", meeting.meeting_id):
            report.trashed += 1
        return
    if meeting.action not in ("create", "update"):
        return
    invitation = meeting.invitation
    source = f"Calendar invitation: {meeting.title}"
    attendees = [str(people.contact_id(p, source)) for p in meeting.people()]
    values = _meeting_values(meeting)
    if meeting.action == "create":
        values["attendee_ids"] = attendees
        values["extra"] = _ical_extra({}, meeting)
        create_in(writer, "meeting", values, meeting.meeting_id, invitation.where)
        report.created += 1
    else:
        current = writer.current(kind("meeting"), meeting.meeting_id)
        held = [str(i) for i in current.get("attendee_ids") or []]
        values["attendee_ids"] = held + [a for a in attendees if a not in held]
        values["extra"] = _ical_extra(dict(current.get("extra") or {}), meeting)
        writer.restore("meeting", meeting.meeting_id)
        update_in(writer, "meeting", meeting.meeting_id, values, invitation.where)
        report.updated += 1
    report.meeting_ids.append(meeting.meeting_id)


def _meeting_values(meeting: PlannedMeeting) -> dict[str, Any]:
    invitation = meeting.invitation
    assert meeting.starts_at is not None and meeting.ends_at is not None
    return {
        "title": meeting.title[:300],
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "time_zone": meeting.zone,
        "location": invitation.location[:500] or None,
        "agenda": invitation.description[:200_000] or None,
        "mission_id": str(meeting.mission_id) if meeting.mission_id else None,
    }


def _ical_extra(extra: dict[str, Any], meeting: PlannedMeeting) -> dict[str, Any]:
    invitation = meeting.invitation
    organizer = invitation.organizer
    extra.update(
        ical_uid=invitation.uid,
        ical_sequence=invitation.sequence,
        ical_stamp=format_datetime(_aware(invitation.stamp)) if invitation.stamp else None,
        ical_organizer=f"{organizer.name} <{organizer.email}>".strip() if organizer else None,
        ical_occurrence=meeting.occurrence or None,
        ical_all_day=invitation.all_day or None,
    )
    return {k: v for k, v in extra.items() if v is not None}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
