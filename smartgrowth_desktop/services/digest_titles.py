"""Records named in words for the digest: a contact's name, a meeting's title and date, a
lead's title and stage; a stage change or a file named by the record it belongs to, and
opening that one. A few hundred ids at a time, read by primary key."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.formatting import clock, date_range, short_date
from smartgrowth_desktop.core.labels import choice_label, shortened, stage_label

CHUNK = 500
#: the subject of the Trash page: where a deleted record opens
TRASH = "trash"


@dataclass(frozen=True)
class Title:
    """A record in words, and where it opens (its kind and id, or its parent's)."""

    text: str
    subtitle: str
    opens: tuple[str, uuid.UUID] | None
    #: for a record shown as its parent's: what it adds there ("Stage history", "Proposal")
    part: tuple[str, str] | None = None


Row = dict[str, Any]
Namer = Callable[[Row], tuple[str, str]]


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ValueError, KeyError):
        return None


def _moment(value: Any, zone_name: str | None) -> str:
    """A stored (naive UTC) moment in the meeting's own zone: "4 Dec 2026 14:00"."""
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value))
        except ValueError:
            return ""
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    zone = _zone(zone_name)
    if zone is not None:
        moment = moment.astimezone(zone)
    return f"{short_date(moment.date())} {clock(moment)}"


def _day(value: Any) -> Any:
    if value is None or hasattr(value, "year"):
        return value
    try:
        return datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def _contact(row: Row) -> tuple[str, str]:
    return contact_display_name(row) or "A contact with no name", row.get("title") or ""


def _meeting(row: Row) -> tuple[str, str]:
    when = _moment(row["starts_at"], row.get("time_zone")) if row.get("starts_at") else ""
    return row.get("title") or "A meeting with no title", when


def _lead(row: Row) -> tuple[str, str]:
    return row.get("title") or "A lead with no title", stage_label(row.get("stage"))


def _mission(row: Row) -> tuple[str, str]:
    dates = date_range(_day(row.get("start_date")), _day(row.get("end_date")))
    return row.get("name") or "A mission with no name", dates


def _organization(row: Row) -> tuple[str, str]:
    return row.get("name") or "An organization with no name", choice_label("kind", row.get("kind"))


def _market(row: Row) -> tuple[str, str]:
    return row.get("name") or "A market with no name", row.get("region") or ""


def _follow_up(row: Row) -> tuple[str, str]:
    due = _day(row.get("due_date"))
    return shortened(row.get("text") or "A follow-up", 70), f"due {short_date(due)}" if due else ""


#: per kind: the table, the columns read, how they read
NAMERS: dict[str, tuple[str, tuple[str, ...], Namer]] = {
    "contact": (
        "contacts",
        ("family_name", "given_name", "native_name", "romanized_name", "name_order", "title"),
        _contact,
    ),
    "meeting": ("meetings", ("title", "starts_at", "time_zone"), _meeting),
    "lead": ("leads", ("title", "stage"), _lead),
    "mission": ("missions", ("name", "start_date", "end_date"), _mission),
    "organization": ("organizations", ("name", "kind"), _organization),
    "market": ("markets", ("name", "region"), _market),
    "follow_up": ("follow_ups", ("text", "due_date"), _follow_up),
}
#: kinds shown as the record they belong to: the column naming it, and its kind
PARENTS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "stage_change": ("stage_changes", ("lead_id", "stage"), "lead"),
    "attachment": ("attachments", ("owner_id", "file_name", "owner_kind"), None),
}


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _rows(conn: Connection, table: str, columns: tuple[str, ...], ids: Iterable[str]) -> list[Row]:
    """Rows of ``table`` by id (hex), with ``id`` and ``deleted_at`` besides ``columns``."""
    found: list[Row] = []
    names = ("id", "deleted_at", *columns)
    for chunk in _chunks(sorted(set(ids))):
        marks = ", ".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            f"SELECT {', '.join(names)} FROM {table} WHERE id IN ({marks})", tuple(chunk)
        )
        found.extend(dict(zip(names, row, strict=True)) for row in rows)
    return found


def titles(conn: Connection, records: list[tuple[str, uuid.UUID]]) -> dict[tuple[str, str], Title]:
    """Each record (kind, id) in words, keyed by (kind, id hex); unknown ones left out."""
    wanted: dict[str, set[str]] = {}
    for kind, record_id in records:
        wanted.setdefault(kind, set()).add(record_id.hex)
    found: dict[tuple[str, str], Title] = {}
    parents: dict[tuple[str, str], tuple[str, str, str]] = {}  # child -> parent kind, id, what
    for kind, (table, columns, _column_kind) in PARENTS.items():
        for row in _rows(conn, table, columns, wanted.get(kind, ())):
            parent_kind = _column_kind or str(row.get("owner_kind") or "")
            what = stage_label(row["stage"]) if kind == "stage_change" else row["file_name"] or ""
            parent = row[columns[0]]
            if parent_kind in NAMERS and parent:
                parents[(kind, str(row["id"]))] = (parent_kind, str(parent), what)
                wanted.setdefault(parent_kind, set()).add(str(parent))
    for kind, (table, columns, namer) in NAMERS.items():
        for row in _rows(conn, table, columns, wanted.get(kind, ())):
            text, subtitle = namer(row)
            record_id = uuid.UUID(hex=str(row["id"]))
            opens = (TRASH, record_id) if row["deleted_at"] else (kind, record_id)
            found[(kind, record_id.hex)] = Title(text, subtitle, opens)
    for (kind, child), (parent_kind, parent, what) in parents.items():
        owner = found.get((parent_kind, uuid.UUID(hex=parent).hex))
        if owner is not None:
            label = "Stage history" if kind == "stage_change" else "File"
            found[(kind, uuid.UUID(hex=child).hex)] = Title(
                owner.text, f"{label}: {what}".strip(": "), owner.opens, (label, what)
            )
    return found
