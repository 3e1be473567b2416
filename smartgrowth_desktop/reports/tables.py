"""The data tables: leads (in a brief and the pipeline) and the mission's contact sheet."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph, Table

from smartgrowth_desktop.core import labels
from smartgrowth_desktop.reports import text
from smartgrowth_desktop.reports.blocks import amount, grid
from smartgrowth_desktop.reports.cards import line_texts, name_line
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.model import PackContact, PackLead


def stage_label(stage: str) -> str:
    """How a lead stage reads (``core/labels.py``): "mou" → "MoU / letter of intent"."""
    return labels.stage_label(text.clean(stage))


def _lead_cells(ctx: Context, lead: PackLead) -> list[Flowable]:
    s = ctx.styles
    title = f"<b>{text.markup(lead.title)}</b>"
    if lead.kind:
        title += f"<br/>{text.markup(lead.kind.capitalize())}"
    open_lead = lead.stage not in ("agreement", "lost")
    chance = f"{lead.probability} % likely" if open_lead and lead.probability is not None else None
    value = text.joined(amount(lead.value, lead.currency), _converted(lead), chance, sep="\n")
    return [
        Paragraph(title, s.cell),
        Paragraph(text.joined(lead.sme, lead.organization, sep="\n"), s.cell),
        Paragraph(value, s.cell),
        Paragraph(text.markup(lead.next_step), s.cell),
    ]


def _converted(lead: PackLead) -> str | None:
    """ "≈ 10,921 EUR" beside a value in another currency, or why it has none."""
    if lead.conversion_problem and lead.conversion_problem != "no value":
        return lead.conversion_problem
    if lead.converted is None or text.clean(lead.currency).upper() == lead.converted_currency:
        return None
    return f"≈ {amount(str(round(lead.converted)), lead.converted_currency)}"


def leads_table(
    ctx: Context, leads: Sequence[PackLead], width: float, with_stage: bool = True
) -> Table | None:
    """Leads as a table: what, who (SME and counterpart), stage, value, next step."""
    if not leads:
        return None
    header = ["Lead", "SME and counterpart", "Value", "Next step"]
    shares = [0.31, 0.29, 0.17, 0.23]
    rows: list[list[Flowable | str]] = []
    for lead in leads:
        cells: list[Flowable | str] = list(_lead_cells(ctx, lead))
        if with_stage:
            cells.insert(2, Paragraph(text.markup(stage_label(lead.stage)), ctx.styles.cell))
        rows.append(cells)
    if with_stage:
        header.insert(2, "Stage")
        shares = [0.27, 0.25, 0.13, 0.15, 0.20]
    return grid(header, rows, [share * width for share in shares], ctx)


def contact_sheet_table(ctx: Context, contacts: Sequence[PackContact], width: float) -> Table:
    """Everyone on the mission's agenda: name, role, phone, e-mail and messengers."""
    s = ctx.styles
    shares = [0.25, 0.25, 0.16, 0.34]
    size, padding = s.cell.fontSize, 8  # the grid's left and right padding
    phone_width, reach_width = shares[2] * width - padding, shares[3] * width - padding
    rows: list[list[Flowable | str]] = []
    for contact in contacts:
        messengers = [  # as on the card: "WeChat liwei_gz"
            f"{text.markup(line.label)} "
            f"{line_texts(line, size, reach_width - text.width(line.label + ' ', size))}"
            for line in contact.lines
            if line.place == "handle"
        ]
        phones = [text.unbroken(phone, size, phone_width) for phone in contact.phones]
        emails = [text.unbroken(email, size, reach_width) for email in contact.emails]
        rows.append(
            [
                Paragraph(name_line(contact), s.cell_bold),
                Paragraph(text.joined(contact.title, contact.organization, sep="\n"), s.cell),
                Paragraph("<br/>".join(phones), s.cell),
                Paragraph("<br/>".join([*emails, *messengers]), s.cell),
            ]
        )
    header = ["Name", "Role and organization", "Phone", "E-mail and messengers"]
    return grid(header, rows, [share * width for share in shares], ctx)
