"""The programme report: the indicators of one reporting period, for the whole programme
and per partner organisation, each figure with the records it counts (its evidence).

What counts, in a period (both ends included):

- **missions held**: live missions that started in the period (and have started: a
  planned mission counts once its first day has come); for a partner, those its SMEs
  travelled on;
- **SMEs taken abroad**: the live SMEs on those missions (each once, with the first
  mission it went on in the period); for a partner, its own SMEs;
- **new markets**: the markets whose first mission (for a partner: the first its SMEs
  travelled on) started in the period; a market reached before is not new;
- **agreements and pilots**: live leads at stage *agreement*, dated by their last move
  to that stage (the lead's creation when its history has none); for a partner, the leads
  of its SMEs; the documents attached to the lead are named.

The same counting serves the Indicators page (``StatsService``) and the files
(``reports/indicator_pdf.py``, ``reports/indicator_xlsx.py``). Qt-free.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartgrowth_desktop.core.models import (
    Attachment,
    Lead,
    Market,
    Mission,
    Organization,
    StageChange,
)
from smartgrowth_desktop.reports.indicator_model import (
    ALL,
    Evidence,
    ProgrammeReport,
    ReportPeriod,
    Scope,
)
from smartgrowth_desktop.services.currency import Reporting, parse_amount, reporting
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.report_partners import Partner, partners
from smartgrowth_desktop.services.report_periods import Period


@dataclass
class _Data:
    missions: list[Mission]
    orgs: dict[str, Organization]
    markets: dict[str, Market]
    leads: list[Lead]
    agreed_on: dict[uuid.UUID, datetime]
    documents: dict[uuid.UUID, list[str]]


def build_report(
    profile: Profile,
    period: Period,
    partner: Partner | None = None,
    today: date | None = None,
    partners_too: bool = True,
) -> ProgrammeReport:
    """Count the period's indicators (for one partner only when ``partner`` is given;
    the programme alone without ``partners_too``)."""
    from smartgrowth_desktop.services.currency import rates_note

    today = today or date.today()
    known = partners(profile) if partners_too else []
    chosen = [partner] if partner is not None else known
    rates = reporting(profile)
    zone = ZoneInfo(profile.home_zone_name or "UTC")
    with profile.database.read() as session:
        data = _read(session)
    scopes = [] if partner is not None else [_scope(ALL, None, data, period, today, rates, zone)]
    for one in chosen:
        countries = set(one.countries)
        scopes.append(_scope(one.name, countries, data, period, today, rates, zone))
    return ProgrammeReport(
        ReportPeriod(period.label, period.start, period.end, period.said()),
        scopes,
        [p.name for p in chosen],
        today,
        datetime.now(UTC),
        rates.currency,
        rates_note(rates),
    )


def _read(session: Session) -> _Data:
    missions = list(
        session.scalars(
            select(Mission)
            .where(Mission.deleted_at.is_(None), Mission.start_date.is_not(None))
            .order_by(Mission.start_date, Mission.id)
        )
    )
    leads = list(
        session.scalars(select(Lead).where(Lead.deleted_at.is_(None), Lead.stage == "agreement"))
    )
    lead_ids = [lead.id for lead in leads]
    wanted = {s for m in missions for s in m.sme_ids}
    wanted |= {str(i) for lead in leads for i in (lead.sme_id, lead.organization_id) if i}
    orgs = {}
    if wanted:
        ids = [uuid.UUID(i) for i in wanted if _is_uuid(i)]
        found = session.scalars(
            select(Organization).where(Organization.id.in_(ids), Organization.deleted_at.is_(None))
        )
        orgs = {str(o.id): o for o in found}
    markets = {
        str(m.id): m for m in session.scalars(select(Market).where(Market.deleted_at.is_(None)))
    }
    agreed = select(StageChange.lead_id, func.max(StageChange.changed_at)).where(
        StageChange.deleted_at.is_(None),
        StageChange.stage == "agreement",
        StageChange.lead_id.in_(lead_ids),
    )
    agreed_on = {
        lead: (moment if moment.tzinfo else moment.replace(tzinfo=UTC))
        for lead, moment in session.execute(agreed.group_by(StageChange.lead_id))
        if isinstance(moment, datetime) and lead is not None
    }
    documents: dict[uuid.UUID, list[str]] = {}
    files = select(Attachment.owner_id, Attachment.file_name).where(
        Attachment.deleted_at.is_(None),
        Attachment.owner_kind == "lead",
        Attachment.owner_id.in_(lead_ids),
    )
    for owner, name in session.execute(files.order_by(Attachment.file_name)):
        if owner is not None:
            documents.setdefault(owner, []).append(name or "(unnamed file)")
    return _Data(missions, orgs, markets, leads, agreed_on, documents)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (ValueError, TypeError, AttributeError):
        return False
    return True


def _scope(
    name: str,
    countries: set[str] | None,
    data: _Data,
    period: Period,
    today: date,
    rates: Reporting,
    zone: ZoneInfo,
) -> Scope:
    def ours(sme_id: object) -> bool:
        org = data.orgs.get(str(sme_id)) if sme_id else None
        return org is not None and (countries is None or (org.country or "") in countries)

    scope = Scope(name)
    held = [m for m in data.missions if m.start_date is not None and m.start_date <= today]
    if countries is not None:
        held = [m for m in held if any(ours(s) for s in m.sme_ids)]
    in_period = [m for m in held if period.holds(m.start_date)]

    def smes_of(mission: Mission) -> list[str]:
        return [s for s in mission.sme_ids if ours(s)]

    scope.evidence["missions"] = [_mission(m, data, smes_of(m)) for m in in_period]
    scope.evidence["smes"] = _smes(in_period, data, smes_of)
    scope.evidence["markets"] = _markets(held, period, data, smes_of)
    leads = [lead for lead in data.leads if countries is None or ours(lead.sme_id)]
    scope.evidence["agreements"] = _agreements(leads, period, data, rates, zone)
    return scope


def _names(data: _Data, ids: list[str]) -> str:
    return ", ".join(data.orgs[i].name or "" for i in ids if i in data.orgs)


def _market_names(data: _Data, mission: Mission) -> str:
    return ", ".join(data.markets[k].name or "" for k in mission.market_ids if k in data.markets)


def _mission(mission: Mission, data: _Data, smes: list[str]) -> Evidence:
    assert mission.start_date is not None
    return Evidence(
        "missions",
        "mission",
        mission.id,
        mission.name or "(unnamed mission)",
        mission.start_date,
        mission=mission.name or "",
        sme=_names(data, smes),
        market=_market_names(data, mission),
    )


def _smes(
    missions: list[Mission], data: _Data, smes_of: Callable[[Mission], list[str]]
) -> list[Evidence]:
    found: dict[str, Evidence] = {}
    for mission in missions:
        assert mission.start_date is not None
        for sme in smes_of(mission):
            if sme not in found:
                org = data.orgs[sme]
                found[sme] = Evidence(
                    "smes",
                    "organization",
                    org.id,
                    org.name or "",
                    mission.start_date,
                    mission=mission.name or "",
                    sme=org.name or "",
                    market=_market_names(data, mission),
                )
    return sorted(found.values(), key=lambda e: (e.day, e.record.casefold()))


def _markets(
    held: list[Mission], period: Period, data: _Data, smes_of: Callable[[Mission], list[str]]
) -> list[Evidence]:
    first: dict[str, Mission] = {}
    for mission in held:  # in start order: the first mission to a market stays
        for market in mission.market_ids:
            if market in data.markets:
                first.setdefault(market, mission)
    found = []
    for market, mission in first.items():
        if period.holds(mission.start_date):
            assert mission.start_date is not None
            found.append(
                Evidence(
                    "markets",
                    "market",
                    data.markets[market].id,
                    data.markets[market].name or "",
                    mission.start_date,
                    mission=mission.name or "",
                    sme=_names(data, smes_of(mission)),
                    market=data.markets[market].name or "",
                )
            )
    return sorted(found, key=lambda e: (e.day, e.record.casefold()))


def _agreements(
    leads: list[Lead], period: Period, data: _Data, rates: Reporting, zone: ZoneInfo
) -> list[Evidence]:
    from smartgrowth_desktop.core.formatting import money

    found = []
    missions = {m.id: m for m in data.missions}
    for lead in leads:
        moment = data.agreed_on.get(lead.id) or lead.created_at
        day = moment.astimezone(zone).date()
        if not period.holds(day):
            continue
        mission = missions.get(lead.mission_id) if lead.mission_id else None
        amount = parse_amount(lead.value)
        converted = rates.convert(amount, lead.currency)
        found.append(
            Evidence(
                "agreements",
                "lead",
                lead.id,
                lead.title or "(untitled lead)",
                day,
                mission=mission.name or "" if mission is not None else "",
                sme=_names(data, [str(lead.sme_id)]) if lead.sme_id else "",
                counterpart=(
                    _names(data, [str(lead.organization_id)]) if lead.organization_id else ""
                ),
                kind=lead.kind or "",
                documents=tuple(data.documents.get(lead.id, ())),
                value=money(amount, lead.currency) if amount is not None else "no value",
                converted=(
                    money(round(converted.value, 2), converted.currency)
                    if converted.value is not None
                    else converted.problem
                ),
            )
        )
    return sorted(found, key=lambda e: (e.day, e.record.casefold()))
