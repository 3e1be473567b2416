"""While you were away: what colleagues changed, by record and by colleague.

Read from the change log: every row has its author's device and its position in this
profile's log (``changes.id`` grows as rows are written or arrive). "Since you last
looked" is a position in that log kept in ``local_state`` (never synced); "since a date"
compares the changes' clock stamps. Only the newest ``ROW_LIMIT`` changes are read, so a
first sync that brings a whole team's history stays quick (the digest says how many more
there were). Erased people show no value; a tombstone reads "deleted"; a record with an
open conflict is flagged.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.clock import datetime_of, pack
from smartgrowth_desktop.core.device import read_state, write_state
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.labels import kind_name
from smartgrowth_desktop.core.schema import BOOKKEEPING, KINDS
from smartgrowth_desktop.services.digest_text import describe_value, field_label
from smartgrowth_desktop.services.digest_titles import Title, titles
from smartgrowth_desktop.services.profile import Profile

#: ``local_state``: the log position (and time) of the last "Mark as read"
SEEN_KEY = "digest_seen"
ROW_LIMIT = 50_000
RECORD_LIMIT = 500
UNSEEN_RECORDS = 1000
#: what an entry says happened to its record, strongest first
EVENTS = ("erased", "deleted", "restored", "new", "edited")


@dataclass
class Entry:
    """What one colleague did to one record in the digest's window."""

    kind: str
    record_id: uuid.UUID
    device: str
    title: str = ""
    subtitle: str = ""
    event: str = "edited"
    #: the fields changed, as the window labels them, each with its new value in words
    #: ("" when not shown: a list, a reference, an erased person's)
    fields: list[tuple[str, str]] = field(default_factory=list)
    changes: int = 0
    last_at: datetime | None = None
    conflict: bool = False
    #: where the record opens: its own kind and id, or its parent's (a stage change opens
    #: its lead); None: nothing to open (erased, or its parent unknown here)
    opens: tuple[str, uuid.UUID] | None = None
    #: while reading: each changed field's name and newest value (JSON text)
    raw: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": str(self.record_id),
            "title": self.title,
            "subtitle": self.subtitle,
            "event": self.event,
            "fields": [{"label": label, "value": value} for label, value in self.fields],
            "changes": self.changes,
            "last_changed": self.last_at.isoformat(timespec="seconds") if self.last_at else None,
            "conflict": self.conflict,
            "opens": {"kind": self.opens[0], "id": str(self.opens[1])} if self.opens else None,
        }


@dataclass
class Colleague:
    """A colleague's laptop: its id, the name it gave itself, who wrote on it."""

    device: str
    name: str
    authors: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """ "Bình HP (Trần Bình)", or the laptop's name alone."""
        people = ", ".join(a for a in self.authors if a and a != self.name)
        return f"{self.name} ({people})" if people else self.name


@dataclass
class Digest:
    """Colleagues' changes after a log position (or a date), grouped both ways."""

    entries: list[Entry]
    colleagues: dict[str, Colleague]
    since_position: int
    since_time: datetime | None
    #: the last log position read: "Mark as read" moves the mark here
    upto: int
    #: colleagues' changes in the window that were not read (over ``ROW_LIMIT``)
    more_changes: int = 0
    more_records: int = 0

    @property
    def change_count(self) -> int:
        return sum(e.changes for e in self.entries) + self.more_changes

    def by_colleague(self) -> list[tuple[Colleague, list[Entry]]]:
        """Per colleague (most active first), their records, newest change first."""
        groups: dict[str, list[Entry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.device, []).append(entry)
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        return [(self.colleagues[device], entries) for device, entries in ordered]

    def by_record(self) -> list[tuple[Entry, list[Entry]]]:
        """Per record (newest change first), what each colleague did to it; the first
        entry of a group stands for the record."""
        groups: dict[tuple[str, uuid.UUID], list[Entry]] = {}
        for entry in self.entries:
            groups.setdefault((entry.kind, entry.record_id), []).append(entry)
        return [(entries[0], entries) for entries in groups.values()]

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since_time.isoformat(timespec="seconds") if self.since_time else None,
            "since_position": self.since_position,
            "upto_position": self.upto,
            "records": len({(e.kind, e.record_id) for e in self.entries}),
            "changes": self.change_count,
            "more_changes": self.more_changes,
            "colleagues": [
                {
                    "device": colleague.device,
                    "name": colleague.name,
                    "authors": colleague.authors,
                    "records": [e.to_json() for e in entries],
                }
                for colleague, entries in self.by_colleague()
            ],
        }


@dataclass(frozen=True)
class Unseen:
    """Colleagues' changes not looked at yet: changes per laptop name, and records (at
    most ``UNSEEN_RECORDS``: more reads as "1,000+")."""

    changes: dict[str, int]
    records: int

    @property
    def records_text(self) -> str:
        if self.records >= UNSEEN_RECORDS:
            return f"{UNSEEN_RECORDS:,}+ records"
        return "1 record" if self.records == 1 else f"{self.records:,} records"


@dataclass(frozen=True)
class Mark:
    """The last "Mark as read": a log position and when it was set."""

    position: int
    at: datetime | None


class DigestService:
    """Reads the digest and keeps this laptop's "last looked" mark."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def mark(self) -> Mark:
        """The last "Mark as read" (position 0 before the first: everything)."""
        stored = self.profile.settings().get(SEEN_KEY)
        if not stored:
            return Mark(0, None)
        found = json.loads(stored)
        at = found.get("at")
        return Mark(int(found.get("position", 0)), datetime.fromisoformat(at) if at else None)

    def mark_read(self, position: int) -> None:
        """Move the mark to ``position`` (a digest's ``upto``); never backwards."""
        if position <= self.mark().position:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.profile.database.connection(immediate=True) as conn:
            write_state(conn, {SEEN_KEY: json.dumps({"position": position, "at": now})})

    def since_mark(self, device: str | None = None) -> Digest:
        """What colleagues changed after the mark (what arrived since: by log position)."""
        mark = self.mark()
        with self.profile.database.connection() as conn:
            last = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM changes").scalar_one()
        if mark.position > int(last) and mark.at is not None:
            # the log is shorter than when marked (an older backup restored): its
            # positions mean other changes now, so read since the mark's time instead
            return self._read(0, pack(int(mark.at.timestamp() * 1000), 0), device, mark.at)
        return self._read(mark.position, None, device, mark.at)

    def since(self, moment: datetime, device: str | None = None) -> Digest:
        """What colleagues changed at or after ``moment`` (by the changes' clock stamps)."""
        wall_ms = int(moment.timestamp() * 1000)
        return self._read(0, pack(wall_ms, 0), device, moment)

    def unseen(self) -> Unseen:
        """Colleagues' changes after the mark: who, how many changes (counted on the index
        of dots: quick whatever the log's size), and how many records (up to
        ``UNSEEN_RECORDS``)."""
        position = self.mark().position
        with self.profile.database.connection() as conn:
            _own, others = _devices(conn)
            if not others:
                return Unseen({}, 0)
            marks = ", ".join("?" for _ in others)
            rows = conn.exec_driver_sql(
                f"SELECT device_idx, count(*) FROM changes WHERE device_idx IN ({marks}) "
                "AND id > ? GROUP BY device_idx",
                (*others, position),
            ).all()
            records = conn.exec_driver_sql(
                "SELECT count(*) FROM (SELECT DISTINCT record_id FROM changes WHERE "
                f"device_idx IN ({marks}) AND id > ? LIMIT {UNSEEN_RECORDS})",
                (*others, position),
            ).scalar_one()
        return Unseen({others[idx].name: int(n) for idx, n in rows if n}, int(records))

    def colleagues(self) -> dict[str, Colleague]:
        """Every other laptop in the log, by device id."""
        with self.profile.database.connection() as conn:
            return {c.device: c for c in _devices(conn)[1].values()}

    def _read(
        self, position: int, stamp: int | None, device: str | None, since: datetime | None
    ) -> Digest:
        with self.profile.database.connection() as conn:
            _own, others = _devices(conn)
            upto = int(
                conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM changes").scalar_one()
            )
            wanted = [_index_of(others, device)] if device is not None else list(others)
            rows, more = _changes(conn, wanted, position, upto, stamp)
            entries, extra = _entries(rows, others)
            _describe(conn, entries)
        colleagues = {c.device: c for c in others.values()}
        for entry in entries:
            colleagues[entry.device].authors.sort()
        return Digest(entries, colleagues, position, since, upto, more, extra)


def _devices(conn: Connection) -> tuple[int, dict[int, Colleague]]:
    """This laptop's device index, and every other device by index."""
    me = read_state(conn).get("device_id")
    own, others = -1, {}
    for idx, device, name in conn.exec_driver_sql("SELECT idx, device_id, name FROM devices"):
        if device == me:
            own = idx
        else:
            others[idx] = Colleague(device, name or f"laptop {device[:8]}")
    return own, others


def _changes(
    conn: Connection, devices: list[int], position: int, upto: int, stamp: int | None
) -> tuple[Sequence[Any], int]:
    """The newest ``ROW_LIMIT`` changes of these devices in the window (log positions
    after ``position``, stamps from ``stamp``), and how many more there were.

    Since a mark: counted on the index of dots (device first: this laptop's own changes
    cost nothing), then read through it when few, or newest first by log position when
    many. Since a date: by log position (no index on stamps: one pass at most)."""
    if not devices:
        return [], 0
    marks = ", ".join("?" for _ in devices)
    where, params = "id > ? AND id <= ?", [position, upto]
    if stamp is not None:
        where += " AND hlc >= ?"
        params.append(stamp)
    total = None
    if stamp is None:
        total = int(
            conn.exec_driver_sql(
                f"SELECT count(*) FROM changes WHERE device_idx IN ({marks}) AND {where}",
                (*devices, *params),
            ).scalar_one()
        )
    by_dots = total is not None and total <= ROW_LIMIT
    chooser = "device_idx" if by_dots else "+device_idx"  # "+": not through the index
    rows = conn.exec_driver_sql(
        "SELECT id, device_idx, hlc, kind, record_id, field, value, author FROM changes "
        f"WHERE {chooser} IN ({marks}) AND {where} ORDER BY id DESC LIMIT ?",
        (*devices, *params, ROW_LIMIT + 1),
    ).all()
    if len(rows) <= ROW_LIMIT:
        return rows, 0
    if total is None:
        total = int(
            conn.exec_driver_sql(
                f"SELECT count(*) FROM changes WHERE +device_idx IN ({marks}) AND {where}",
                (*devices, *params),
            ).scalar_one()
        )
    return rows[:ROW_LIMIT], total - ROW_LIMIT


def _index_of(devices: dict[int, Colleague], device: str) -> int:
    """The index of a colleague's laptop, by its id or its name (case does not matter)."""
    wanted = device.strip().casefold()
    for idx, colleague in devices.items():
        if wanted in (colleague.device.casefold(), colleague.name.casefold()):
            return idx
    matches = [i for i, c in devices.items() if c.device.startswith(wanted)]
    if len(matches) == 1 and len(wanted) >= 4:
        return matches[0]
    known = ", ".join(sorted(c.name for c in devices.values())) or "none yet"
    raise ValidationError("by", f"no colleague's laptop called {device!r} (known: {known})")


def _entries(rows: Sequence[Any], devices: dict[int, Colleague]) -> tuple[list[Entry], int]:
    """Rows (newest first) folded into one entry per record and device, newest first;
    at most ``RECORD_LIMIT`` (and how many more there were)."""
    found: dict[tuple[int, str], Entry] = {}
    seen_fields: dict[tuple[int, str], set[str]] = {}
    for _id, idx, hlc, kind, record_hex, name, value, author in rows:
        key = (idx, record_hex)
        entry = found.get(key)
        if entry is None:
            colleague = devices[idx]
            entry = Entry(kind, uuid.UUID(hex=record_hex), colleague.device)
            entry.last_at = datetime_of(hlc)
            found[key] = entry
            seen_fields[key] = set()
        if author and author not in devices[idx].authors:
            devices[idx].authors.append(author)
        entry.changes += 1
        _note(entry, seen_fields[key], name, value)
    entries = list(found.values())
    return entries[:RECORD_LIMIT], max(0, len(entries) - RECORD_LIMIT)


def _note(entry: Entry, seen: set[str], name: str, value: str) -> None:
    """Take one change (newest first) into its entry: the event and the fields."""
    event = "edited"
    if name == erasure.ERASED:
        event = "erased"
    elif name == "deleted_at":
        event = "restored" if value == "null" else "deleted"
    elif name == "created_at":
        event = "new"
    if EVENTS.index(event) < EVENTS.index(entry.event) and not (
        event == "restored" and entry.event == "deleted"  # an older restore, deleted since
    ):
        entry.event = event
    if name in seen or name in BOOKKEEPING or name in ("extra", erasure.ERASED):
        return
    seen.add(name)
    entry.raw.append((name, value))


def _describe(conn: Connection, entries: list[Entry]) -> None:
    """Titles, values in words, conflicts and where each entry opens."""
    erased = erasure.erased(conn)
    named: dict[tuple[str, str], Title] = titles(conn, [(e.kind, e.record_id) for e in entries])
    flagged = _conflicted(conn, {e.record_id.hex for e in entries})
    for entry in entries:
        hex_id = entry.record_id.hex
        gone = hex_id in erased or entry.event == "erased"
        raw, entry.raw = entry.raw, []
        if gone:  # no value, no name: only that a card was erased
            entry.event = "erased"
            entry.title, entry.subtitle = "A person whose card was erased", ""
            continue
        title = named.get((entry.kind, hex_id))
        entry.title = title.text if title else f"A {kind_name(entry.kind)} not here (yet)"
        entry.subtitle = title.subtitle if title else ""
        entry.opens = title.opens if title else None
        entry.fields = [
            (field_label(entry.kind, name), describe_value(entry.kind, name, value))
            for name, value in raw
        ]
        entry.fields.sort(key=lambda item: _order(entry.kind, item[0]))
        entry.conflict = hex_id in flagged
        if title is not None and title.part is not None:
            entry.fields = [title.part]
    _fold_parts(entries, named)


def _order(kind: str, label: str) -> int:
    """A field's place in its kind's form (by label), unknown ones last."""
    known = KINDS.get(kind)
    labels = [f.label for f in known.fields] if known else []
    return labels.index(label) if label in labels else len(labels)


def _fold_parts(entries: list[Entry], named: dict[tuple[str, str], Title]) -> None:
    """A stage change or a file joins its record's entry by the same colleague, if any."""
    heads = {(e.device, e.record_id): e for e in entries}
    folded: list[Entry] = []
    for entry in entries:
        title = named.get((entry.kind, entry.record_id.hex))
        if title is None or title.part is None or title.opens is None:
            continue
        head = heads.get((entry.device, title.opens[1]))
        if head is not None:
            if all(value != title.part[1] for _label, value in head.fields):
                head.fields.append(title.part)  # not "Stage history: MoU" beside "Stage: MoU"
            head.changes += entry.changes
            folded.append(entry)
    for entry in folded:
        entries.remove(entry)


def _conflicted(conn: Connection, ids: set[str]) -> set[str]:
    """Which of these records (hex ids) have an open conflict."""
    found: set[str] = set()
    listed = sorted(ids)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            f"SELECT DISTINCT record_id FROM conflicts WHERE record_id IN ({marks})", tuple(chunk)
        )
        found |= {str(r[0]) for r in rows}
    return found
