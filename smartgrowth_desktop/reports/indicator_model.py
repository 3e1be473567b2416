"""What the programme report holds: each scope's counted records (its evidence).

Plain dataclasses filled by ``services/programme_report.py`` and written by
``indicator_pdf`` and ``indicator_xlsx``; no database, no Qt.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ReportPeriod:
    """The reporting period: its name ("2026-H1"), first and last day, said in words."""

    label: str
    start: date
    end: date
    said: str


#: key, label, programme target (low, high)
INDICATORS: tuple[tuple[str, str, int, int], ...] = (
    ("missions", "Export missions held", 6, 6),
    ("smes", "SMEs taken abroad", 30, 30),
    ("markets", "New markets reached", 3, 3),
    ("agreements", "Sales agreements or pilots", 3, 4),
)
ALL = "All partners"


@dataclass(frozen=True)
class Evidence:
    """One counted record: what, when, on which mission, for which SME."""

    indicator: str
    record_kind: str
    record_id: uuid.UUID
    record: str
    day: date
    mission: str = ""
    sme: str = ""
    market: str = ""
    counterpart: str = ""
    kind: str = ""  # a lead's: pilot or sales
    documents: tuple[str, ...] = ()
    value: str = ""  # a lead's value as recorded ("120,000 SEK")
    converted: str = ""  # in the reporting currency, or why not


@dataclass
class Scope:
    """The figures of the whole programme or of one partner, with their evidence."""

    name: str
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)

    def value(self, key: str) -> int:
        return len(self.evidence.get(key, []))


@dataclass(frozen=True)
class ProgrammeReport:
    """The period's indicators: the programme (``scopes[0]``) and each partner."""

    period: ReportPeriod
    scopes: list[Scope]
    partners: list[str]
    today: date
    generated_at: datetime
    currency: str = "EUR"
    rates_note: str = ""

    @property
    def programme(self) -> Scope:
        return self.scopes[0]
