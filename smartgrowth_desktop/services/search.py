"""Search across every kind, with a label and a line of context for each result."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from smartgrowth_desktop.core import search as index
from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.fieldtypes import parse_datetime
from smartgrowth_desktop.core.labels import choice_label
from smartgrowth_desktop.core.schema import kind as kind_of
from smartgrowth_desktop.core.wire import read_wire

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile

_LABEL_FIELD = {
    "market": "name",
    "organization": "name",
    "mission": "name",
    "meeting": "title",
    "lead": "title",
}
_DETAIL_FIELDS = {
    "market": ("region", "country"),
    "organization": ("native_name", "kind", "country"),
    "contact": ("title", "emails"),
    "mission": ("start_date", "end_date"),
    "meeting": ("starts_at", "location"),
    "lead": ("stage", "kind"),
}


@dataclass(frozen=True)
class SearchResult:
    """One record found: its kind, id, a label to show and a line of detail."""

    kind: str
    record_id: uuid.UUID
    label: str
    detail: str
    rank: float

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": str(self.record_id),
            "label": self.label,
            "detail": self.detail,
            "rank": round(self.rank, 4),
        }


def _local_start(values: dict[str, object]) -> str | None:
    """A meeting's start in its own time zone: "Tue 08 Dec 2026 09:00"."""
    starts, zone = values.get("starts_at"), values.get("time_zone")
    if not isinstance(starts, str):
        return None
    moment = parse_datetime(starts)
    if isinstance(zone, str):
        moment = moment.astimezone(ZoneInfo(zone))
    return moment.strftime("%a %d %b %Y %H:%M")


#: detail fields holding a coded value, shown by its label (``core/labels.py``)
CODED = frozenset({"kind", "stage"})


def _detail(kind: str, values: dict[str, object]) -> str:
    parts: list[str] = []
    for name in _DETAIL_FIELDS[kind]:
        value = _local_start(values) if name == "starts_at" else values.get(name)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value[:2])
        elif isinstance(value, str) and name in CODED:
            value = choice_label(name, value)  # "SME", "MoU / letter of intent"
        if value:
            parts.append(str(value))
    return " · ".join(parts)


def find(
    conn: sqlite3.Connection, query: str, kinds: Iterable[str] | None = None, limit: int = 50
) -> list[SearchResult]:
    """Best matches first, read in one transaction of a plain ``sqlite3`` connection."""
    hits = index.search(conn, query, kinds, limit)
    by_kind: dict[str, list[uuid.UUID]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.record_id)
    loaded: dict[uuid.UUID, dict[str, object]] = {}
    for kind_name, ids in by_kind.items():
        loaded.update(read_wire(conn, kind_of(kind_name), ids))
    results = []
    for hit in hits:
        values = loaded.get(hit.record_id)
        if values is None:
            continue
        if hit.kind == "contact":
            label = contact_display_name(values)
        else:
            label = str(values.get(_LABEL_FIELD[hit.kind]) or "(untitled)")
        detail = _detail(hit.kind, values)
        results.append(SearchResult(hit.kind, hit.record_id, label, detail, hit.rank))
    return results


def search_plain(
    folder: Path, query: str, kinds: Iterable[str] | None = None, limit: int = 50
) -> list[SearchResult] | None:
    """``SearchService.search`` on the profile in ``folder`` opened with the standard
    library (``core/plain.py``); None when the profile needs the full open."""
    from smartgrowth_desktop.core import plain

    with plain.plain_profile(folder) as conn:
        if conn is None:
            return None
        with plain.read(conn):
            return find(conn, query, kinds, limit)


class SearchService:
    """Search-as-you-type over contacts, organizations, meetings, leads, missions, markets."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def search(
        self, query: str, kinds: Iterable[str] | None = None, limit: int = 50
    ) -> list[SearchResult]:
        """Best matches first; every word matches as a prefix; empty query, no results."""
        with self.profile.database.raw_read() as conn:  # plain SQL: no ORM to load
            return find(conn, query, kinds, limit)
