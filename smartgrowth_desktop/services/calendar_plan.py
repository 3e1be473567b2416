"""What importing a calendar file would do, before anything is written: one
``PlannedMeeting`` per meeting to create, update, trash or leave, each with its mission
(or the missions to choose from) and the people to match or create.

How invitations become meetings (docs/calendar-import.md):

- A meeting's id comes from the invitation's UID (and, for one occurrence of a series,
  the occurrence's original start): the same invitation is the same meeting on every
  import and every laptop, and an event this app exported comes back to its own meeting.
  The UID, SEQUENCE and stamp are kept in the meeting's ``extra`` (``ical_*``).
- A higher SEQUENCE (or, at the same SEQUENCE, a newer LAST-MODIFIED/DTSTAMP) updates the
  meeting (and brings it back from the trash); a lower one is stale and changes nothing.
- METHOD:CANCEL or STATUS:CANCELLED trashes the meeting (every occurrence of a series).
- A recurring event becomes one meeting per occurrence within the dates of a mission it
  fits (the chosen one, or any), at most ``MAX_OCCURRENCES``; when no mission's dates
  hold any occurrence, only the first one is kept. EXDATEs are left out, RECURRENCE-ID
  overrides replace their occurrence; occurrences an update drops are trashed.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from smartgrowth_desktop.exchange.ical import UID_DOMAIN
from smartgrowth_desktop.exchange.ical_read import CalendarFile, Invitation, Person
from smartgrowth_desktop.exchange.ical_recur import occurrences
from smartgrowth_desktop.exchange.ical_zones import same_clock
from smartgrowth_desktop.services.calendar_missions import MissionFit, fitting

#: the meetings' ids: uuid5 of "UID#occurrence" in this namespace
ICS_NAMESPACE = uuid.UUID("5b7f4a52-6c1e-4c53-9d0e-1f6a3a2b9c41")
DEFAULT_LENGTH = timedelta(hours=1)
ACTIONS = ("create", "update", "trash", "unchanged", "stale", "absent")


@dataclass
class Stored:
    """What a meeting already here says about its invitation."""

    deleted: bool
    sequence: int | None
    stamp: datetime | None
    attendee_ids: list[str]
    extra: dict[str, Any]


@dataclass
class PlannedMeeting:
    """One meeting the file asks for, and what the import will do with it."""

    meeting_id: uuid.UUID
    invitation: Invitation
    occurrence: str  # "" or the occurrence's original start (its key in the series)
    start: datetime | date
    action: str = "create"
    reason: str = ""
    mission_id: uuid.UUID | None = None
    candidates: list[uuid.UUID] = field(default_factory=list)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    zone: str = "UTC"

    @property
    def title(self) -> str:
        return self.invitation.summary or "(no title)"

    @property
    def unclear(self) -> bool:
        return self.mission_id is None and len(self.candidates) > 1

    @property
    def writes(self) -> bool:
        return self.action in ("create", "update", "trash")

    def people(self) -> list[Person]:
        """The organizer and the attendees, each once."""
        seen: dict[str, Person] = {}
        everyone = [self.invitation.organizer, *self.invitation.attendees]
        for person in everyone:
            if person is not None and person.email not in seen:
                seen[person.email] = person
        return list(seen.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "id": str(self.meeting_id),
            "uid": self.invitation.uid,
            "occurrence": self.occurrence or None,
            "title": self.title,
            "starts_at": self.starts_at.isoformat() if self.starts_at else None,
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "time_zone": self.zone,
            "all_day": self.invitation.all_day,
            "location": self.invitation.location or None,
            "mission_id": str(self.mission_id) if self.mission_id else None,
            "missions_to_choose": [str(c) for c in self.candidates] if self.unclear else [],
            "sequence": self.invitation.sequence,
            "reason": self.reason or None,
        }


def meeting_id_for(uid: str, occurrence: str) -> uuid.UUID:
    """The meeting an invitation (and occurrence) is: ours by its own UID, else uuid5."""
    if not occurrence and uid.endswith(f"@{UID_DOMAIN}"):
        try:
            return uuid.UUID(uid.removesuffix(f"@{UID_DOMAIN}"))
        except ValueError:
            pass
    return uuid.uuid5(ICS_NAMESPACE, f"{uid}#{occurrence}")


def occurrence_key(value: datetime | date) -> str:
    """An occurrence's original start as a key: UTC for times, the day for all-day."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y%m%dT%H%M%S")
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def local_day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass
class Planner:
    """Turns a read file into planned meetings against what the profile holds."""

    missions: dict[uuid.UUID, MissionFit]
    forced: uuid.UUID | None = None
    home_zone: str | None = None

    def expand(self, calendar: CalendarFile) -> list[PlannedMeeting]:
        """Every meeting the file names: series expanded, overrides in their place."""
        masters: dict[str, Invitation] = {}
        overrides: dict[str, list[Invitation]] = defaultdict(list)
        for invitation in calendar.invitations:
            if invitation.recurrence_id is not None:
                overrides[invitation.uid].append(invitation)
            else:
                masters[invitation.uid] = invitation  # a later copy of a UID wins
        if calendar.method == "CANCEL":
            for invitation in calendar.invitations:
                invitation.cancelled = True
        planned: list[PlannedMeeting] = []
        for uid, master in masters.items():
            planned.extend(self._series(master, overrides.pop(uid, [])))
        for lone in overrides.values():  # an occurrence sent without its series
            planned.extend(self._meeting(o, occurrence_key(_rid(o))) for o in lone)
        for meeting in planned:
            self.settle(meeting)
        return planned

    def _series(self, master: Invitation, changed: list[Invitation]) -> list[PlannedMeeting]:
        if not (master.rrule or master.rdates):
            return [self._meeting(master, "")]
        replaced = {occurrence_key(_rid(o)): o for o in changed}
        starts = occurrences(master, self._window())
        kept = self._within_missions(master, starts) if not master.cancelled else starts
        planned = []
        for start in kept:
            key = occurrence_key(start)
            own = replaced.pop(key, None)
            planned.append(self._meeting(own or master, key, None if own else start))
        planned.extend(self._meeting(o, k) for k, o in replaced.items())
        return planned

    def _window(self) -> tuple[datetime, datetime] | None:
        """The days a series is read over: the chosen mission's, else those from the first
        mission's start to the last one's end (a day more each side for the zones)."""
        chosen = [self.missions[self.forced]] if self.forced in self.missions else None
        dated = [m for m in chosen or self.missions.values() if m.start and m.end]
        if not dated:
            return None
        first = min(m.start for m in dated if m.start) - timedelta(days=1)
        last = max(m.end for m in dated if m.end) + timedelta(days=2)
        return datetime.combine(first, time(), UTC), datetime.combine(last, time(), UTC)

    def _within_missions(
        self, master: Invitation, starts: list[datetime | date]
    ) -> list[datetime | date]:
        """The occurrences on a day of the chosen mission (or of any mission); the first
        one alone when no mission holds any."""
        chosen = [self.missions[self.forced]] if self.forced in self.missions else None
        pool = chosen or list(self.missions.values())
        inside = [s for s in starts if any(m.holds(local_day(s)) for m in pool)]
        return inside or starts[:1]

    def _meeting(
        self, invitation: Invitation, key: str, start: datetime | date | None = None
    ) -> PlannedMeeting:
        first = start if start is not None else invitation.start
        assert first is not None
        return PlannedMeeting(meeting_id_for(invitation.uid, key), invitation, key, first)

    def settle(self, meeting: PlannedMeeting) -> None:
        """The meeting's mission (or candidates), its zone and its UTC start and end."""
        invitation = meeting.invitation
        moment = meeting.start if isinstance(meeting.start, datetime) else None
        if moment is not None and moment.tzinfo is None:
            moment = None
        if self.forced is not None:
            meeting.mission_id, meeting.candidates = self.forced, [self.forced]
        elif meeting.mission_id is None:
            meeting.candidates = fitting(
                self.missions,
                local_day(meeting.start),
                invitation.zone,
                moment,
                invitation.location,
            )
            if len(meeting.candidates) == 1:
                meeting.mission_id = meeting.candidates[0]
        mission = self.missions.get(meeting.mission_id) if meeting.mission_id else None
        meeting.zone = self._zone(invitation, mission, moment)
        meeting.starts_at, meeting.ends_at = self._times(meeting, meeting.zone)

    def _zone(
        self, invitation: Invitation, mission: MissionFit | None, moment: datetime | None
    ) -> str:
        """The invitation's zone, said the market's way when it shows the same clock
        (Asia/Bangkok in Ho Chi Minh City is Asia/Ho_Chi_Minh); the market's (or the
        profile's home) zone for all-day and floating times."""
        market = mission.zone if mission else None
        if invitation.zone and moment is not None:
            if market and (invitation.zone == "UTC" or same_clock(invitation.zone, market, moment)):
                return market
            return invitation.zone
        return market or self.home_zone or "UTC"

    def _times(self, meeting: PlannedMeeting, zone: str) -> tuple[datetime, datetime]:
        invitation, start = meeting.invitation, meeting.start
        tz = ZoneInfo(zone)
        if not isinstance(start, datetime):  # all day: midnight to midnight, local
            days = _days(invitation)
            begin = datetime.combine(start, time(), tzinfo=tz)
            return begin, datetime.combine(start + days, time(), tzinfo=tz)
        begin = start.astimezone(tz) if start.tzinfo is not None else start.replace(tzinfo=tz)
        return begin, (begin + _length(invitation)).astimezone(tz)


def _rid(invitation: Invitation) -> datetime | date:
    assert invitation.recurrence_id is not None
    return invitation.recurrence_id


def _days(invitation: Invitation) -> timedelta:
    start, end = invitation.start, invitation.end
    if isinstance(end, date) and isinstance(start, date) and not isinstance(end, datetime):
        return max(end - start, timedelta(days=1))  # DTEND of an all-day event is exclusive
    return timedelta(days=1)


def _length(invitation: Invitation) -> timedelta:
    start, end = invitation.start, invitation.end
    if (
        isinstance(start, datetime)
        and isinstance(end, datetime)
        and (start.tzinfo is None) == (end.tzinfo is None)
        and end > start
    ):
        return end - start
    if invitation.duration is not None and invitation.duration > timedelta(0):
        return invitation.duration
    return DEFAULT_LENGTH


def decide(meeting: PlannedMeeting, stored: Stored | None) -> None:
    """Create, update, trash, leave (unchanged, stale) or nothing to cancel (absent)."""
    invitation = meeting.invitation
    if stored is None:
        meeting.action = "absent" if invitation.cancelled else "create"
        meeting.reason = "not here; nothing to cancel" if invitation.cancelled else ""
        return
    if stored.sequence is not None and invitation.sequence < stored.sequence:
        meeting.action = "stale"
        meeting.reason = f"SEQUENCE {invitation.sequence} < {stored.sequence} already here"
        return
    if invitation.cancelled:
        meeting.action = "unchanged" if stored.deleted else "trash"
        meeting.reason = "already in the trash" if stored.deleted else "cancelled"
        return
    if stored.sequence is None:  # made here (exported, then invited back): by its stamp
        newer = not (invitation.stamp and stored.stamp) or invitation.stamp > stored.stamp
    else:
        newer = invitation.sequence > stored.sequence
        if not newer and invitation.stamp and stored.stamp:
            newer = invitation.stamp > stored.stamp
    meeting.action = "update" if newer else "unchanged"
    if not newer:
        meeting.reason = "already in the trash" if stored.deleted else "same version"
