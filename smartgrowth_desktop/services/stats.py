"""The programme's indicators against its targets: missions, SMEs, markets, agreements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from smartgrowth_desktop.core.models import Lead, Market, Mission, Organization
from smartgrowth_desktop.services.profile import Profile


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it counts, its value, its target and the records behind it."""

    key: str
    label: str
    value: int
    target_low: int
    target_high: int
    record_ids: tuple[str, ...] = field(default=())

    @property
    def reached(self) -> bool:
        return self.value >= self.target_low

    def to_json(self) -> dict[str, object]:
        target: object = (
            self.target_low
            if self.target_low == self.target_high
            else f"{self.target_low}-{self.target_high}"
        )
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "target": target,
            "reached": self.reached,
            "ids": list(self.record_ids),
        }


class StatsService:
    """Computes the indicators from live records (deleted ones do not count)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def indicators(self, today: date | None = None) -> list[Indicator]:
        """Missions held, SMEs that took part, markets reached, agreements and pilots."""
        today = today or date.today()
        with self.profile.database.read() as session:
            missions = list(
                session.scalars(
                    select(Mission).where(
                        Mission.deleted_at.is_(None),
                        Mission.start_date.is_not(None),
                        Mission.start_date <= today,
                    )
                )
            )
            live_orgs = set(
                str(i)
                for i in session.scalars(
                    select(Organization.id).where(Organization.deleted_at.is_(None))
                )
            )
            live_markets = set(
                str(i)
                for i in session.scalars(select(Market.id).where(Market.deleted_at.is_(None)))
            )
            agreements = list(
                session.scalars(
                    select(Lead.id).where(Lead.deleted_at.is_(None), Lead.stage == "agreement")
                )
            )
        smes = sorted({s for m in missions for s in m.sme_ids if s in live_orgs})
        markets = sorted({k for m in missions for k in m.market_ids if k in live_markets})
        return [
            Indicator(
                "missions",
                "Export missions held",
                len(missions),
                6,
                6,
                tuple(str(m.id) for m in missions),
            ),
            Indicator("smes", "SMEs that took part", len(smes), 30, 30, tuple(smes)),
            Indicator("markets", "New markets reached", len(markets), 3, 3, tuple(markets)),
            Indicator(
                "agreements",
                "Sales agreements or pilots",
                len(agreements),
                3,
                4,
                tuple(str(i) for i in agreements),
            ),
        ]
