"""The itinerary: meetings day by day in local time, home time beside, each linked to its brief."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from smartgrowth_desktop.reports import text, when
from smartgrowth_desktop.reports.blocks import grid
from smartgrowth_desktop.reports.cards import country
from smartgrowth_desktop.reports.context import Context
from smartgrowth_desktop.reports.meeting_brief import meeting_key
from smartgrowth_desktop.reports.model import PackMeeting

CLASH_COLOUR = "#b3261e"


def by_day(meetings: Sequence[PackMeeting]) -> list[tuple[date | None, list[PackMeeting]]]:
    """Meetings grouped by their local date (in order), unscheduled ones last."""
    days: dict[date | None, list[PackMeeting]] = {}
    for meeting in meetings:
        local = None
        if meeting.starts_at is not None:
            local = meeting.starts_at.astimezone(when.zone(meeting.time_zone)).date()
        days.setdefault(local, []).append(meeting)
    dated = sorted((d, m) for d, m in days.items() if d is not None)
    return [*dated, *((None, m) for d, m in days.items() if d is None)]


def _row(ctx: Context, meeting: PackMeeting) -> list[Flowable | str]:
    s = ctx.styles
    if meeting.starts_at is None:
        local_cell, home_cell = "Not set", ""
    else:
        local = when.zone(meeting.time_zone)
        span = when.span(meeting.starts_at, meeting.ends_at, local)
        local_cell = f"<b>{span}</b><br/>{when.utc_offset(meeting.starts_at.astimezone(local))}"
        home_cell = text.markup(when.home_span(meeting.starts_at, meeting.ends_at, local, ctx.home))
    title = text.markup(meeting.title) or "Meeting"
    what = f'<a href="#{meeting_key(meeting)}"><b>{title}</b></a>'
    for org in meeting.counterparts:
        what += "<br/>" + text.joined(org.native_name or org.name, country(org.country))
    if meeting.location:
        what += f"<br/><font color='#5b6776'>{text.markup(meeting.location)}</font>"
    for clash in meeting.clashes:
        what += (
            f"<br/><font color='{CLASH_COLOUR}'><b>Double booked.</b> {text.markup(clash)}</font>"
        )
    return [Paragraph(local_cell, s.cell), Paragraph(home_cell, s.cell), Paragraph(what, s.cell)]


def itinerary(ctx: Context, meetings: Sequence[PackMeeting], width: float) -> list[Flowable]:
    """One small table per day; the meeting titles link to their briefs."""
    s = ctx.styles
    if not meetings:
        return [Paragraph("No meetings are planned for this mission yet.", s.body)]
    story: list[Flowable] = [
        Paragraph(
            text.markup(
                f"Times are local to each meeting, with {ctx.home_name} time beside them. "
                "Select a meeting to open its brief."
            ),
            s.muted,
        )
    ]
    widths = [0.16 * width, 0.17 * width, 0.67 * width]
    header = ["Local time", f"{ctx.home_name} time", "Meeting"]
    for day, day_meetings in by_day(meetings):
        label = when.day(day) if day is not None else "Not scheduled yet"
        table = grid(header, [_row(ctx, m) for m in day_meetings], widths, ctx)
        story.append(KeepTogether([Paragraph(text.markup(label), s.h2), table]))
    return story
