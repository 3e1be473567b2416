"""What the pipeline board shows, read in the worker: cards per stage, counts and totals.

Each column holds at most ``cap`` cards (the most recently updated); counts and value
totals always cover every lead of the stage, so a 10,000-lead profile stays quick.
Qt-free: plain dataclasses and one short read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, Float, RowMapping, case, cast, func, select

from smartgrowth_desktop.core.models import Lead, Organization
from smartgrowth_desktop.core.schema import LEAD_STAGES
from smartgrowth_desktop.services.currency import Conversion, Reporting, parse_amount, reporting
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
    converted: Conversion | None = None  # the value in the reporting currency, or why not


@dataclass
class StageSummary:
    """How many leads a stage holds and their value, per currency (and how many have no
    value); ``reporting`` converts the totals into one currency."""

    count: int = 0
    totals: dict[str, float] = field(default_factory=dict)
    without_value: int = 0
    reporting: Reporting | None = None

    def add(self, card: LeadCard, sign: int = 1) -> None:
        """Count ``card`` in (or, with ``sign=-1``, out of) the stage."""
        self.count += sign
        if card.amount is not None:
            key = card.currency or ""
            self.totals[key] = self.totals.get(key, 0.0) + sign * card.amount
        else:
            self.without_value += sign

    @property
    def reporting_currency(self) -> str:
        return self.reporting.currency if self.reporting is not None else ""

    def converted(self) -> tuple[Decimal | None, list[str]]:
        """The stage's value in the reporting currency (None without a reporting currency
        or any value) and what could not be converted ("no SEK→VND rate")."""
        if self.reporting is None:
            return None, []
        total: Decimal | None = None
        problems = []
        for currency, amount in sorted(self.totals.items()):
            if not amount:
                continue
            found = self.reporting.convert(Decimal(str(amount)), currency)
            if found.value is None:
                problems.append(found.problem)
            else:
                total = (total or Decimal(0)) + found.value
        return total, problems


@dataclass
class PipelineSnapshot:
    """Cards and summaries of every stage."""

    cards: dict[str, list[LeadCard]]
    summaries: dict[str, StageSummary]
    reporting: Reporting | None = None


def load_pipeline(profile: Profile, cap: int = DEFAULT_CAP) -> PipelineSnapshot:
    """Read the board: the ``cap`` most recently updated leads of each stage, and totals."""
    live = Lead.deleted_at.is_(None)
    rates = reporting(profile)
    summaries = {stage: StageSummary(reporting=rates) for stage in LEAD_STAGES}
    cards: dict[str, list[LeadCard]] = {}
    no_value = func.coalesce(Lead.value, "") == ""
    totals = (
        select(
            Lead.stage,
            Lead.currency,
            func.count(),
            func.total(cast(Lead.value, Float)),
            func.total(case((no_value, 1), else_=0)),
        )
        .where(live)
        .group_by(Lead.stage, Lead.currency)
    )
    with profile.database.connection() as conn:
        for stage, currency, count, total, empty in conn.execute(totals):
            summary = summaries.get(stage)
            if summary is not None:
                summary.count += count
                summary.without_value += int(empty)
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
        cards[stage] = [_card(row, names, rates) for row in rows if row["stage"] == stage]
    return PipelineSnapshot(cards, summaries, rates)


def _organization_names(conn: Connection, rows: list[RowMapping]) -> dict[uuid.UUID, str]:
    ids = {r[k] for r in rows for k in ("sme_id", "organization_id") if r[k]}
    if not ids:
        return {}
    query = select(Organization.id, Organization.name).where(Organization.id.in_(ids))
    return {i: n or "" for i, n in conn.execute(query)}


def _card(row: RowMapping, names: dict[uuid.UUID, str], rates: Reporting) -> LeadCard:
    value = row["value"]
    amount = parse_amount(value)
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
        converted=rates.convert(amount, row["currency"]),
    )
