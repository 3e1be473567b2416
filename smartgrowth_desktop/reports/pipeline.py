"""The lead pipeline by stage: a summary row per stage, then each stage's leads."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from smartgrowth_desktop.core.labels import LEAD_STAGES
from smartgrowth_desktop.reports import text
from smartgrowth_desktop.reports.blocks import amount, grid
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.model import PackLead
from smartgrowth_desktop.reports.tables import leads_table, stage_label


def stage_order(leads: Sequence[PackLead]) -> list[str]:
    """The stages in pipeline order (unknown stages after the known ones)."""
    known = [stage for stage in LEAD_STAGES if any(lead.stage == stage for lead in leads)]
    others = sorted({lead.stage for lead in leads} - set(LEAD_STAGES))
    return known + others


def totals(leads: Sequence[PackLead]) -> str:
    """The summed value per currency: "1,200,000 EUR, 8,000,000 CNY"."""
    sums: dict[str, Decimal] = {}
    for lead in leads:
        try:
            value = Decimal(text.clean(lead.value))
        except InvalidOperation:
            continue
        if not value.is_finite():
            continue
        currency = text.clean(lead.currency) or "?"
        sums[currency] = sums.get(currency, Decimal(0)) + value
    return ", ".join(amount(str(v), c) for c, v in sorted(sums.items()))


def converted_total(leads: Sequence[PackLead]) -> str:
    """ "≈ 1,450,000 EUR in all", what could not be converted, how many have no value."""
    valued = [lead for lead in leads if lead.conversion_problem != "no value"]
    done = [lead.converted for lead in valued if lead.converted is not None]
    currency = next((lead.converted_currency for lead in leads if lead.converted_currency), "")
    parts = []
    own = {text.clean(lead.currency).upper() for lead in valued} - {currency}
    if done and own:
        parts.append(f"≈ {amount(str(sum(done)), currency)} in all")
    problems = sorted({lead.conversion_problem for lead in valued if lead.conversion_problem})
    parts.extend(problems)
    empty = len(leads) - len(valued)
    if empty:
        parts.append(f"{empty} without a value")
    return "\n".join(parts)


def pipeline(ctx: Context, leads: Sequence[PackLead], width: float) -> list[Flowable]:
    """The summary table and one table per stage."""
    s = ctx.styles
    if not leads:
        return [Paragraph("No leads are recorded for this mission yet.", s.body)]
    stages = stage_order(leads)
    rows: list[list[Flowable | str]] = []
    for stage in stages:
        in_stage = [lead for lead in leads if lead.stage == stage]
        rows.append(
            [
                Paragraph(text.markup(stage_label(stage)), s.cell_bold),
                Paragraph(str(len(in_stage)), s.cell),
                Paragraph(
                    text.joined(totals(in_stage), converted_total(in_stage), sep="\n"), s.cell
                ),
            ]
        )
    summary = grid(["Stage", "Leads", "Value"], rows, [0.3 * width, 0.1 * width, 0.6 * width], ctx)
    story: list[Flowable] = [summary]
    if ctx.options.rates_note:
        story.append(Paragraph(text.markup(ctx.options.rates_note), s.muted))
    for stage in stages:
        in_stage = [lead for lead in leads if lead.stage == stage]
        count = f"{len(in_stage)} lead" + ("" if len(in_stage) == 1 else "s")
        heading = Paragraph(text.markup(f"{stage_label(stage)}  ·  {count}"), s.h2)
        table = leads_table(ctx, in_stage, width, with_stage=False)
        story.append(KeepTogether([heading, table]) if table else heading)
    return story
