"""Column helpers shared by list pages: local meeting times, joined organization names."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from smartgrowth_desktop.core.models import Organization
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.ui.models.record_table import Row


def local_time(row: Row) -> str:
    """A meeting's start in its own time zone, e.g. "Tue 10 Mar 2026 09:00"."""
    starts = row.get("starts_at")
    if not isinstance(starts, datetime):
        return ""
    zone = row.get("time_zone")
    local = starts.astimezone(ZoneInfo(zone)) if zone else starts
    return local.strftime("%a %d %b %Y %H:%M")


def add_organization_names(rows: list[Row], profile: Profile, field: str) -> None:
    """Put the name of the organization each row points to in ``row[field + "_name"]``."""
    ids = {row[field] for row in rows if row.get(field)}
    if not ids:
        return
    query = select(Organization.id, Organization.name).where(Organization.id.in_(ids))
    with profile.database.connection() as conn:
        names = {record_id: name for record_id, name in conn.execute(query).all()}
    for row in rows:
        owner = row.get(field)
        row[f"{field}_name"] = names.get(owner, "") if owner is not None else ""
