"""Which meetings are double booked, and with what (``core/overlaps.py`` does the check).

A meeting takes the time of its mission's delegates (the mission's delegation as a whole
where the mission lists none) and of its attendees. Read with plain SQL over a
``sqlite3`` connection, like Today (whose first glance runs before SQLAlchemy loads); the
meeting editor, the Meetings list, Today and the packs all ask here.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from smartgrowth_desktop.core.names import whole_name
from smartgrowth_desktop.core.overlaps import DEFAULT_LENGTH, Booking, overlaps
from smartgrowth_desktop.core.text import fold

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile

LONGEST = timedelta(days=2)  # a meeting longer than this may start before the span read
CHUNK = 500


@dataclass(frozen=True)
class Clash:
    """Another meeting that takes the same person's time."""

    meeting_id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime | None
    time_zone: str | None
    people: tuple[str, ...]  # who is booked twice: "Karin Lindqvist", "Lý Thu Hà"

    def when(self) -> str:
        """The other meeting's time in its own zone: "Wed 9 Dec 11:00–12:00"."""
        zone = _zone(self.time_zone)
        start = self.starts_at.astimezone(zone)
        text = f"{start:%a} {start.day} {start:%b %H:%M}"
        if self.ends_at is not None:
            text += f"–{self.ends_at.astimezone(zone):%H:%M}"
        return text

    def describe(self) -> str:
        """One line: 'Overlaps “Site visit” (Wed 9 Dec 11:00–12:00): Karin Lindqvist'."""
        return f"Overlaps “{self.title}” ({self.when()}): {', '.join(self.people)}"


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def find_clashes(
    profile: Profile, meeting_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, tuple[Clash, ...]]:
    """The double bookings of ``meeting_ids`` (only those that have any)."""
    with profile.database.raw_read() as conn:
        return clashes_in(conn, meeting_ids)


def summary(clashes: Iterable[Clash]) -> str:
    """All of a meeting's clashes as one short text (a list's tooltip, a pack's note)."""
    return "; ".join(clash.describe() for clash in clashes)


def _moment(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _list(text: Any) -> list[str]:
    try:
        value = json.loads(text) if isinstance(text, str) else []
    except ValueError:
        return []
    return [str(item) for item in value if item] if isinstance(value, list) else []


def _rows(conn: sqlite3.Connection, sql: str, ids: list[str]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found += conn.execute(sql.format(marks=marks), chunk).fetchall()
    return found


_MEETING = "SELECT id, title, starts_at, ends_at, time_zone, mission_id, attendee_ids FROM meetings"


#: the meetings that may overlap a span: started at most LONGEST before it, still running
_AROUND = (
    f"{_MEETING} WHERE deleted_at IS NULL AND starts_at >= ? AND starts_at < ? "
    "AND (ends_at > ? OR ends_at <= starts_at OR (ends_at IS NULL AND starts_at > ?))"
)


def clashes_in(
    conn: sqlite3.Connection, meeting_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, tuple[Clash, ...]]:
    """The double bookings of ``meeting_ids``, read over a plain ``sqlite3`` connection."""
    wanted = [i.hex for i in meeting_ids]
    mine = _rows(
        conn,
        "SELECT starts_at, ends_at FROM meetings WHERE deleted_at IS NULL AND id IN ({marks})",
        wanted,
    )
    spans = sorted(
        (start, Booking("", start, _moment(ends), frozenset()).end)
        for starts, ends in mine
        if (start := _moment(starts)) is not None
    )
    others: dict[str, tuple[Any, ...]] = {}
    for first, last in _merged(spans):  # one indexed range per cluster of meetings
        rows = conn.execute(_AROUND, (_stamp(first - LONGEST), _stamp(last), _stamp(first),
                                      _stamp(first - DEFAULT_LENGTH)))  # fmt: skip
        others.update((row[0], row) for row in rows)
    meetings = others
    missions = _missions(conn, {row[5] for row in others.values() if row[5]})
    bookings = [_booking(row, missions) for row in others.values()]
    found = overlaps((b for b in bookings if b is not None), set(wanted))
    names = _people_names(conn, {k for v in found.values() for o in v for k in o.shared}, missions)
    result: dict[uuid.UUID, tuple[Clash, ...]] = {}
    for record_hex in wanted:
        clashes = found.get(record_hex)
        if not clashes:
            continue
        result[uuid.UUID(record_hex)] = tuple(
            _clash(meetings[o.other], sorted(names.get(k, k) for k in o.shared)) for o in clashes
        )
    return result


def _merged(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Sorted time spans joined where they overlap."""
    merged: list[tuple[datetime, datetime]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _missions(conn: sqlite3.Connection, ids: set[str]) -> dict[str, tuple[str, list[str]]]:
    """Each mission's name and delegates, by id."""
    rows = _rows(conn, "SELECT id, name, delegates FROM missions WHERE id IN ({marks})", list(ids))
    return {record_id: (name or "", _list(delegates)) for record_id, name, delegates in rows}


def _booking(row: tuple[Any, ...], missions: dict[str, tuple[str, list[str]]]) -> Booking | None:
    record_id, _title, starts, ends, _zone_name, mission_id, attendees = row
    starts_at = _moment(starts)
    if starts_at is None:
        return None
    people = {f"c:{a.replace('-', '')}" for a in _list(attendees)}
    if mission_id in missions:
        delegates = missions[mission_id][1]
        people |= {f"d:{fold(d).strip()}" for d in delegates if d.strip()} or {f"m:{mission_id}"}
    return Booking(record_id, starts_at, _moment(ends), frozenset(people))


def _people_names(
    conn: sqlite3.Connection, keys: set[str], missions: dict[str, tuple[str, list[str]]]
) -> dict[str, str]:
    """What each person key reads as: a delegate's name as written, an attendee's whole
    name, "the delegation of <mission>"."""
    names: dict[str, str] = {}
    for _name, delegates in missions.values():
        for delegate in delegates:
            names.setdefault(f"d:{fold(delegate).strip()}", delegate.strip())
    for key in keys:
        if key.startswith("m:") and key[2:] in missions:
            names[key] = f"the delegation of {missions[key[2:]][0] or 'the mission'}"
    contacts = [key[2:] for key in keys if key.startswith("c:")]
    fields = ("family_name", "given_name", "native_name", "romanized_name", "name_order")
    sql = f"SELECT id, {', '.join(fields)} FROM contacts WHERE id IN ({{marks}})"
    for record_id, *values in _rows(conn, sql, contacts):
        names[f"c:{record_id}"] = whole_name(dict(zip(fields, values, strict=True)))
    return names


def _clash(row: tuple[Any, ...], people: list[str]) -> Clash:
    record_id, title, starts, ends, zone_name, _mission, _attendees = row
    starts_at = _moment(starts)
    assert starts_at is not None
    return Clash(
        uuid.UUID(record_id),
        title or "(untitled meeting)",
        starts_at,
        _moment(ends),
        zone_name,
        tuple(people),
    )
