"""What the pipeline board shows, read in the worker: cards per stage, counts and totals.

Each column holds at most ``cap`` cards (the most recently updated); counts and value
totals always cover every lead of the stage, so a 10,000-lead profile stays quick.
Qt-free: plain dataclasses and one short read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, Float, RowMapping, cast, func, select

from smartgrowth_desktop.core.models import Lead, Organization
from smartgrowth_desktop.core.schema import LEAD_STAGES
from smartgrowth_desktop.services.profile import Profile

DEFAULT_CAP = 200


@dataclass(frozen=True)
class LeadCard:
    """One lead as a card shows it."""

    id: uuid.UUID
    title: str
    stage: str
    kind: str
    sme: str
    counterpart: str
    amount: float | None
    currency: str | None
    next_step: str
    probability: int | None
    updated_at: datetime | None = None


@dataclass
class StageSummary:
    """How many leads a stage holds and their value, per currency."""

    count: int = 0
    totals: dict[str, float] = field(default_factory=dict)

    def add(self, card: LeadCard, sign: int = 1) -> None:
        """Count ``card`` in (or, with ``sign=-1``, out of) the stage."""
        self.count += sign
        if card.amount is not None:
            key = card.currency or ""
            self.totals[key] = self.totals.get(key, 0.0) + sign * card.amount


@dataclass
class PipelineSnapshot:
    """Cards and summaries of every stage."""

    cards: dict[str, list[LeadCard]]
    summaries: dict[str, StageSummary]


def load_pipeline(profile: Profile, cap: int = DEFAULT_CAP) -> PipelineSnapshot:
    """Read the board: the ``cap`` most recently updated leads of each stage, and totals."""
    live = Lead.deleted_at.is_(None)
    summaries = {stage: StageSummary() for stage in LEAD_STAGES}
    cards: dict[str, list[LeadCard]] = {}
    totals = (
        select(Lead.stage, Lead.currency, func.count(), func.total(cast(Lead.value, Float)))
        .where(live)
        .group_by(Lead.stage, Lead.currency)
    )
    with profile.database.connection() as conn:
        for stage, currency, count, total in conn.execute(totals):
            summary = summaries.get(stage)
            if summary is not None:
                summary.count += count
                if total:
                    summary.totals[currency or ""] = summary.totals.get(currency or "", 0) + total
        rows: list[RowMapping] = []
        for stage in LEAD_STAGES:
            query = (
                select(Lead)
                .where(live, Lead.stage == stage)
                .order_by(Lead.updated_at.desc(), Lead.id)
                .limit(cap)
            )
            rows.extend(conn.execute(query).mappings().all())
        names = _organization_names(conn, rows)
    for stage in LEAD_STAGES:
        cards[stage] = [_card(row, names) for row in rows if row["stage"] == stage]
    return PipelineSnapshot(cards, summaries)


def _organization_names(conn: Connection, rows: list[RowMapping]) -> dict[uuid.UUID, str]:
    ids = {r[k] for r in rows for k in ("sme_id", "organization_id") if r[k]}
    if not ids:
        return {}
    query = select(Organization.id, Organization.name).where(Organization.id.in_(ids))
    return {i: n or "" for i, n in conn.execute(query)}


def _card(row: RowMapping, names: dict[uuid.UUID, str]) -> LeadCard:
    value = row["value"]
    return LeadCard(
        id=row["id"],
        title=row["title"] or "(untitled lead)",
        stage=row["stage"],
        kind=row["kind"] or "",
        sme=names.get(row["sme_id"], ""),
        counterpart=names.get(row["organization_id"], ""),
        amount=float(value) if value not in (None, "") else None,
        currency=row["currency"],
        next_step=row["next_step"] or "",
        probability=row["probability"],
        updated_at=row["updated_at"],
    )
