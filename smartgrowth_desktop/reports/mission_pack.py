"""The mission pack: cover, contents, itinerary, a brief per meeting, contact sheet, pipeline."""

from __future__ import annotations

from datetime import datetime, time

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from smartgrowth_desktop.reports import glyphs, text, when
from smartgrowth_desktop.reports.blocks import facts, long_text, section
from smartgrowth_desktop.reports.cards import country, sme_line
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.document import (
    COMPOSE_SHARE,
    CancelCheck,
    PackDocument,
    Progress,
    Reporter,
    render,
)
from smartgrowth_desktop.reports.flowables import Anchor, Heading, TocRow
from smartgrowth_desktop.reports.itinerary import itinerary
from smartgrowth_desktop.reports.meeting_brief import meeting_key, meeting_section, outline_title
from smartgrowth_desktop.reports.model import PackMarket, PackMission, PackOptions, Rendered
from smartgrowth_desktop.reports.pipeline import pipeline
from smartgrowth_desktop.reports.tables import contact_sheet_table

SECTIONS = (
    ("secItinerary", "Itinerary"),
    ("secMeetings", "Meeting briefs"),
    ("secContacts", "Contact sheet"),
    ("secPipeline", "Lead pipeline"),
)


def _moment(mission: PackMission) -> datetime:
    """Noon on the mission's first day (for the UTC offsets in force during it)."""
    first = mission.start_date or mission.end_date
    return datetime.combine(first, time(12)) if first else datetime.now().replace(tzinfo=None)


def _market(market: PackMarket, moment: datetime) -> str:
    name, region = text.clean(market.name), text.clean(market.region)
    where = [region if region and not region.startswith(name) else "", country(market.country)]
    if market.time_zone:
        local = moment.replace(tzinfo=when.zone(market.time_zone))
        where.append(f"local time {when.utc_offset(local)}")
    line = f"<b>{text.markup(name)}</b>"
    details = text.joined(*where)
    if details:
        line += f" · {details}"
    if market.focus_areas:
        areas = text.markup("Master-plan focus: " + ", ".join(market.focus_areas))
        line += f"<br/><font color='#5b6776'>{areas}</font>"
    return line


def cover(ctx: Context, mission: PackMission, width: float) -> list[Flowable]:
    """Mission, dates, markets, delegates and the travelling SMEs."""
    s = ctx.styles
    moment = _moment(mission)
    home = moment.replace(tzinfo=ctx.home)
    dates = when.date_range(mission.start_date, mission.end_date)
    places = ", ".join(text.clean(m.name) for m in mission.markets)
    organizations = {org.id for m in mission.meetings for org in m.counterparts}
    meetings = f"{len(mission.meetings)} meeting" + ("" if len(mission.meetings) == 1 else "s")
    if organizations:
        meetings += f" with {len(organizations)} organization" + "s" * (len(organizations) > 1)
    story: list[Flowable] = [
        Anchor("secCover", "Cover"),
        Spacer(0, 30),
        Paragraph("EXPORT MISSION BRIEFING PACK", s.kicker),
        Paragraph(text.markup(mission.name) or "Mission", s.title),
        Paragraph(text.joined(dates, places, sep="  ·  "), s.subtitle),
    ]
    table = facts(
        ctx,
        [
            ("Markets", "<br/>".join(_market(m, moment) for m in mission.markets)),
            ("Delegates", text.markup(", ".join(mission.delegates))),
            ("Agenda", text.markup(meetings)),
            ("Home time", text.markup(f"{ctx.home_name}, {when.utc_offset(home)}")),
        ],
        width,
    )
    story += [table] if table else []
    if mission.smes:
        story.append(section(ctx, f"Travelling SMEs ({len(mission.smes)})"))
        for sme in mission.smes:
            story += [*sme_line(ctx, sme), Spacer(0, 4)]
    if mission.notes:
        story += [section(ctx, "About this mission"), *long_text(ctx, mission.notes)]
    story.append(Spacer(0, 10))
    story.append(Paragraph(text.markup(_prepared(ctx)), s.tiny))
    return story


def _prepared(ctx: Context) -> str:
    made = ctx.options.generated_at or datetime.now(ctx.home)
    made = made.astimezone(ctx.home)
    who = f" by {text.clean(ctx.options.author)}" if text.clean(ctx.options.author) else ""
    return f"Prepared{who} on {when.day(made.date())} at {when.clock(made)} ({ctx.home_name})."


def contents(ctx: Context, mission: PackMission) -> list[Flowable]:
    """The clickable table of contents (page numbers filled in as the pages are laid out)."""
    s = ctx.styles
    story: list[Flowable] = [Heading("Contents", s.h1, "secContents", "Contents"), Spacer(0, 6)]
    for key, title in SECTIONS:
        if key == "secMeetings":
            if not mission.meetings:
                continue
            story.append(TocRow(title, s.toc0, meeting_key(mission.meetings[0])))
            story += [
                TocRow(text.markup(outline_title(m)), s.toc1, meeting_key(m))
                for m in mission.meetings
            ]
        else:
            story.append(TocRow(title, s.toc0, key))
    return story


def compose_mission(
    ctx: Context, mission: PackMission, doc: PackDocument, reporter: Reporter
) -> list[Flowable]:
    """The whole story of a mission pack."""
    s, width = ctx.styles, doc.body_width
    story = [*cover(ctx, mission, width), PageBreak(), *contents(ctx, mission)]
    story += [PageBreak(), Heading("Itinerary", s.h1, "secItinerary", "Itinerary")]
    story += itinerary(ctx, mission.meetings, width)
    for index, meeting in enumerate(mission.meetings):
        reporter.report(COMPOSE_SHARE * index / len(mission.meetings), "preparing the briefs")
        story.append(PageBreak())
        if index == 0:
            story.append(Anchor("secMeetings", "Meeting briefs"))
        story += meeting_section(ctx, meeting, width, level=1)
    story += [PageBreak(), Heading("Contact sheet", s.h1, "secContacts", "Contact sheet")]
    if mission.contacts:
        count = f"{len(mission.contacts)} people on this mission's agenda."
        story += [Paragraph(text.markup(count), s.muted), Spacer(0, 6)]
        story.append(contact_sheet_table(ctx, mission.contacts, width))
    else:
        story.append(Paragraph("Nobody is on this mission's agenda yet.", s.body))
    story += [PageBreak(), Heading("Lead pipeline", s.h1, "secPipeline", "Lead pipeline")]
    return story + pipeline(ctx, mission.leads, width)


def build_mission_pack(
    mission: PackMission,
    options: PackOptions,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Rendered:
    """The mission pack as PDF bytes."""
    ctx = Context.create(options)
    glyphs.check_pack(mission, options, ctx.warn)
    return render(
        lambda doc, reporter: compose_mission(ctx, mission, doc, reporter),
        ctx,
        footer=mission.name,
        title=f"Briefing pack: {text.clean(mission.name)}",
        subject=" · ".join(
            part
            for part in (
                "Export mission briefing",
                when.date_range(mission.start_date, mission.end_date),
                ", ".join(text.clean(m.name) for m in mission.markets),
            )
            if part
        ),
        progress=progress,
        cancelled=cancelled,
    )
