"""What the Today page shows: today's meetings, the next few, due follow-ups, the mission.

"Today" for a meeting is today where the meeting takes place: a delegate in Da Nang sees
Da Nang's day. Follow-ups are those due today or earlier and not done (plus the ones just
ticked on the page, so a slip of the mouse can be undone where it happened).

Read with plain SQL over a ``sqlite3`` connection, so the very same reader serves the
window's first glance at a profile (before SQLAlchemy is loaded) and the page itself.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from smartgrowth_desktop.reports.when import zone as zone_named
from smartgrowth_desktop.services import current_mission
from smartgrowth_desktop.services.meeting_clashes import clashes_in

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile

FOLLOW_UP_CAP = 100
UPCOMING = 8
_AROUND = timedelta(hours=40)  # wider than any zone's offset from UTC, both ways


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as Today lists it."""

    id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime | None
    zone: ZoneInfo
    location: str
    clashes: tuple[str, ...] = ()  # double bookings, said ("Overlaps “…” (…): Karin")


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
    """Today's page for ``profile`` (in one read transaction)."""
    with profile.database.raw_read() as conn:
        return read_today(conn, now, keep)


def read_today(
    conn: sqlite3.Connection, now: datetime, keep: Collection[uuid.UUID] = ()
) -> TodayData:
    """Today's meetings, the next few, due follow-ups and the current or next mission."""
    around = _meetings(conn, now - _AROUND, now + _AROUND, 500)
    today = [
        m for m in around if m.starts_at.astimezone(m.zone).date() == now.astimezone(m.zone).date()
    ]
    shown = {m.id for m in today}
    later = _meetings(conn, now, None, UPCOMING + len(today))
    upcoming = [m for m in later if m.id not in shown][:UPCOMING]
    today, upcoming = _with_clashes(conn, today, upcoming)
    local_day = now.astimezone().date()
    follow_ups, total = _follow_ups(conn, local_day, keep)
    mission = _mission(conn, local_day)
    return TodayData(today, upcoming, follow_ups, max(0, total - len(follow_ups)), mission)


def _with_clashes(
    conn: sqlite3.Connection, *lists: list[MeetingRow]
) -> tuple[list[MeetingRow], ...]:
    """The meetings with their double bookings said (``services/meeting_clashes.py``)."""
    found = clashes_in(conn, [m.id for rows in lists for m in rows])
    if not found:
        return lists
    return tuple(
        [replace(m, clashes=tuple(c.describe() for c in found.get(m.id, ()))) for m in rows]
        for rows in lists
    )


def _stamp(moment: datetime) -> str:
    """A moment as the profile stores it: naive UTC text with microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def _meetings(
    conn: sqlite3.Connection, start: datetime, end: datetime | None, limit: int
) -> list[MeetingRow]:
    sql = "SELECT id, title, starts_at, ends_at, time_zone, location FROM meetings"
    sql += " WHERE deleted_at IS NULL AND starts_at >= ?"
    params: list[object] = [_stamp(start)]
    if end is not None:
        sql += " AND starts_at < ?"
        params.append(_stamp(end))
    sql += " ORDER BY starts_at LIMIT ?"
    params.append(limit)
    rows = []
    for record_id, title, starts, ends, zone, location in conn.execute(sql, params):
        starts_at = _moment(starts)
        assert starts_at is not None
        rows.append(
            MeetingRow(
                uuid.UUID(record_id),
                title or "(untitled meeting)",
                starts_at,
                _moment(ends),
                zone_named(zone),
                location or "",
            )
        )
    return rows


def _follow_ups(
    conn: sqlite3.Connection, today: date, keep: Collection[uuid.UUID]
) -> tuple[list[FollowUpRow], int]:
    due = "deleted_at IS NULL AND due_date <= ?"
    open_ = "(done IS NULL OR done = 0)"
    total = conn.execute(
        f"SELECT count(*) FROM follow_ups WHERE {due} AND {open_}", (today.isoformat(),)
    ).fetchone()[0]
    kept = [k.hex for k in keep]
    shown = f"({open_} OR id IN ({', '.join('?' * len(kept))}))" if kept else open_
    items = conn.execute(
        "SELECT id, text, owner, due_date, done, meeting_id, lead_id FROM follow_ups"
        f" WHERE {due} AND {shown} ORDER BY due_date, created_at LIMIT ?",
        (today.isoformat(), *kept, FOLLOW_UP_CAP),
    ).fetchall()
    meetings = _titles(conn, "meetings", {row[5] for row in items if row[5]})
    leads = _titles(conn, "leads", {row[6] for row in items if row[6]})
    rows = []
    for record_id, text, owner, due_date, done, meeting_id, lead_id in items:
        if meeting_id in meetings:
            source = f"Meeting: {meetings[meeting_id]}"
        elif lead_id in leads:
            source = f"Lead: {leads[lead_id]}"
        else:
            source = ""
        rows.append(
            FollowUpRow(
                uuid.UUID(record_id),
                text or "",
                owner or "",
                date.fromisoformat(due_date) if due_date else None,
                bool(done),
                source,
            )
        )
    return rows, int(total)


def _titles(conn: sqlite3.Connection, table: str, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    found = conn.execute(f"SELECT id, title FROM {table} WHERE id IN ({marks})", tuple(ids))
    return {record_id: title or "" for record_id, title in found}


def _mission(conn: sqlite3.Connection, today: date) -> str:
    """ "On mission: X (day 2 of 5)", "Next mission: X, in 10 days", or ""."""
    mission = current_mission.in_sqlite(conn, today)
    if mission is None:
        return ""
    if mission.under_way:
        number = (today - mission.start).days + 1
        length = (mission.end - mission.start).days + 1
        return f"On mission: {mission.name} (day {number} of {length})"
    days = (mission.start - today).days
    return f"Next mission: {mission.name}, in {days} day{'s' if days != 1 else ''}"
