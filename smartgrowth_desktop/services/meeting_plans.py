"""Where a new meeting starts: in which mission, in which time zone, at what time.

A meeting planned in a mission begins in the mission's market zone, at the next full
hour (or at 09:00 on the mission's first day, when it lies ahead); a quick note taken on
the road begins now, in the mission under way (by its dates in its market's zone) and
that market's zone, else in the home zone, and says which.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from smartgrowth_desktop.core.formatting import MONTHS, clock
from smartgrowth_desktop.core.models import Market, Meeting, Mission
from smartgrowth_desktop.services import current_mission
from smartgrowth_desktop.services.profile import Profile

Values = dict[str, Any]


def _mission(profile: Profile, mission_id: str | None, today: date) -> Mission | None:
    """The mission given, else the one under way today (the latest to start, as the Today
    page says it: ``current_mission.py``)."""
    with profile.database.read() as session:
        if not mission_id:
            now = current_mission.in_connection(session.connection(), today)
            if now is None or not now.under_way:
                return None
            mission_id = str(now.id)
        found = session.get(Mission, uuid.UUID(mission_id))
        return found if found is not None and found.deleted_at is None else None


def _last_zone(profile: Profile) -> str | None:
    """The time zone of the latest meeting (indexed: cheap on a big profile)."""
    query = (
        select(Meeting.time_zone)
        .where(Meeting.deleted_at.is_(None), Meeting.time_zone.is_not(None))
        .order_by(Meeting.starts_at.desc())
    )
    with profile.database.read() as session:
        return session.scalars(query).first()


def _market_zone(profile: Profile, mission: Mission | None) -> str | None:
    if mission is None or not mission.market_ids:
        return None
    query = select(Market.time_zone).where(Market.id == uuid.UUID(str(mission.market_ids[0])))
    with profile.database.read() as session:
        return session.scalars(query).first()


def meeting_defaults(profile: Profile, mission_id: str | None, home_zone: str) -> Values:
    """A new meeting: the mission (given, or the one under way), its zone, the next hour."""
    today = date.today()
    mission = _mission(profile, mission_id, today)
    zone = _market_zone(profile, mission) or _last_zone(profile) or home_zone
    local_now = datetime.now(ZoneInfo(zone))
    start = local_now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    if mission and mission.start_date and mission.start_date > today:
        start = datetime.combine(mission.start_date, datetime.min.time(), ZoneInfo(zone))
        start = start.replace(hour=9)
    return {
        "title": "New meeting",
        "mission_id": str(mission.id) if mission else None,
        "time_zone": zone,
        "starts_at": start.astimezone(UTC).isoformat(),
        "ends_at": (start + timedelta(hours=1)).astimezone(UTC).isoformat(),
    }


@dataclass(frozen=True)
class QuickPlan:
    """A quick note's meeting and where its time zone came from, in words for the editor."""

    values: Values
    zone_source: str


def _under_way(profile: Profile, now: datetime) -> tuple[Mission | None, str | None]:
    """The mission under way at ``now`` by its dates in its market's zone (a Da Nang day
    starts while it is still yesterday in Sweden), and that zone."""
    days = sorted({(now + timedelta(hours=h)).date() for h in (-12, 0, 14)}, reverse=True)
    for day in days:
        mission = _mission(profile, None, day)
        if mission is None:
            continue
        zone = _market_zone(profile, mission)
        local = now.astimezone(ZoneInfo(zone)).date() if zone else now.astimezone().date()
        end = mission.end_date or mission.start_date
        if mission.start_date and mission.start_date <= local and (end is None or local <= end):
            return mission, zone
    return None, None


def quick_plan(profile: Profile, now: datetime, home_zone: str = "UTC") -> QuickPlan:
    """A meeting starting ``now`` (whole minutes), an hour long, for notes on the road: in
    the mission under way and its market's zone, else in the home zone."""
    now = now.replace(second=0, microsecond=0)
    mission, zone = _under_way(profile, now)
    if mission is not None and zone:
        source = f"Time zone of the mission under way, “{mission.name}”"
    elif mission is not None:
        zone, source = home_zone, f"Your home time zone (“{mission.name}” names no market)"
    else:
        zone, source = home_zone, "Your home time zone: no mission is under way today"
    local = now.astimezone(ZoneInfo(zone))
    values = {
        "title": f"Meeting notes {local.day} {MONTHS[local.month - 1][:3]} {clock(local)}",
        "starts_at": now.isoformat(),
        "ends_at": (now + timedelta(hours=1)).isoformat(),
        "time_zone": zone,
        "mission_id": str(mission.id) if mission else None,
    }
    return QuickPlan(values, source)


def quick_meeting(profile: Profile, now: datetime, home_zone: str = "UTC") -> Values:
    """The values of ``quick_plan``."""
    return quick_plan(profile, now, home_zone).values
