"""References between records, and those that point to a record not here (yet).

References are soft (no SQL foreign keys): sync may bring a lead before the organization
it names, or a laptop may carry only part of the team's records. Such a link is kept as
it is and works as soon as the record arrives; ``unlinked`` finds them, to say so in
words a delegate can act on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection

from smartgrowth_desktop.core.fieldtypes import Collection, Reference
from smartgrowth_desktop.core.schema import KINDS

CHUNK = 500

#: how a reference reads in a sentence: "a lead ... (its SME)"
ROLE = {
    ("organization", "market_id"): "its market",
    ("contact", "organization_id"): "its organization",
    ("mission", "market_ids"): "one of its markets",
    ("mission", "sme_ids"): "one of its SMEs",
    ("meeting", "mission_id"): "its mission",
    ("meeting", "attendee_ids"): "one of its attendees",
    ("meeting", "organization_ids"): "one of its organizations",
    ("meeting", "sme_ids"): "one of its SMEs",
    ("lead", "sme_id"): "its SME",
    ("lead", "organization_id"): "its counterpart",
    ("lead", "mission_id"): "its mission",
    ("follow_up", "meeting_id"): "its meeting",
    ("follow_up", "lead_id"): "its lead",
    ("stage_change", "lead_id"): "its lead",
}

#: the SQL giving a record's name in a sentence, per kind
_NAME_SQL = {
    "market": "name",
    "organization": "name",
    "contact": "trim(coalesce(given_name, '') || ' ' || coalesce(family_name, '') || "
    "CASE WHEN native_name IS NULL THEN '' ELSE ' ' || native_name END)",
    "mission": "name",
    "meeting": "title",
    "lead": "title",
    "follow_up": "substr(text, 1, 60)",
    "stage_change": "stage",
    "attachment": "file_name",
}


def name_sql(kind: str) -> str:
    """The SQL expression giving a record's name in a sentence (its table's columns)."""
    return _NAME_SQL[kind]


@dataclass(frozen=True)
class Unlinked:
    """A reference from one record to a record of ``target_kind`` that is not here."""

    kind: str
    record_id: uuid.UUID
    name: str
    field: str
    target_kind: str
    target_id: str

    def describe(self) -> str:
        """The link in words: what points where, and what happens next."""
        noun = self.kind.replace("_", "-")
        article = "an" if noun[0] in "aeiou" else "a"
        what = f"{article} {noun} '{self.name}'" if self.name else f"{article} {noun}"
        role = ROLE.get((self.kind, self.field), f"its {self.field}")
        target = self.target_kind.replace("_", "-")
        target_article = "an" if target[0] in "aeiou" else "a"
        return (
            f"{what} arrived before {role} ({target_article} {target} not on this laptop yet); "
            "it will be linked when that arrives"
        )


@lru_cache(maxsize=1)
def reference_fields() -> tuple[tuple[str, str, str, bool], ...]:
    """Every (kind, field, target kind, is a list) reference of the schema."""
    found: list[tuple[str, str, str, bool]] = []
    for kind in KINDS.values():
        for spec in kind.fields:
            if isinstance(spec.type, Reference) and spec.type.kind in KINDS:
                found.append((kind.name, spec.name, spec.type.kind, False))
            elif isinstance(spec.type, Collection) and isinstance(spec.type.element, Reference):
                found.append((kind.name, spec.name, spec.type.element.kind, True))
    return tuple(found)


def _table(kind: str) -> str:
    return str(KINDS[kind].model.__tablename__)


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def unlinked(conn: Connection, records: Mapping[str, Iterable[uuid.UUID]]) -> list[Unlinked]:
    """The references of ``records`` (ids by kind) to records that are not here."""
    found: list[Unlinked] = []
    for kind, name, target, is_list in reference_fields():
        ids = sorted(r.hex for r in records.get(kind, ()))
        for chunk in _chunks(ids):
            found.extend(_missing(conn, kind, name, target, is_list, chunk))
    for chunk in _chunks(sorted(r.hex for r in records.get("attachment", ()))):
        found.extend(_missing_owners(conn, chunk))
    return found


def _missing(
    conn: Connection, kind: str, name: str, target: str, is_list: bool, chunk: list[str]
) -> list[Unlinked]:
    table, marks = _table(kind), ", ".join("?" for _ in chunk)
    value = "replace(j.value, '-', '')" if is_list else f"t.{name}"
    source = f"{table} t, json_each(t.{name}) j" if is_list else f"{table} t"
    rows = conn.exec_driver_sql(
        f"SELECT t.id, {_NAME_SQL[kind]}, {value} FROM {source} "
        f"WHERE t.id IN ({marks}) AND {value} IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM {_table(target)} x WHERE x.id = {value})",
        tuple(chunk),
    ).all()
    return [
        Unlinked(kind, uuid.UUID(hex=r[0]), r[1] or "", name, target, str(uuid.UUID(hex=r[2])))
        for r in rows
    ]


def _missing_owners(conn: Connection, chunk: list[str]) -> list[Unlinked]:
    marks = ", ".join("?" for _ in chunk)
    rows = conn.exec_driver_sql(
        f"SELECT id, file_name, owner_kind, owner_id FROM attachments WHERE id IN ({marks})",
        tuple(chunk),
    ).all()
    found: list[Unlinked] = []
    for record_hex, file_name, owner_kind, owner_hex in rows:
        if owner_kind not in KINDS or owner_hex is None:
            continue
        here = conn.exec_driver_sql(
            f"SELECT 1 FROM {_table(owner_kind)} WHERE id = ?", (owner_hex,)
        ).first()
        if here is None:
            found.append(
                Unlinked(
                    "attachment",
                    uuid.UUID(hex=record_hex),
                    file_name or "",
                    "owner_id",
                    owner_kind,
                    str(uuid.UUID(hex=owner_hex)),
                )
            )
    return found
