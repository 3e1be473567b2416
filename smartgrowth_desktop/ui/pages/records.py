"""The list pages of every record kind, declared: their columns and their form fields."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.models import Organization
from smartgrowth_desktop.core.schema import (
    CURRENCIES,
    LEAD_KINDS,
    LEAD_STAGES,
    NAME_ORDERS,
    ORGANIZATION_KINDS,
)
from smartgrowth_desktop.ui.editors.form import FormField
from smartgrowth_desktop.ui.models.record_table import Column, Row
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of


def _local_time(row: Row) -> str:
    starts = row.get("starts_at")
    if not isinstance(starts, datetime):
        return ""
    zone = row.get("time_zone")
    local = starts.astimezone(ZoneInfo(zone)) if zone else starts
    return local.strftime("%a %d %b %Y %H:%M")


def _organization_names(profile_rows: list[Row], ctx_profile: object, field: str) -> None:
    ids = {row[field] for row in profile_rows if row.get(field)}
    if not ids:
        return
    database = ctx_profile.database  # type: ignore[attr-defined]
    with database.connection() as conn:
        names = dict(
            conn.execute(
                select(Organization.id, Organization.name).where(Organization.id.in_(ids))
            ).all()
        )
    for row in profile_rows:
        row[f"{field}_name"] = names.get(row.get(field), "")


class ContactsPage(RecordListPage):
    title = "Contacts"
    kind = "contact"
    noun = "contact"
    default_sort = "sort_name"
    columns = (
        Column("Name", contact_display_name, "sort_name"),
        Column("Organization", text_of("organization_id_name")),
        Column("Title", text_of("title"), "title"),
        Column("E-mail", lambda r: (r.get("emails") or [""])[0]),
        Column("Phone", lambda r: (r.get("phones") or [""])[0]),
        Column("Tags", text_of("tags")),
        Column("Review by", text_of("review_by"), "review_by"),
    )
    form = (
        FormField("family_name", "Family name"),
        FormField("given_name", "Given name"),
        FormField("native_name", "Native script", placeholder="Nguyễn Thị Minh Khai, 李伟…"),
        FormField("romanized_name", "Romanized", placeholder="filled in from the native name"),
        FormField("name_order", "Name order", "choice", NAME_ORDERS),
        FormField("title", "Title"),
        FormField("organization_id", "Organization", "ref", ref_kind="organization"),
        FormField("emails", "E-mails", "list"),
        FormField("phones", "Phones", "list", placeholder="+84 912 345 678, …"),
        FormField("wechat", "WeChat"),
        FormField("zalo", "Zalo"),
        FormField("linkedin", "LinkedIn"),
        FormField("languages", "Languages", "list", placeholder="vi, en"),
        FormField("tags", "Tags", "list"),
        FormField("notes", "Notes", "text"),
        FormField("source", "Where we met"),
        FormField("legal_basis", "Legal basis", placeholder="Legitimate interest, consent…"),
        FormField("review_by", "Review by", "date"),
    )
    empty_text = "No contacts yet. Press “New contact”, or import a vCard or the demo data."

    def decorate(self, rows: list[Row]) -> None:
        _organization_names(rows, self.ctx.profile, "organization_id")


class OrganizationsPage(RecordListPage):
    title = "Organizations"
    kind = "organization"
    noun = "organization"
    default_sort = "name"
    columns = (
        Column("Name", text_of("name"), "name"),
        Column("Native name", text_of("native_name"), "native_name"),
        Column("Kind", text_of("kind"), "kind"),
        Column("Country", text_of("country"), "country"),
        Column("Solution areas", text_of("solution_areas")),
    )
    form = (
        FormField("name", "Name"),
        FormField("native_name", "Native name"),
        FormField("kind", "Kind", "choice", ORGANIZATION_KINDS),
        FormField("country", "Country", placeholder="VN, CN, SE, FI, EE…"),
        FormField("market_id", "Market", "ref", ref_kind="market"),
        FormField("website", "Website"),
        FormField("solution_areas", "Solution areas", "list"),
        FormField("description", "Description", "text"),
    )
    defaults = {"kind": "company"}  # noqa: RUF012
    empty_text = "No organizations yet."


class MissionsPage(RecordListPage):
    title = "Missions"
    kind = "mission"
    noun = "mission"
    default_sort = "start_date"
    columns = (
        Column("Name", text_of("name"), "name"),
        Column("Starts", text_of("start_date"), "start_date"),
        Column("Ends", text_of("end_date"), "end_date"),
        Column("Delegates", text_of("delegates")),
        Column("SMEs", lambda r: str(len(r.get("sme_ids") or []))),
    )
    form = (
        FormField("name", "Name"),
        FormField("start_date", "Starts", "date"),
        FormField("end_date", "Ends", "date"),
        FormField("delegates", "Delegates", "list"),
        FormField("notes", "Notes", "text"),
    )
    empty_text = "No missions yet. A mission gathers the SMEs, meetings and leads of one trip."


class MeetingsPage(RecordListPage):
    title = "Meetings"
    kind = "meeting"
    noun = "meeting"
    default_sort = "starts_at"
    columns = (
        Column("When (local)", _local_time, "starts_at"),
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


class LeadsPage(RecordListPage):
    title = "Leads"
    kind = "lead"
    noun = "lead"
    default_sort = "updated_at"
    columns = (
        Column("Title", text_of("title"), "title"),
        Column("Stage", text_of("stage"), "stage"),
        Column("Kind", text_of("kind"), "kind"),
        Column("Value", lambda r: f"{r.get('value') or ''} {r.get('currency') or ''}".strip()),
        Column("Next step", text_of("next_step")),
    )
    form = (
        FormField("title", "Title"),
        FormField("kind", "Kind", "choice", LEAD_KINDS),
        FormField("stage", "Stage", "choice", LEAD_STAGES),
        FormField("sme_id", "SME", "ref", ref_kind="organization"),
        FormField("organization_id", "Counterpart", "ref", ref_kind="organization"),
        FormField("mission_id", "Mission", "ref", ref_kind="mission"),
        FormField("value", "Value"),
        FormField("currency", "Currency", "choice", CURRENCIES),
        FormField("probability", "Probability %", "number"),
        FormField("next_step", "Next step"),
        FormField("notes", "Notes", "text"),
    )
    defaults = {"kind": "pilot", "stage": "identified"}  # noqa: RUF012
    empty_text = "No leads yet."


class MarketsPage(RecordListPage):
    title = "Markets"
    kind = "market"
    noun = "market"
    default_sort = "name"
    columns = (
        Column("Name", text_of("name"), "name"),
        Column("Country", text_of("country"), "country"),
        Column("Time zone", text_of("time_zone"), "time_zone"),
        Column("Focus areas", text_of("focus_areas")),
    )
    form = (
        FormField("name", "Name"),
        FormField("country", "Country", placeholder="VN, CN"),
        FormField("region", "City or region"),
        FormField("time_zone", "Time zone", placeholder="Asia/Ho_Chi_Minh"),
        FormField("focus_areas", "Master-plan focus", "list"),
    )
    empty_text = "No markets yet."


def record_id_of(value: object) -> uuid.UUID | None:
    """A UUID from a model value (helper for pages)."""
    return value if isinstance(value, uuid.UUID) else None
