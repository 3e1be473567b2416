"""What the Today page shows, read in the worker (Qt-free).

"Today" for a meeting is today where the meeting takes place: a delegate in Da Nang sees
Da Nang's day. Follow-ups are those due today or earlier and not done (plus the ones just
ticked on the page, so a slip of the mouse can be undone where it happened).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from smartgrowth_desktop.core.models import FollowUp, Lead, Meeting, Mission
from smartgrowth_desktop.services.profile import Profile

FOLLOW_UP_CAP = 100
UPCOMING = 8


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as Today lists it."""

    id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime | None
    zone: ZoneInfo
    location: str


@dataclass(frozen=True)
class FollowUpRow:
    """An open (or just ticked) follow-up with where it came from."""

    id: uuid.UUID
    text: str
    owner: str
    due: date | None
    done: bool
    source: str


@dataclass(frozen=True)
class TodayData:
    """Everything on the page."""

    meetings: list[MeetingRow]
    upcoming: list[MeetingRow]
    follow_ups: list[FollowUpRow]
    more_follow_ups: int
    mission: str


def load_today(profile: Profile, now: datetime, keep: Collection[uuid.UUID] = ()) -> TodayData:
    """Today's meetings, the next few, due follow-ups and the current or next mission."""
    with profile.database.read() as session:
        around = _meetings(session, now - timedelta(hours=40), now + timedelta(hours=40), 500)
        today = [
            m
            for m in around
            if m.starts_at.astimezone(m.zone).date() == now.astimezone(m.zone).date()
        ]
        shown = {m.id for m in today}
        later = _meetings(session, now, None, UPCOMING + len(today))
        upcoming = [m for m in later if m.id not in shown][:UPCOMING]
        local_day = now.astimezone().date()
        follow_ups, total = _follow_ups(session, local_day, keep)
        mission = _mission(session, local_day)
    return TodayData(today, upcoming, follow_ups, max(0, total - len(follow_ups)), mission)


def _meetings(
    session: Session, start: datetime, end: datetime | None, limit: int
) -> list[MeetingRow]:
    query = select(Meeting).where(Meeting.deleted_at.is_(None), Meeting.starts_at >= start)
    if end is not None:
        query = query.where(Meeting.starts_at < end)
    rows = []
    for meeting in session.scalars(query.order_by(Meeting.starts_at).limit(limit)):
        assert meeting.starts_at is not None
        rows.append(
            MeetingRow(
                meeting.id,
                meeting.title or "(untitled meeting)",
                meeting.starts_at,
                meeting.ends_at,
                _zone(meeting.time_zone),
                meeting.location or "",
            )
        )
    return rows


def _follow_ups(
    session: Session, today: date, keep: Collection[uuid.UUID]
) -> tuple[list[FollowUpRow], int]:
    open_ = or_(FollowUp.done.is_(None), FollowUp.done == false())
    due = (FollowUp.deleted_at.is_(None), FollowUp.due_date <= today)
    shown = or_(open_, FollowUp.id.in_(list(keep))) if keep else open_
    total = session.scalar(select(func.count()).select_from(FollowUp).where(*due, open_)) or 0
    query = select(FollowUp).where(*due, shown).order_by(FollowUp.due_date, FollowUp.created_at)
    items = list(session.scalars(query.limit(FOLLOW_UP_CAP)))
    meetings = _titles(session, Meeting, {f.meeting_id for f in items if f.meeting_id})
    leads = _titles(session, Lead, {f.lead_id for f in items if f.lead_id})
    rows = [
        FollowUpRow(
            f.id,
            f.text or "",
            f.owner or "",
            f.due_date,
            bool(f.done),
            _source(f, meetings, leads),
        )
        for f in items
    ]
    return rows, int(total)


def _titles(
    session: Session, model: type[Meeting] | type[Lead], ids: set[uuid.UUID]
) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return {
        i: t or ""
        for i, t in session.execute(select(model.id, model.title).where(model.id.in_(ids)))
    }


def _source(item: FollowUp, meetings: dict[uuid.UUID, str], leads: dict[uuid.UUID, str]) -> str:
    if item.meeting_id in meetings:
        return f"Meeting: {meetings[item.meeting_id]}"
    if item.lead_id in leads:
        return f"Lead: {leads[item.lead_id]}"
    return ""


def _mission(session: Session, today: date) -> str:
    """ "On mission: X (day 2 of 5)", "Next mission: X, in 10 days", or ""."""
    live = Mission.deleted_at.is_(None)
    current = session.scalars(
        select(Mission)
        .where(live, Mission.start_date <= today, Mission.end_date >= today)
        .order_by(Mission.start_date.desc())
    ).first()
    if current is not None and current.start_date and current.end_date:
        day = (today - current.start_date).days + 1
        length = (current.end_date - current.start_date).days + 1
        return f"On mission: {current.name} (day {day} of {length})"
    following = session.scalars(
        select(Mission).where(live, Mission.start_date > today).order_by(Mission.start_date)
    ).first()
    if following is not None and following.start_date:
        days = (following.start_date - today).days
        return f"Next mission: {following.name}, in {days} day{'s' if days != 1 else ''}"
    return ""


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")
