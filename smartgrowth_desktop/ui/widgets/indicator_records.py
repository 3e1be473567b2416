"""The records behind an indicator, described for a list (read in the worker, Qt-free)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartgrowth_desktop.core.models import Lead, Market, Mission, Organization
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.ui.widgets.formatting import money, short_date, stage_label

KIND_OF = {"missions": "mission", "smes": "organization", "markets": "market", "agreements": "lead"}


@dataclass(frozen=True)
class Entry:
    """One record in the list behind a number."""

    kind: str
    id: uuid.UUID
    title: str
    subtitle: str
    aside: str = ""


def describe(profile: Profile, key: str, record_ids: tuple[str, ...]) -> list[Entry]:
    """Titles and one-line summaries of ``record_ids`` (the records behind ``key``)."""
    ids = [uuid.UUID(i) for i in record_ids]
    if not ids:
        return []
    with profile.database.read() as session:
        if key == "missions":
            return _missions(session, ids)
        if key == "markets":
            return _markets(session, ids)
        if key == "agreements":
            return _leads(session, ids)
        return _organizations(session, ids)


def _names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    query = select(Organization.id, Organization.name).where(Organization.id.in_(ids))
    return {i: n or "" for i, n in session.execute(query)}


def _missions(session: Session, ids: list[uuid.UUID]) -> list[Entry]:
    missions = session.scalars(
        select(Mission).where(Mission.id.in_(ids)).order_by(Mission.start_date)
    )
    markets = {str(i): n for i, n in session.execute(select(Market.id, Market.name))}
    entries = []
    for mission in missions:
        places = ", ".join(markets.get(m) or "" for m in mission.market_ids)
        smes = f"{len(mission.sme_ids)} SMEs"
        when = short_date(mission.start_date) if mission.start_date else ""
        entries.append(Entry("mission", mission.id, mission.name or "", f"{places} · {smes}", when))
    return entries


def _markets(session: Session, ids: list[uuid.UUID]) -> list[Entry]:
    query = select(Market).where(Market.id.in_(ids)).order_by(Market.name)
    return [
        Entry(
            "market",
            m.id,
            m.name or "",
            " · ".join(p for p in (m.region, m.country, m.time_zone) if p),
        )
        for m in session.scalars(query)
    ]


def _organizations(session: Session, ids: list[uuid.UUID]) -> list[Entry]:
    query = select(Organization).where(Organization.id.in_(ids)).order_by(Organization.name)
    entries = []
    for org in session.scalars(query):
        areas = ", ".join(org.solution_areas[:3])
        entries.append(Entry("organization", org.id, org.name or "", areas, org.country or ""))
    return entries


def _leads(session: Session, ids: list[uuid.UUID]) -> list[Entry]:
    leads = list(session.scalars(select(Lead).where(Lead.id.in_(ids)).order_by(Lead.title)))
    names = _names(session, {i for lead in leads for i in (lead.sme_id, lead.organization_id) if i})
    entries = []
    for lead in leads:
        parties = " → ".join(
            names.get(i, "") for i in (lead.sme_id, lead.organization_id) if i is not None
        )
        amount = float(lead.value) if lead.value else None
        subtitle = " · ".join(p for p in (parties, money(amount, lead.currency)) if p)
        aside = (lead.kind or "").capitalize() or stage_label(lead.stage)
        entries.append(Entry("lead", lead.id, lead.title or "", subtitle, aside))
    return entries
