"""Column helpers shared by list pages: local meeting times."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from smartgrowth_desktop.ui.models.record_table import Row


def local_time(row: Row) -> str:
    """A meeting's start in its own time zone, e.g. "Tue 10 Mar 2026 09:00"."""
    starts = row.get("starts_at")
    if not isinstance(starts, datetime):
        return ""
    zone = row.get("time_zone")
    local = starts.astimezone(ZoneInfo(zone)) if zone else starts
    return local.strftime("%a %d %b %Y %H:%M")
