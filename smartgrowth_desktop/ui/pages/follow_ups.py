"""Follow-ups: every open to-do with its due date, owner and meeting or lead."""

from __future__ import annotations

from datetime import date

from smartgrowth_desktop.ui.editors.form import FormField
from smartgrowth_desktop.ui.models.record_table import Column, Row
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of


def _due(row: Row) -> str:
    due = row.get("due_date")
    if due is None:
        return ""
    late = " — overdue" if due < date.today() and not row.get("done") else ""
    return f"{due.isoformat()}{late}"


class FollowUpsPage(RecordListPage):
    title = "Follow-ups"
    kind = "follow_up"
    noun = "follow-up"
    default_sort = "due_date"
    columns = (
        Column("Due", _due, "due_date"),
        Column("Follow-up", text_of("text"), "text"),
        Column("Owner", text_of("owner"), "owner"),
        Column("Done", lambda r: "✓" if r.get("done") else ""),
    )
    form = (
        FormField("text", "Follow-up"),
        FormField("owner", "Owner"),
        FormField("due_date", "Due", "date"),
        FormField("done", "Done", "check"),
        FormField("meeting_id", "Meeting", "ref", ref_kind="meeting"),
        FormField("lead_id", "Lead", "ref", ref_kind="lead"),
    )
    empty_text = "No follow-ups. Add them from a meeting or a lead, or here."
