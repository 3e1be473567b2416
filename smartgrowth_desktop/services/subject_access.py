"""Everything we hold on one person (GDPR art. 15): gathered, as JSON and as a PDF.

The card, its photos and other files, the meetings the person attended and their
follow-ups, the leads at their organization, every other record whose free text names
them (with the passage, for a person to judge), and the card's whole change history. A
subject access request is answered from this, without searching by hand.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text

from smartgrowth_desktop.core.atomic import write_atomically
from smartgrowth_desktop.core.clock import datetime_of
from smartgrowth_desktop.core.fieldtypes import (
    Collection,
    Email,
    FieldType,
    Phone,
    Reference,
    Wire,
)
from smartgrowth_desktop.core.names import whole_name
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.text import cjk_runs
from smartgrowth_desktop.core.writer import table_of, wire_row
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService

FORMAT = "smartgrowth-subject-access/1"
CONTEXT = 60  # characters shown either side of a mention
PRIVATE = 0o600  # the export is personal data: for its owner only
_LABEL_FIELDS = {
    "contact": "family_name",
    "organization": "name",
    "market": "name",
    "mission": "name",
    "meeting": "title",
    "lead": "title",
    "follow_up": "text",
    "stage_change": "stage",
    "attachment": "file_name",
}


@dataclass(frozen=True)
class Mention:
    """Another record whose free text names the person, with the passage."""

    kind: str
    record_id: str
    label: str
    field: str
    passage: str

    def to_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "record_id": self.record_id,
            "record": self.label,
            "field": self.field,
            "passage": self.passage,
        }


@dataclass(frozen=True)
class HistoryLine:
    """One change of the card (or of a file attached to it), as the log keeps it."""

    when: str
    author: str | None
    device: str
    kind: str
    field: str
    key: str
    value: Wire

    def to_json(self) -> dict[str, Any]:
        return {
            "when": self.when,
            "author": self.author,
            "device": self.device,
            "kind": self.kind,
            "field": self.field,
            "key": self.key,
            "value": self.value,
        }


@dataclass
class SubjectRecord:
    """What one profile holds on one person."""

    contact_id: str
    name: str
    card: dict[str, Wire]
    organization: dict[str, Wire] | None = None
    files: list[dict[str, Wire]] = field(default_factory=list)
    meetings: list[dict[str, Wire]] = field(default_factory=list)
    follow_ups: list[dict[str, Wire]] = field(default_factory=list)
    leads: list[dict[str, Wire]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    history: list[HistoryLine] = field(default_factory=list)
    exported_at: str = ""
    #: the name of every record the above point to, by id (for people to read)
    names: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "exported_at": self.exported_at,
            "person": {"id": self.contact_id, "name": self.name},
            "card": self.card,
            "organization": self.organization,
            "files": self.files,
            "meetings_attended": self.meetings,
            "follow_ups": self.follow_ups,
            "leads_at_their_organization": self.leads,
            "mentioned_in": [m.to_json() for m in self.mentions],
            "history": [h.to_json() for h in self.history],
            "names_of_linked_records": self.names,
        }


def _rows(
    conn: Connection,
    kind_name: str,
    where: str = "",
    params: tuple[Any, ...] = (),
    deleted: bool = False,
) -> list[dict[str, Wire]]:
    """The records of a kind matching an SQL condition (those in the Trash too with
    ``deleted``), as wire values."""
    kind = KINDS[kind_name]
    table = table_of(kind)
    live = "" if deleted else "deleted_at IS NULL"
    condition = " AND ".join(f"({c})" for c in (live, where) if c) or "1"
    rows = conn.execute(select(table).where(text(condition)), _named(params))
    return [{"id": str(row.id), **wire_row(kind, row)} for row in rows]


def _named(params: tuple[Any, ...]) -> dict[str, Any]:
    return {f"p{i}": value for i, value in enumerate(params)}


def _marks(start: int, count: int) -> str:
    return ", ".join(f":p{i}" for i in range(start, start + count))


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _free_text(kind: FieldType) -> bool:
    """Whether values of this type are text a person typed (not ids, dates or codes)."""
    if isinstance(kind, Collection):
        return _free_text(kind.element)
    return type(kind) in (FieldType, Email, Phone)


def _holds(values: Wire, wanted: str) -> bool:
    return isinstance(values, list) and wanted in values


def needles(card: dict[str, Wire]) -> list[str]:
    """The strings that name the person in free text: names in both orders, native
    script, e-mail addresses, phone numbers and messenger ids; short Latin strings are
    left out (they would match too much), Han names of two characters are not."""
    family, given = str(card.get("family_name") or ""), str(card.get("given_name") or "")
    found = {
        f"{family} {given}".strip(),
        f"{given} {family}".strip(),
        str(card.get("native_name") or ""),
        str(card.get("romanized_name") or ""),
        str(card.get("wechat") or ""),
        str(card.get("zalo") or ""),
    }
    for email in card.get("emails") or []:
        found.add(str(email))
    for phone in card.get("phones") or []:
        number = phone.get("number") if isinstance(phone, dict) else phone
        found.add(str(number or "").lstrip("~"))
    kept = []
    for candidate in found:
        candidate = unicodedata.normalize("NFC", candidate.strip())
        if len(candidate) >= 5 or (len(candidate) >= 2 and cjk_runs(candidate)):
            kept.append(candidate)
    return sorted(kept, key=lambda t: (-len(t), t))


def _passage(text: str, start: int, end: int) -> str:
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    passage = " ".join(text[left:right].split())
    return ("…" if left else "") + passage + ("…" if right < len(text) else "")


def _mentions(conn: Connection, contact_id: str, wanted: list[str]) -> list[Mention]:
    if not wanted:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in wanted), re.IGNORECASE)
    found: list[Mention] = []
    for kind in KINDS.values():
        text_fields = [f.name for f in kind.fields if _free_text(f.type)]
        if not text_fields:
            continue
        likes = [(name, needle) for name in text_fields for needle in wanted]
        where = " OR ".join(f"{name} LIKE :p{i} ESCAPE '\\'" for i, (name, _) in enumerate(likes))
        params = tuple(_like(needle) for _, needle in likes)
        for row in _rows(conn, kind.name, where, params):
            if row["id"] == contact_id:
                continue
            for name in text_fields:
                value = row.get(name)
                text_value = (
                    value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                )
                if not value:
                    continue
                text_value = unicodedata.normalize("NFC", text_value)
                hit = pattern.search(text_value)
                if hit is not None:
                    label = str(row.get(_LABEL_FIELDS.get(kind.name, "id")) or row["id"])
                    if kind.name == "contact":
                        label = whole_name(row)
                    passage = _passage(text_value, hit.start(), hit.end())
                    found.append(Mention(kind.name, row["id"], label, name, passage))
    return found


def mentions(profile: Profile, contact_id: str, wanted: list[str]) -> list[Mention]:
    """Other records whose free text holds one of ``wanted`` (the person's ``needles``),
    read in a connection of its own (an erasure runs it beside its write)."""
    with profile.database.connection() as conn:
        return _mentions(conn, contact_id, wanted)


def _linked(kind_name: str, row: dict[str, Wire]) -> set[str]:
    """The ids a record points to (references and lists of ids)."""
    found: set[str] = set()
    for spec in KINDS[kind_name].fields:
        value = row.get(spec.name)
        element = spec.type.element if isinstance(spec.type, Collection) else spec.type
        if isinstance(element, Reference) and value:
            found |= {str(v) for v in value} if isinstance(value, list) else {str(value)}
    return found


def _names(conn: Connection, record: SubjectRecord) -> dict[str, str]:
    wanted = _linked("contact", record.card)
    for kind_name, rows in (
        ("attachment", record.files),
        ("meeting", record.meetings),
        ("follow_up", record.follow_ups),
        ("lead", record.leads),
    ):
        for row in rows:
            wanted |= _linked(kind_name, row)
    names: dict[str, str] = {}
    ids = sorted(wanted)
    if not ids:
        return names
    for kind_name in ("organization", "mission", "contact", "meeting", "lead", "market"):
        for start in range(0, len(ids), 400):
            chunk = [uuid.UUID(i).hex for i in ids[start : start + 400]]
            where = f"id IN ({_marks(0, len(chunk))})"
            for row in _rows(conn, kind_name, where, tuple(chunk), deleted=True):
                label = row.get(_LABEL_FIELDS[kind_name])
                names[row["id"]] = whole_name(row) if kind_name == "contact" else str(label)
    return names


def _history(conn: Connection, record_ids: list[str]) -> list[HistoryLine]:
    marks = ", ".join("?" for _ in record_ids)
    rows = conn.exec_driver_sql(
        "SELECT c.hlc, c.author, d.device_id, c.kind, c.field, c.key, c.value FROM changes c "
        f"JOIN devices d ON d.idx = c.device_idx WHERE c.record_id IN ({marks}) ORDER BY c.hlc",
        tuple(uuid.UUID(r).hex for r in record_ids),
    )
    return [
        HistoryLine(
            datetime_of(int(r[0])).isoformat(timespec="seconds"),
            r[1],
            str(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            json.loads(r[6]),
        )
        for r in rows
    ]


def gather(profile: Profile, contact_id: uuid.UUID | str) -> SubjectRecord:
    """Everything this profile holds on one contact (NotFoundError if there is none)."""
    card = RecordService(profile).get_wire("contact", contact_id)
    wanted_id = str(uuid.UUID(str(contact_id)))
    record = SubjectRecord(wanted_id, whole_name(card), dict(card))
    record.exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    with profile.database.connection() as conn:
        organization_id = card.get("organization_id")
        if organization_id:
            found = _rows(conn, "organization", "id = :p0", (uuid.UUID(str(organization_id)).hex,))
            record.organization = found[0] if found else None
        me = uuid.UUID(wanted_id)
        record.files = _rows(
            conn, "attachment", "owner_kind = 'contact' AND owner_id = :p0", (me.hex,)
        )
        record.meetings = [
            m
            for m in _rows(conn, "meeting", "attendee_ids LIKE :p0", (_like(wanted_id),))
            if _holds(m["attendee_ids"], wanted_id)
        ]
        met = [uuid.UUID(str(m["id"])).hex for m in record.meetings]
        wanted = needles(card)
        owners = [n for n in wanted if not cjk_runs(n)][:20] or [""]
        where = f"meeting_id IN ({_marks(0, len(met))})" if met else "0"
        where += f" OR owner IN ({_marks(len(met), len(owners))})"
        record.follow_ups = _rows(conn, "follow_up", where, (*met, *owners))
        if organization_id:
            org = uuid.UUID(str(organization_id)).hex
            record.leads = _rows(conn, "lead", "organization_id = :p0 OR sme_id = :p0", (org,))
        record.mentions = _mentions(conn, wanted_id, wanted)
        record.names = _names(conn, record)
        record.history = _history(conn, [wanted_id, *(str(f["id"]) for f in record.files)])
    return record


def write_subject_export(
    profile: Profile, contact_id: uuid.UUID | str, folder: Path
) -> tuple[Path, Path]:
    """Write ``<name>-<date>.json`` and ``.pdf`` into ``folder``; returns both paths."""
    from smartgrowth_desktop.reports.subject_access import render_subject_access

    record = gather(profile, contact_id)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"subject-access-{record.contact_id[:8]}-{record.exported_at[:10]}"
    document = json.dumps(record.to_json(), ensure_ascii=False, indent=2, sort_keys=True)
    json_path, pdf_path = folder / f"{stem}.json", folder / f"{stem}.pdf"
    photos = [
        (f, AttachmentBytes(profile).read(str(f["content_hash"])))
        for f in record.files
        if str(f.get("media_type") or "").startswith("image/")
    ]
    pdf = render_subject_access(record.to_json(), [(f, b) for f, b in photos if b])
    write_atomically(json_path, document.encode("utf-8"), PRIVATE)
    write_atomically(pdf_path, pdf, PRIVATE)
    return json_path, pdf_path


class AttachmentBytes:
    """The contents of a profile's attachments, through the attachment service."""

    def __init__(self, profile: Profile) -> None:
        from smartgrowth_desktop.services.attachments import AttachmentService

        self._service = AttachmentService(profile)

    def read(self, content_hash: str) -> bytes | None:
        return self._service.read(content_hash)
