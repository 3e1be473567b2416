"""The programme's indicators against its targets: missions, SMEs, markets, agreements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from smartgrowth_desktop.core.models import Mission
from smartgrowth_desktop.reports.indicator_model import INDICATORS
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.programme_report import build_report
from smartgrowth_desktop.services.report_periods import Period

#: the page's labels where they differ from the report's (the whole programme so far)
LABELS = {"smes": "SMEs that took part"}


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
        """Missions held, SMEs that took part, markets reached, agreements and pilots,
        from the start of the programme to ``today`` (counted as the programme report
        counts a period: ``services/programme_report.py``)."""
        today = today or date.today()
        so_far = Period("so far", date(1900, 1, 1), today)
        scope = build_report(self.profile, so_far, today=today, partners_too=False).programme
        return [
            Indicator(
                key,
                LABELS.get(key, label),
                scope.value(key),
                low,
                high,
                tuple(str(e.record_id) for e in scope.evidence.get(key, [])),
            )
            for key, label, low, high in INDICATORS
        ]

    def first_mission_day(self) -> date | None:
        """The first day of the earliest live mission (where report periods begin)."""
        query = select(func.min(Mission.start_date)).where(Mission.deleted_at.is_(None))
        with self.profile.database.read() as session:
            found = session.scalar(query)
        return found if isinstance(found, date) else None
