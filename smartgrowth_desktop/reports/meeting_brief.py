"""One meeting's brief: when and where, agenda, counterparts, attendees, SMEs, leads,
follow-ups, notes and earlier notes. A section of the mission pack, or a PDF of its own."""

from __future__ import annotations

import re

from reportlab.platypus import Flowable, Paragraph, Spacer

from smartgrowth_desktop.reports import glyphs, text, when
from smartgrowth_desktop.reports.blocks import long_text, section
from smartgrowth_desktop.reports.cards import card_grid, organization_profile, sme_line
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.document import (
    CancelCheck,
    PackDocument,
    Progress,
    Reporter,
    render,
)
from smartgrowth_desktop.reports.flowables import Heading
from smartgrowth_desktop.reports.model import (
    EarlierNote,
    PackMeeting,
    PackOptions,
    PackOrganization,
    Rendered,
)
from smartgrowth_desktop.reports.tables import leads_table


def meeting_key(meeting: PackMeeting) -> str:
    """The bookmark name of a meeting's brief."""
    return "m" + re.sub(r"[^0-9A-Za-z]", "", meeting.id)


def outline_title(meeting: PackMeeting) -> str:
    """ "Tue 14 Oct 09:00 · Pilot scoping with …" (local time)."""
    if meeting.starts_at is None:
        return text.clean(meeting.title)
    local = meeting.starts_at.astimezone(when.zone(meeting.time_zone))
    return f"{when.short_day(local.date())} {when.clock(local)} · {text.clean(meeting.title)}"


def when_lines(ctx: Context, meeting: PackMeeting) -> list[str]:
    """The date and time, local and at home, as markup lines."""
    if meeting.starts_at is None:
        return ["Time not set yet"]
    local_zone = when.zone(meeting.time_zone)
    start = meeting.starts_at.astimezone(local_zone)
    local = when.span(meeting.starts_at, meeting.ends_at, local_zone)
    home = when.home_span(meeting.starts_at, meeting.ends_at, local_zone, ctx.home)
    return [
        f"<b>{when.day(start.date())}, {local}</b> local time ({when.utc_offset(start)})",
        text.markup(f"{home} in {ctx.home_name}"),
    ]


def _earlier(ctx: Context, note: EarlierNote) -> list[Flowable]:
    heading = text.clean(note.title)
    if note.starts_at is not None:
        local = note.starts_at.astimezone(when.zone(note.time_zone))
        heading = f"{heading} — {when.short_date(local.date())}"
    return [Paragraph(text.markup(heading), ctx.styles.h3), *long_text(ctx, note.notes)]


def _follow_up_lines(ctx: Context, meeting: PackMeeting) -> list[Flowable]:
    lines: list[Flowable] = []
    for item in meeting.follow_ups:
        due = f"due {when.short_date(item.due_date)}" if item.due_date else None
        detail = text.joined(item.owner, due)
        markup = text.markup(item.text)
        if detail:
            markup += f"  <font color='#5b6776'>{detail}</font>"
        lines.append(Paragraph(markup, ctx.styles.check, bulletText="□"))
    return lines


def meeting_section(ctx: Context, meeting: PackMeeting, width: float, level: int) -> list[Flowable]:
    """The flowables of one brief, its heading an outline entry at ``level``."""
    s = ctx.styles
    title = text.clean(meeting.title) or "Meeting"
    story: list[Flowable] = [
        Heading(text.markup(title), s.h1, meeting_key(meeting), outline_title(meeting), level)
    ]
    story += [Paragraph(line, s.small) for line in when_lines(ctx, meeting)]
    if meeting.location:
        story.append(Paragraph(text.markup(meeting.location), s.muted))
    story.append(Spacer(0, 4))
    parts: list[tuple[str, list[Flowable]]] = [
        ("Agenda", long_text(ctx, meeting.agenda)),
        (
            "Counterpart" if len(meeting.counterparts) == 1 else "Counterparts",
            [f for org in meeting.counterparts for f in organization_profile(ctx, org)],
        ),
        ("Attendees", card_grid(ctx, meeting.attendees, width)),
        (
            "SMEs attending",
            [f for sme in meeting.smes for f in [*sme_line(ctx, sme), Spacer(0, 4)]],
        ),
        ("Open leads with them", _listed(leads_table(ctx, meeting.leads, width))),
        ("Open follow-ups", _follow_up_lines(ctx, meeting)),
        ("Notes from this meeting", long_text(ctx, meeting.notes)),
        (
            "Earlier notes with these people",
            [f for note in meeting.earlier for f in _earlier(ctx, note)],
        ),
    ]
    for heading, flowables in parts:
        if flowables:
            story += [section(ctx, heading), *flowables]
    return story


def _sme_block(ctx: Context, sme: PackOrganization) -> list[Flowable]:
    return [*sme_line(ctx, sme), Spacer(0, 4)]


def _listed(flowable: Flowable | None) -> list[Flowable]:
    return [] if flowable is None else [flowable]


def build_meeting_brief(
    meeting: PackMeeting,
    options: PackOptions,
    mission_name: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Rendered:
    """The PDF brief of one meeting."""
    ctx = Context.create(options)
    glyphs.check_pack(meeting, options, ctx.warn)
    if mission_name:
        glyphs.check_text(f"the name of mission '{mission_name}'", mission_name, ctx.warn)

    def compose(doc: PackDocument, reporter: Reporter) -> list[Flowable]:
        kicker = text.joined("Meeting brief", mission_name, sep="  ·  ")
        return [
            Paragraph(kicker, ctx.styles.kicker),
            *meeting_section(ctx, meeting, doc.body_width, 0),
        ]

    return render(
        compose,
        ctx,
        footer=mission_name or meeting.title,
        title=f"Meeting brief: {text.clean(meeting.title)}",
        subject=outline_title(meeting),
        progress=progress,
        cancelled=cancelled,
    )
