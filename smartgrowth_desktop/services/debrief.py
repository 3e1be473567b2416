"""Mission debriefs: gather what happened on a mission (or for one SME on it) and write it
as a PDF (the pack's typography) or an editable Word file.

Gathered in a handful of queries: the mission's meetings, the people and organizations
they name, the leads opened or moved during the mission's dates (from their stage
history), the open follow-ups of those meetings and leads. The file is written next to
the target and renamed into place: a failure leaves no partial file.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from smartgrowth_desktop.core.errors import NotFoundError, ValidationError
from smartgrowth_desktop.core.models import (
    Contact,
    FollowUp,
    Lead,
    Market,
    Meeting,
    Mission,
    Organization,
    StageChange,
)
from smartgrowth_desktop.core.names import latin_name
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.reports.debrief_model import (
    Debrief,
    DebriefFollowUp,
    DebriefLead,
    DebriefMeeting,
    DebriefMove,
    DebriefPerson,
)
from smartgrowth_desktop.reports.document import CancelCheck, Progress
from smartgrowth_desktop.reports.model import DEFAULT_HOME_TZ, PackOptions
from smartgrowth_desktop.services.packs import (
    PackService,
    _ids,
    _live,
    _strings,
    _Target,
    check_home_tz,
)
from smartgrowth_desktop.services.packs import _clean as clean
from smartgrowth_desktop.services.profile import Profile

Format = Literal["pdf", "docx"]
FORMATS: tuple[Format, ...] = ("pdf", "docx")
_NAME_FIELDS = ("family_name", "given_name", "native_name", "romanized_name", "name_order")


@dataclass(frozen=True)
class DebriefResult:
    """A written debrief: where, its format, pages (PDF only), what the user should know."""

    path: Path
    format: Format
    pages: int | None
    meetings: int
    leads: int
    follow_ups: int
    warnings: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "format": self.format,
            "pages": self.pages,
            "meetings": self.meetings,
            "leads": self.leads,
            "follow_ups": self.follow_ups,
            "warnings": list(self.warnings),
        }


def _person(contact: Contact, orgs: dict[uuid.UUID, Organization]) -> DebriefPerson:
    native = clean(contact.native_name)
    latin = clean(latin_name({name: getattr(contact, name) for name in _NAME_FIELDS}))
    org = orgs.get(contact.organization_id) if contact.organization_id else None
    return DebriefPerson(
        name=native or latin or "(no name)",
        romanized=latin if native and latin and fold(native) != fold(latin) else None,
        title=clean(contact.title) or None,
        organization=_org_name(org),
    )


def _org_name(org: Organization | None) -> str | None:
    return None if org is None else clean(org.name) or clean(org.native_name) or None


def _local_day(moment: datetime, zone: str) -> date:
    from smartgrowth_desktop.reports.when import zone as zone_of

    return moment.astimezone(zone_of(zone)).date()


class DebriefLoader:
    """Reads one mission (optionally narrowed to one SME) into a ``Debrief``."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.orgs: dict[uuid.UUID, Organization] = {}
        self._people: dict[uuid.UUID, DebriefPerson] = {}

    def _person(self, contact: Contact) -> DebriefPerson:
        """A person met, made once however many meetings they were at."""
        if contact.id not in self._people:
            self._people[contact.id] = _person(contact, self.orgs)
        return self._people[contact.id]

    def _load_orgs(self, ids: Iterable[uuid.UUID]) -> None:
        missing = {i for i in ids if i not in self.orgs}
        for org in _live(self.session, Organization, missing) if missing else []:
            self.orgs[org.id] = org

    def _zone(self, mission: Mission) -> str:
        markets = _live(self.session, Market, _ids(mission.market_ids))
        return next((m.time_zone for m in markets if m.time_zone), "UTC")

    def load(self, mission: Mission, sme_id: uuid.UUID | None = None) -> Debrief:
        query = (
            select(Meeting)
            .where(Meeting.mission_id == mission.id, Meeting.deleted_at.is_(None))
            .order_by(Meeting.starts_at.is_(None), Meeting.starts_at, Meeting.title)
        )
        meetings = list(self.session.scalars(query))
        people = {c.id: c for c in _live(self.session, Contact, self._attendees(meetings))}
        smes = _ids(mission.sme_ids)
        self._load_orgs([*smes, *(i for m in meetings for i in _ids(m.organization_ids))])
        self._load_orgs([*(i for m in meetings for i in _ids(m.sme_ids))])
        self._load_orgs(c.organization_id for c in people.values() if c.organization_id)
        if sme_id is not None:
            meetings = [m for m in meetings if self._attended(m, sme_id, people)]
        zone = self._zone(mission)
        window = self._window(mission, meetings, zone)
        leads = self._leads(mission, meetings, smes, sme_id, window, zone)
        listed, by_meeting = self._packed_follow_ups(meetings, [lead for lead, _ in leads])
        ours = set(smes) | {i for i, org in self.orgs.items() if org.kind == "sme"}
        return Debrief(
            mission_id=str(mission.id),
            name=clean(mission.name) or "Mission",
            start_date=mission.start_date,
            end_date=mission.end_date,
            markets=tuple(
                clean(m.name) for m in _live(self.session, Market, _ids(mission.market_ids))
            ),
            delegates=_strings(mission.delegates),
            smes=tuple(n for n in (_org_name(self.orgs.get(i)) for i in smes) if n),
            sme=_org_name(self.orgs.get(sme_id)) if sme_id else None,
            notes=mission.notes if sme_id is None else None,
            meetings=tuple(
                self._meeting(m, people, ours, by_meeting.get(m.id, []), zone) for m in meetings
            ),
            leads=tuple(self._lead(lead, moves, window, zone) for lead, moves in leads),
            follow_ups=tuple(listed),
            window=window,
        )

    def _packed_follow_ups(
        self, meetings: list[Meeting], leads: list[Lead]
    ) -> tuple[list[DebriefFollowUp], dict[uuid.UUID, list[DebriefFollowUp]]]:
        """The open follow-ups of these meetings and leads, each with what it came from;
        and those of each meeting."""
        titles = {m.id: clean(m.title) or "Meeting" for m in meetings}
        lead_titles = {lead.id: clean(lead.title) or "Lead" for lead in leads}
        listed: list[DebriefFollowUp] = []
        by_meeting: dict[uuid.UUID, list[DebriefFollowUp]] = {}
        for item in self._follow_ups(list(titles), list(lead_titles)):
            source = titles.get(item.meeting_id) if item.meeting_id else None
            source = source or (lead_titles.get(item.lead_id) if item.lead_id else None)
            owner = clean(item.owner) or None
            packed = DebriefFollowUp(clean(item.text), owner, item.due_date, source)
            listed.append(packed)
            if item.meeting_id in titles:
                by_meeting.setdefault(item.meeting_id, []).append(packed)
        return listed, by_meeting

    @staticmethod
    def _attendees(meetings: list[Meeting]) -> set[uuid.UUID]:
        return {i for m in meetings for i in _ids(m.attendee_ids)}

    def _attended(
        self, meeting: Meeting, sme_id: uuid.UUID, people: dict[uuid.UUID, Contact]
    ) -> bool:
        """Whether the SME was at ``meeting`` (named among its SMEs or by an attendee)."""
        if sme_id in _ids(meeting.sme_ids):
            return True
        return any(
            people[i].organization_id == sme_id for i in _ids(meeting.attendee_ids) if i in people
        )

    def _window(
        self, mission: Mission, meetings: list[Meeting], zone: str
    ) -> tuple[date, date] | None:
        """The mission's dates; else the span of its meetings; None when neither is known."""
        days = [_local_day(m.starts_at, m.time_zone or zone) for m in meetings if m.starts_at]
        start = mission.start_date or (min(days) if days else None)
        end = mission.end_date or (max(days) if days else None)
        if start is None or end is None:
            return None
        return (min(start, end), max(start, end))

    def _leads(
        self,
        mission: Mission,
        meetings: list[Meeting],
        smes: list[uuid.UUID],
        sme_id: uuid.UUID | None,
        window: tuple[date, date] | None,
        zone: str,
    ) -> list[tuple[Lead, list[StageChange]]]:
        """The leads of the mission, or with an organization met and a travelling SME,
        whose stage history has a step within ``window``; each with its whole history."""
        if window is None:
            return []
        met = {i for m in meetings for i in _ids(m.organization_ids)}
        ours = [sme_id] if sme_id else smes
        query = select(Lead).where(
            Lead.deleted_at.is_(None),
            or_(
                Lead.mission_id == mission.id,
                Lead.organization_id.in_(list(met)) & Lead.sme_id.in_(list(ours)),
            ),
        )
        if sme_id is not None:
            query = query.where(Lead.sme_id == sme_id)
        leads = {lead.id: lead for lead in self.session.scalars(query.order_by(Lead.created_at))}
        history: dict[uuid.UUID, list[StageChange]] = {}
        steps = (
            select(StageChange)
            .where(StageChange.lead_id.in_(list(leads)), StageChange.deleted_at.is_(None))
            .order_by(StageChange.changed_at, StageChange.created_at)
        )
        for step in self.session.scalars(steps):
            if step.lead_id is not None and step.changed_at is not None:
                history.setdefault(step.lead_id, []).append(step)
        self._load_orgs(
            i for lead in leads.values() for i in (lead.sme_id, lead.organization_id) if i
        )
        inside = [
            (lead, history.get(lead.id, []))
            for lead in leads.values()
            if any(self._within(s, window, zone) for s in history.get(lead.id, []))
        ]
        return sorted(inside, key=lambda pair: self._first_inside(pair[1], window, zone))

    @staticmethod
    def _within(step: StageChange, window: tuple[date, date], zone: str) -> bool:
        assert step.changed_at is not None
        return window[0] <= _local_day(step.changed_at, zone) <= window[1]

    def _first_inside(
        self, steps: list[StageChange], window: tuple[date, date], zone: str
    ) -> datetime:
        found = [s.changed_at for s in steps if s.changed_at and self._within(s, window, zone)]
        return min(found) if found else datetime.max.replace(tzinfo=UTC)

    def _follow_ups(
        self, meeting_ids: list[uuid.UUID], lead_ids: list[uuid.UUID]
    ) -> list[FollowUp]:
        """The open follow-ups of these meetings and leads, soonest first, undated last."""
        query = (
            select(FollowUp)
            .where(
                or_(FollowUp.meeting_id.in_(meeting_ids), FollowUp.lead_id.in_(lead_ids)),
                FollowUp.deleted_at.is_(None),
                or_(FollowUp.done.is_(None), FollowUp.done.is_(False)),
            )
            .order_by(FollowUp.due_date.is_(None), FollowUp.due_date, FollowUp.created_at)
        )
        return [f for f in self.session.scalars(query) if clean(f.text)]

    def _meeting(
        self,
        meeting: Meeting,
        people: dict[uuid.UUID, Contact],
        ours: set[uuid.UUID],
        follow_ups: list[DebriefFollowUp],
        zone: str,
    ) -> DebriefMeeting:
        attendees = [people[i] for i in _ids(meeting.attendee_ids) if i in people]
        met = [self._person(c) for c in attendees if c.organization_id not in ours]
        counterparts = [
            _org_name(self.orgs.get(i)) for i in _ids(meeting.organization_ids) if i not in ours
        ]
        smes = [_org_name(self.orgs.get(i)) for i in _ids(meeting.sme_ids)]
        return DebriefMeeting(
            id=str(meeting.id),
            title=clean(meeting.title) or "Meeting",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            time_zone=meeting.time_zone or zone,
            location=clean(meeting.location) or None,
            counterparts=tuple(n for n in counterparts if n),
            met=tuple(met),
            smes=tuple(n for n in smes if n),
            notes=meeting.notes,
            follow_ups=tuple(follow_ups),
        )

    def _lead(
        self,
        lead: Lead,
        steps: list[StageChange],
        window: tuple[date, date] | None,
        zone: str,
    ) -> DebriefLead:
        inside = [s for s in steps if window and self._within(s, window, zone)]
        opened = bool(steps) and bool(inside) and steps[0] is inside[0]
        return DebriefLead(
            title=clean(lead.title) or "Lead",
            stage=lead.stage or "identified",
            kind=lead.kind,
            sme=_org_name(self.orgs.get(lead.sme_id)) if lead.sme_id else None,
            organization=(
                _org_name(self.orgs.get(lead.organization_id)) if lead.organization_id else None
            ),
            value=lead.value,
            currency=lead.currency,
            next_step=clean(lead.next_step) or None,
            opened=opened,
            moves=tuple(
                DebriefMove(s.stage or "?", s.changed_at, clean(s.note) or None)
                for s in inside
                if s.changed_at is not None
            ),
        )


class DebriefService:
    """Debriefs of a mission or of one SME on it, as PDF or Word files."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.packs = PackService(profile)

    def _smes(self, mission: Mission) -> dict[uuid.UUID, str]:
        """The SMEs of ``mission`` (travelling or at one of its meetings) by their names."""
        with self.profile.database.read() as session:
            query = select(Meeting.sme_ids).where(
                Meeting.mission_id == mission.id, Meeting.deleted_at.is_(None)
            )
            ids = set(_ids(mission.sme_ids)) | {
                i for (sme_ids,) in session.execute(query) for i in _ids(sme_ids)
            }
            smes = _live(session, Organization, ids)
        return {org.id: clean(org.name) or clean(org.native_name) for org in smes}

    def choices(self, mission: str) -> tuple[str, list[tuple[str, str]]]:
        """The mission's name and its SMEs as (id, name), by name: what a debrief can be for."""
        found = self.packs.find_mission(mission)
        smes = sorted(self._smes(found).items(), key=lambda pair: fold(pair[1]))
        return clean(found.name) or "Mission", [(str(i), name) for i, name in smes]

    def find_sme(self, mission: Mission, id_or_name: str) -> uuid.UUID:
        """An SME of ``mission`` (travelling or at one of its meetings) by id or name."""
        wanted = (id_or_name or "").strip()
        names = self._smes(mission)
        try:
            if uuid.UUID(wanted) in names:
                return uuid.UUID(wanted)
        except ValueError:
            pass
        key = fold(wanted)
        for matches in (
            [i for i, n in names.items() if fold(n) == key],
            [i for i, n in names.items() if key and key in fold(n)],
        ):
            if len(matches) == 1:
                return matches[0]
            if matches:
                shown = "; ".join(sorted(names[i] for i in matches))
                raise ValidationError("sme", f"{wanted!r} matches several SMEs ({shown})")
        known = ", ".join(sorted(names.values())) or "none"
        raise NotFoundError(
            f"no SME of mission '{clean(mission.name)}' matches {wanted!r} (its SMEs: {known})"
        )

    def gather(self, mission: str, sme: str | None = None) -> Debrief:
        """The debrief of ``mission`` (an id or a name), or of ``sme`` on it."""
        found = self.packs.find_mission(mission)
        sme_id = self.find_sme(found, sme) if sme else None
        with self.profile.database.read() as session:
            return DebriefLoader(session).load(found, sme_id)

    def write(
        self,
        mission: str,
        out_path: Path,
        fmt: str = "pdf",
        sme: str | None = None,
        home_tz: str = DEFAULT_HOME_TZ,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> DebriefResult:
        """Write the debrief to ``out_path`` as ``fmt`` ("pdf" or "docx")."""
        if fmt not in FORMATS:
            raise ValidationError("format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
        options = PackOptions(
            home_tz=check_home_tz(home_tz),
            author=self.profile.author,
            generated_at=datetime.now(UTC),
        )
        data = self.gather(mission, sme)
        target = _Target(out_path)  # fails before any work when the file cannot be written
        try:
            if progress is not None:
                progress(0.1, "writing the debrief")
            if fmt == "pdf":
                from smartgrowth_desktop.reports.debrief import build_debrief

                rendered = build_debrief(data, options, progress, cancelled)
                payload, pages, warnings = rendered.pdf, rendered.pages, rendered.warnings
            else:
                from smartgrowth_desktop.reports.debrief_docx import build_debrief_docx

                payload, pages, warnings = build_debrief_docx(data, options), None, ()
            path = target.commit(payload)
        finally:
            target.discard()
        return DebriefResult(
            path,
            "pdf" if fmt == "pdf" else "docx",
            pages,
            len(data.meetings),
            len(data.leads),
            len(data.follow_ups),
            warnings,
        )
