"""The Meetings page."""

from __future__ import annotations

from smartgrowth_desktop.ui.editors.form import FormField
from smartgrowth_desktop.ui.models.record_table import Column
from smartgrowth_desktop.ui.pages.columns import local_time
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of


class MeetingsPage(RecordListPage):
    title = "Meetings"
    kind = "meeting"
    noun = "meeting"
    default_sort = "starts_at"
    columns = (
        Column("When (local)", local_time, "starts_at"),
        Column("Title", text_of("title"), "title"),
        Column("Location", text_of("location"), "location"),
        Column("Attendees", lambda r: str(len(r.get("attendee_ids") or []))),
    )
    form = (
        FormField("title", "Title"),
        FormField("mission_id", "Mission", "ref", ref_kind="mission"),
        FormField("time_zone", "Time zone", placeholder="Asia/Ho_Chi_Minh"),
        FormField("starts_at", "Starts", "moment"),
        FormField("ends_at", "Ends", "moment"),
        FormField("location", "Location"),
        FormField("agenda", "Agenda", "text"),
        FormField("notes", "Notes", "text"),
    )
    empty_text = "No meetings yet. Press Ctrl+N to capture one now."
