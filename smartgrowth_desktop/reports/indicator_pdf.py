"""The programme report as PDF: the period's figures per partner as a bar chart and a
table, then every counted record (its evidence), in the packs' typography and fonts."""

from __future__ import annotations

import uuid

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import Color, HexColor
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from smartgrowth_desktop.reports import text
from smartgrowth_desktop.reports.blocks import grid
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.document import PackDocument, Reporter, render
from smartgrowth_desktop.reports.flowables import Heading
from smartgrowth_desktop.reports.fonts import SANS, SANS_BOLD
from smartgrowth_desktop.reports.indicator_model import INDICATORS, Evidence, ProgrammeReport
from smartgrowth_desktop.reports.model import PackOptions, Rendered
from smartgrowth_desktop.reports.styles import INK, MUTED, RULE

SHORT = {
    "missions": "Missions held",
    "smes": "SMEs abroad",
    "markets": "New markets",
    "agreements": "Agreements, pilots",
}
PALETTE = ("#1f6f78", "#d08c2e", "#6b8fbf", "#8a6bbf", "#5b9a5b", "#bf6b6b", "#8a95a3")
SHARED_NOTE = (
    "A mission or a market shared by several partners counts once for the programme and "
    "once for each partner whose SMEs took part."
)


def build_indicator_report(report: ProgrammeReport, options: PackOptions) -> Rendered:
    """The report as PDF bytes."""
    ctx = Context.create(options)
    scope = "all partners" if len(report.scopes) > 1 else report.scopes[0].name
    return render(
        lambda doc, reporter: compose(ctx, report, doc, reporter),
        ctx,
        footer=f"Programme indicators · {report.period.label} · {scope}",
        title=f"Programme indicators {report.period.label}",
        subject=f"4SmartGrowth programme indicators, {report.period.said}, {scope}",
    )


def compose(
    ctx: Context, report: ProgrammeReport, doc: PackDocument, reporter: Reporter
) -> list[Flowable]:
    """Title, chart, summary table, then the evidence of each indicator."""
    s, width = ctx.styles, doc.body_width
    who = "All partners" if len(report.scopes) > 1 else report.scopes[0].name
    story: list[Flowable] = [
        Paragraph("4SMARTGROWTH · PROGRAMME REPORT", s.kicker),
        Heading(
            text.markup(f"Programme indicators, {report.period.label}"), s.title, "top", "Summary"
        ),
        Paragraph(
            text.joined(report.period.said, who, f"counted on {report.today:%-d %B %Y}"), s.subtitle
        ),
        chart(report, width),
        Spacer(0, 10),
        summary_table(ctx, report, width),
        Paragraph(text.markup(SHARED_NOTE), s.muted),
    ]
    reporter.report(0.1, "the evidence")
    for key, label, _low, _high in INDICATORS:
        story.extend(_evidence_section(ctx, report, key, label, width))
    if report.rates_note:
        story.append(Spacer(0, 8))
        story.append(Paragraph(text.markup(report.rates_note), s.muted))
    return story


def chart(report: ProgrammeReport, width: float) -> Drawing:
    """Grouped bars: an indicator per group, a bar per scope (programme, partners)."""
    height = 190.0
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = 30, 42
    bars.width, bars.height = int(width - 40), int(height - 62)
    bars.data = [[scope.value(k) for k, *_ in INDICATORS] for scope in report.scopes]
    top = max([1, *(v for row in bars.data for v in row)])
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = top + max(1, top // 8)
    bars.valueAxis.valueStep = max(1, (top + 5) // 6)
    bars.valueAxis.labels.fontName = SANS
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.strokeColor = RULE
    bars.valueAxis.visibleGrid = True
    bars.valueAxis.gridStrokeColor = RULE
    bars.categoryAxis.categoryNames = [SHORT[k] for k, *_ in INDICATORS]
    bars.categoryAxis.labels.fontName = SANS
    bars.categoryAxis.labels.fontSize = 8
    bars.categoryAxis.labels.fillColor = INK
    bars.categoryAxis.strokeColor = RULE
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = SANS_BOLD
    bars.barLabels.fontSize = 7
    bars.barLabels.nudge = 6
    bars.groupSpacing, bars.barSpacing = 14, 2
    for n, _scope in enumerate(report.scopes):
        bars.bars[n].fillColor = _colour(n)
        bars.bars[n].strokeColor = None
    drawing.add(bars)
    drawing.add(_legend(report, width))
    drawing.add(
        String(0, height - 10, "Records counted", fontName=SANS, fontSize=7, fillColor=MUTED)
    )
    return drawing


def _colour(n: int) -> Color:
    return HexColor(PALETTE[n % len(PALETTE)])


def _legend(report: ProgrammeReport, width: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = 30, 12
    legend.alignment = "right"
    legend.boxAnchor = "w"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = SANS, 7.5
    legend.dxTextSpace, legend.dx, legend.dy = 4, 7, 7
    legend.deltax = int(max(80, (width - 40) / max(1, len(report.scopes))))
    legend.colorNamePairs = [
        (_colour(n), text.clean(scope.name)) for n, scope in enumerate(report.scopes)
    ]
    return legend


def summary_table(ctx: Context, report: ProgrammeReport, width: float) -> Flowable:
    """Each indicator: the programme's target and the figure of every scope."""
    s = ctx.styles
    header = ["Indicator", "Programme target", *(text.clean(scope.name) for scope in report.scopes)]
    rows: list[list[Flowable | str]] = []
    for key, label, low, high in INDICATORS:
        target = str(low) if low == high else f"{low}–{high}"
        rows.append(
            [
                Paragraph(text.markup(label), s.cell_bold),
                Paragraph(target, s.cell),
                *(Paragraph(str(scope.value(key)), s.cell_bold) for scope in report.scopes),
            ]
        )
    first, second = 0.3 * width, 0.14 * width
    rest = (width - first - second) / max(1, len(report.scopes))
    return grid(header, rows, [first, second, *([rest] * len(report.scopes))], ctx)


def _evidence_section(
    ctx: Context, report: ProgrammeReport, key: str, label: str, width: float
) -> list[Flowable]:
    s = ctx.styles
    main = report.scopes[0]
    items = main.evidence.get(key, [])
    heading = Heading(
        text.markup(f"{label}: {len(items)}"), s.h2, f"ind-{key}", f"{label}: {len(items)}", 1
    )
    if not items:
        return [heading, Paragraph("Nothing counts toward this indicator in the period.", s.body)]
    partners_of = _partners_of(report, key) if len(report.scopes) > 1 else {}
    rows = [_evidence_row(ctx, key, item, partners_of.get(item.record_id, "")) for item in items]
    shares = [0.12, 0.34, 0.36, 0.18] if partners_of else [0.12, 0.4, 0.48]
    header = ["Date", "Record", "Details"] + (["Counts for"] if partners_of else [])
    table = grid(header, rows, [share * width for share in shares], ctx)
    return [KeepTogether([heading, table])] if len(items) < 8 else [heading, table]


def _partners_of(report: ProgrammeReport, key: str) -> dict[uuid.UUID, str]:
    found: dict[uuid.UUID, list[str]] = {}
    for scope in report.scopes[1:]:
        for item in scope.evidence.get(key, []):
            found.setdefault(item.record_id, []).append(scope.name)
    return {record: ", ".join(names) for record, names in found.items()}


def _evidence_row(ctx: Context, key: str, item: Evidence, partners: str) -> list[Flowable | str]:
    s = ctx.styles
    record = f"<b>{text.markup(item.record)}</b>"
    if item.kind:
        record += f"<br/>{text.markup(item.kind.capitalize())}"
    lines = _details(key, item)
    details = "<br/>".join(
        f"<font color='#5b6776'>{text.markup(name)}</font> {text.markup(value)}"
        for name, value in lines
        if value
    )
    row: list[Flowable | str] = [
        Paragraph(item.day.isoformat(), s.cell),
        Paragraph(record, s.cell),
        Paragraph(details, s.cell),
    ]
    if partners:
        row.append(Paragraph(text.markup(partners), s.cell))
    return row


def _details(key: str, item: Evidence) -> list[tuple[str, str]]:
    if key == "missions":
        return [("Markets", item.market), ("SMEs", item.sme)]
    if key == "agreements":
        documents = "; ".join(item.documents) or "none attached"
        value = item.value
        if item.converted and item.converted != item.value:
            approx = "≈ " if item.converted[:1].isdigit() else ""
            value = f"{value} ({approx}{item.converted})"
        return [
            ("SME", item.sme),
            ("Counterpart", item.counterpart),
            ("Mission", item.mission),
            ("Document", documents),
            ("Value", value),
        ]
    if key == "smes":
        return [("Mission", item.mission), ("Markets", item.market)]
    return [("Mission", item.mission), ("SMEs", item.sme)]
