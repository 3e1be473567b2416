"""Which mission an invited meeting belongs to: the one whose dates hold the meeting's
local day, and, when several do, the one whose market fits (its time zone shows the same
clock as the invitation's, or its city or name is in the meeting's location). Several
left, or none by dates while a mission was asked for: the person chooses."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartgrowth_desktop.core.models import Market, Mission
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.exchange.ical_zones import same_clock


@dataclass(frozen=True)
class MissionFit:
    """What matching needs of a mission: its dates, its markets' zones and places."""

    id: uuid.UUID
    name: str
    start: date | None
    end: date | None
    zones: tuple[str, ...]
    places: tuple[str, ...]

    @property
    def zone(self) -> str | None:
        """The time zone of its first market that has one."""
        return self.zones[0] if self.zones else None

    def holds(self, day: date) -> bool:
        return self.start is not None and self.end is not None and self.start <= day <= self.end

    def named_in(self, location: str) -> bool:
        """Whether the location names one of its markets (city, region or name)."""
        where = fold(location)
        return any(place in where for place in self.places)

    def same_clock(self, zone: str | None, moment: datetime | None) -> bool:
        """Whether one of its markets keeps the invitation's clock."""
        if zone is None or moment is None:
            return False
        return any(same_clock(zone, own, moment) for own in self.zones)

    def label(self) -> str:
        when = f" ({self.start} – {self.end})" if self.start and self.end else ""
        return f"{self.name}{when}"


def load_missions(session: Session) -> dict[uuid.UUID, MissionFit]:
    """Every live mission with its markets' zones and place names."""
    markets = {
        str(m.id): m for m in session.scalars(select(Market).where(Market.deleted_at.is_(None)))
    }
    found: dict[uuid.UUID, MissionFit] = {}
    for mission in session.scalars(select(Mission).where(Mission.deleted_at.is_(None))):
        own = [markets[str(i)] for i in mission.market_ids or [] if str(i) in markets]
        zones = tuple(m.time_zone for m in own if m.time_zone)
        places = tuple(fold(p) for m in own for p in (m.name, m.region) if p and len(p) > 2)
        found[mission.id] = MissionFit(
            mission.id,
            mission.name or "(no name)",
            mission.start_date,
            mission.end_date,
            zones,
            places,
        )
    return found


def fitting(
    missions: dict[uuid.UUID, MissionFit],
    day: date,
    zone: str | None,
    moment: datetime | None,
    location: str,
) -> list[uuid.UUID]:
    """The missions a meeting on ``day`` fits: one is the answer, several are a question."""
    by_dates = [m for m in missions.values() if m.holds(day)]
    if len(by_dates) <= 1:
        return [m.id for m in by_dates]
    tests: tuple[Callable[[MissionFit], bool], ...] = (
        lambda m: m.named_in(location),
        lambda m: m.same_clock(zone, moment),
    )
    for test in tests:
        narrowed = [m for m in by_dates if test(m)]
        if len(narrowed) == 1:
            return [narrowed[0].id]
        if narrowed:
            by_dates = narrowed
    return [m.id for m in by_dates]
