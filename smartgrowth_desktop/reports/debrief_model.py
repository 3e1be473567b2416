"""What a mission debrief shows, as plain data: ``services/debrief.py`` fills it, the PDF
(``reports/debrief.py``) and the Word file (``reports/debrief_docx.py``) print it.

No reportlab here, so the Word writer and the services can import it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class DebriefPerson:
    """Someone met: the name as its reader writes it, and where they work."""

    name: str
    romanized: str | None = None
    title: str | None = None
    organization: str | None = None


@dataclass(frozen=True)
class DebriefFollowUp:
    """An open follow-up, with what it came from (a meeting's title or a lead's)."""

    text: str
    owner: str | None = None
    due_date: date | None = None
    source: str | None = None


@dataclass(frozen=True)
class DebriefMove:
    """One step of a lead's stage history."""

    stage: str
    changed_at: datetime
    note: str | None = None


@dataclass(frozen=True)
class DebriefLead:
    """A lead opened (``opened``) or moved during the mission, with those moves."""

    title: str
    stage: str
    kind: str | None = None
    sme: str | None = None
    organization: str | None = None
    value: str | None = None
    currency: str | None = None
    next_step: str | None = None
    opened: bool = False
    moves: tuple[DebriefMove, ...] = ()


@dataclass(frozen=True)
class DebriefMeeting:
    """A meeting attended: when, where, who was met, which SMEs, the notes."""

    id: str
    title: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str = "UTC"
    location: str | None = None
    counterparts: tuple[str, ...] = ()
    met: tuple[DebriefPerson, ...] = ()
    smes: tuple[str, ...] = ()
    notes: str | None = None
    follow_ups: tuple[DebriefFollowUp, ...] = ()


@dataclass(frozen=True)
class Debrief:
    """A mission's debrief, or one SME's part of it (``sme`` names it)."""

    mission_id: str
    name: str
    start_date: date | None = None
    end_date: date | None = None
    markets: tuple[str, ...] = ()
    delegates: tuple[str, ...] = ()
    smes: tuple[str, ...] = ()
    sme: str | None = None
    notes: str | None = None
    meetings: tuple[DebriefMeeting, ...] = ()
    leads: tuple[DebriefLead, ...] = ()
    follow_ups: tuple[DebriefFollowUp, ...] = ()
    #: the dates leads were looked at (the mission's, else its meetings' span)
    window: tuple[date, date] | None = None

    @property
    def title(self) -> str:
        """ "Debrief: Mission" or "Debrief for SME: Mission"."""
        return f"Debrief for {self.sme}: {self.name}" if self.sme else f"Debrief: {self.name}"

    @property
    def people_met(self) -> int:
        """How many different people were met (the counterparts' side)."""
        return len({(p.name, p.organization) for m in self.meetings for p in m.met})
