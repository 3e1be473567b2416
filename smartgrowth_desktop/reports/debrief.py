"""The mission debrief as PDF, in the briefing pack's typography: a summary, the meetings
attended (who was met, the notes, their follow-ups), the leads opened or moved during the
mission, and every open follow-up with its owner and due date."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from smartgrowth_desktop.reports import glyphs, text, when
from smartgrowth_desktop.reports.blocks import amount, facts, grid, long_text, section
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.debrief_model import (
    Debrief,
    DebriefFollowUp,
    DebriefLead,
    DebriefMeeting,
    DebriefPerson,
)
from smartgrowth_desktop.reports.document import (
    CancelCheck,
    PackDocument,
    Progress,
    Reporter,
    render,
)
from smartgrowth_desktop.reports.flowables import Heading
from smartgrowth_desktop.reports.model import PackOptions, Rendered
from smartgrowth_desktop.reports.tables import stage_label

NO_MEETINGS = "No meetings were recorded for this mission."
NO_LEADS = "No lead was opened or moved during the mission's dates."
NO_FOLLOW_UPS = "No follow-up is open."


def plural(count: int, noun: str) -> str:
    """ "1 meeting", "3 meetings"."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def summary_line(debrief: Debrief) -> str:
    """ "12 meetings · 23 people met · 5 leads opened or moved · 9 open follow-ups"."""
    return " · ".join(
        (
            plural(len(debrief.meetings), "meeting"),
            f"{plural(debrief.people_met, 'person').replace('persons', 'people')} met",
            f"{plural(len(debrief.leads), 'lead')} opened or moved",
            f"{plural(len(debrief.follow_ups), 'open follow-up')}",
        )
    )


def when_text(meeting: DebriefMeeting) -> str:
    """ "Tue 14 Oct 2026, 09:00–10:00 (Ho Chi Minh, UTC+07:00)" in the meeting's local time."""
    if meeting.starts_at is None:
        return "Time not set"
    zone = when.zone(meeting.time_zone)
    start = meeting.starts_at.astimezone(zone)
    span = when.span(meeting.starts_at, meeting.ends_at, zone)
    where = f"{when.city(meeting.time_zone)}, {when.utc_offset(start)}"
    return f"{when.day(start.date())}, {span} ({where})"


def person_text(person: DebriefPerson) -> str:
    """ "张晓燕 (Zhang Xiaoyan), Deputy Director, Guangzhou Smart City Office"."""
    name = f"{person.name} ({person.romanized})" if person.romanized else person.name
    return ", ".join(t for t in (name, person.title, person.organization) if t)


def follow_up_detail(item: DebriefFollowUp) -> str:
    """ "Karin Lindqvist · due 21 Nov 2026"."""
    due = f"due {when.short_date(item.due_date)}" if item.due_date else "no due date"
    return " · ".join(t for t in (item.owner or "no owner", due) if t)


def moves_text(lead: DebriefLead) -> str:
    """ "Opened 12 Nov: Identified; 21 Nov: Contacted"."""
    parts = []
    for index, move in enumerate(lead.moves):
        day = when.short_date(move.changed_at.date())
        verb = "Opened " if index == 0 and lead.opened else ""
        parts.append(f"{verb}{day}: {stage_label(move.stage)}")
    return "; ".join(parts)


def _meeting(ctx: Context, meeting: DebriefMeeting, index: int) -> list[Flowable]:
    s = ctx.styles
    story: list[Flowable] = [
        Heading(text.markup(meeting.title), s.h2, f"meeting{index}", meeting.title, 1),
        Paragraph(text.markup(when_text(meeting)), s.small),
    ]
    if meeting.location:
        story.append(Paragraph(text.markup(meeting.location), s.muted))
    if meeting.counterparts:
        story.append(
            Paragraph(f"<b>With</b> {text.markup(', '.join(meeting.counterparts))}", s.small)
        )
    if meeting.smes:
        story.append(Paragraph(f"<b>SMEs</b> {text.markup(', '.join(meeting.smes))}", s.small))
    story = [KeepTogether(story), Spacer(0, 3)]  # never a heading alone at a page's foot
    if meeting.met:
        story.append(Paragraph("Who was met", s.h3))
        story += [
            Paragraph(text.markup(person_text(p)), s.bullet, bulletText="•") for p in meeting.met
        ]
    if text.clean(meeting.notes):
        story += [Paragraph("Notes", s.h3), *long_text(ctx, meeting.notes)]
    else:
        story.append(Paragraph("No notes were taken.", s.muted))
    if meeting.follow_ups:
        story.append(Paragraph("Open follow-ups", s.h3))
        for item in meeting.follow_ups:
            detail = text.markup(follow_up_detail(item))
            line = f"{text.markup(item.text)}  <font color='#5b6776'>{detail}</font>"
            story.append(Paragraph(line, s.check, bulletText="□"))
    return story


def _leads(ctx: Context, debrief: Debrief, width: float) -> list[Flowable]:
    s = ctx.styles
    if not debrief.leads:
        return [Paragraph(NO_LEADS, s.body)]
    rows = []
    for lead in debrief.leads:
        who = text.joined(lead.organization, lead.sme)
        head = f"<b>{text.markup(lead.title)}</b>" + (f"<br/>{who}" if who else "")
        if lead.next_step:
            head += f"<br/><font color='#5b6776'>Next: {text.markup(lead.next_step)}</font>"
        rows.append(
            [
                Paragraph(head, s.cell),
                Paragraph(text.markup(stage_label(lead.stage)), s.cell),
                Paragraph(text.markup(moves_text(lead)), s.cell),
                Paragraph(text.markup(amount(lead.value, lead.currency)), s.cell),
            ]
        )
    widths = [0.4 * width, 0.15 * width, 0.27 * width, 0.18 * width]
    return [grid(["Lead", "Stage now", "During the mission", "Value"], rows, widths, ctx)]


def _follow_ups(ctx: Context, debrief: Debrief, width: float) -> list[Flowable]:
    s = ctx.styles
    if not debrief.follow_ups:
        return [Paragraph(NO_FOLLOW_UPS, s.body)]
    rows = [
        [
            Paragraph(text.markup(when.short_date(f.due_date) if f.due_date else "—"), s.cell),
            Paragraph(text.markup(f.text), s.cell),
            Paragraph(text.markup(f.owner or "—"), s.cell),
            Paragraph(text.markup(f.source or ""), s.cell),
        ]
        for f in debrief.follow_ups
    ]
    widths = [0.13 * width, 0.45 * width, 0.17 * width, 0.25 * width]
    return [grid(["Due", "Follow-up", "Owner", "From"], rows, widths, ctx)]


def _prepared(ctx: Context) -> str:
    made = (ctx.options.generated_at or datetime.now(ctx.home)).astimezone(ctx.home)
    who = f" by {text.clean(ctx.options.author)}" if text.clean(ctx.options.author) else ""
    return f"Prepared{who} on {when.day(made.date())} at {when.clock(made)} ({ctx.home_name})."


def compose_debrief(
    ctx: Context, debrief: Debrief, doc: PackDocument, reporter: Reporter
) -> list[Flowable]:
    """The whole story of a debrief."""
    s, width = ctx.styles, doc.body_width
    kicker = f"SME DEBRIEF · {text.markup(debrief.sme)}" if debrief.sme else "MISSION DEBRIEF"
    dates = when.date_range(debrief.start_date, debrief.end_date)
    story: list[Flowable] = [
        Paragraph(kicker, s.kicker),
        Heading(text.markup(debrief.name), s.title, "debrief", debrief.title),
        Paragraph(text.joined(dates, ", ".join(debrief.markets), sep="  ·  "), s.subtitle),
    ]
    table = facts(
        ctx,
        [
            ("Delegates", text.markup(", ".join(debrief.delegates))),
            ("Travelling SMEs", text.markup(", ".join(debrief.smes))),
            ("In short", text.markup(summary_line(debrief))),
        ],
        width,
    )
    story += [table] if table else []
    if debrief.notes:
        story += [section(ctx, "About this mission"), *long_text(ctx, debrief.notes)]
    story.append(Spacer(0, 12))
    story.append(Heading("Meetings attended", s.h1, "secMeetings", "Meetings attended"))
    if not debrief.meetings:
        story.append(Paragraph(NO_MEETINGS, s.body))
    for index, meeting in enumerate(debrief.meetings):
        reporter.report(0.3 * index / len(debrief.meetings), "writing the meetings")
        story += _meeting(ctx, meeting, index)
    story.append(Spacer(0, 8))
    story.append(Heading("Leads opened or moved", s.h1, "secLeads", "Leads opened or moved"))
    if debrief.window:
        span = when.date_range(*debrief.window)
        story.append(Paragraph(text.markup(f"Stage history between {span}."), s.muted))
    story += _leads(ctx, debrief, width)
    story.append(Spacer(0, 8))
    story.append(Heading("Open follow-ups", s.h1, "secFollowUps", "Open follow-ups"))
    story += _follow_ups(ctx, debrief, width)
    story += [Spacer(0, 10), Paragraph(text.markup(_prepared(ctx)), s.tiny)]
    return story


def build_debrief(
    debrief: Debrief,
    options: PackOptions,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Rendered:
    """The debrief as PDF bytes."""
    ctx = Context.create(options)
    glyphs.check_pack(debrief, options, ctx.warn)
    return render(
        lambda doc, reporter: compose_debrief(ctx, debrief, doc, reporter),
        ctx,
        footer=debrief.title,
        title=debrief.title,
        subject=" · ".join(
            p
            for p in ("Mission debrief", when.date_range(debrief.start_date, debrief.end_date))
            if p
        ),
        progress=progress,
        cancelled=cancelled,
    )
