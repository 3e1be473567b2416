"""Conflicts a person resolves: list them with every value, who and when; settle one.

A conflict is a field that ended with several values written concurrently (or a record
deleted on one laptop while edited on another). Resolving writes one more change whose
``prev`` covers every open value, so it closes the conflict on every device once synced.
"""

from __future__ import annotations

import difflib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from smartgrowth_desktop.core import rules
from smartgrowth_desktop.core.clock import datetime_of
from smartgrowth_desktop.core.errors import NotFoundError, ValidationError
from smartgrowth_desktop.core.fieldtypes import Wire, format_datetime
from smartgrowth_desktop.core.names import whole_name
from smartgrowth_desktop.core.schema import kind as kind_of
from smartgrowth_desktop.services.profile import Profile

DELETION = "deleted_at"
KEEP_WORDS = {"keep", "kept", "record", "restore", "restored"}
DELETE_WORDS = {"delete", "deleted", "trash"}
_NAME_FIELDS = ("family_name", "given_name", "native_name", "romanized_name", "name_order")
_LABEL_FIELDS = ("title", "name", "family_name", "given_name", "native_name", "text", "file_name")


@dataclass(frozen=True)
class ConflictValue:
    """One of the values of a conflict: what, by whom, from which laptop, when."""

    value: Wire
    author: str | None
    device: str
    device_name: str | None
    at: str
    mine: bool
    shown: bool
    edited: tuple[str, ...] = ()  # for a deletion conflict: the fields an edit changed

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "author": self.author,
            "device": self.device,
            "device_name": self.device_name,
            "at": self.at,
            "mine": self.mine,
            "shown": self.shown,
            "edited": list(self.edited),
        }


@dataclass(frozen=True)
class Conflict:
    """One open conflict."""

    id: str
    kind: str
    record_id: str
    label: str
    field: str
    key: str
    values: tuple[ConflictValue, ...]

    @property
    def is_deletion(self) -> bool:
        return self.field == DELETION

    def describe(self, value: ConflictValue) -> str:
        """One value in words: the value itself, or for a deletion what that laptop did."""
        if self.is_deletion:
            if value.value is not None:
                return "deleted"
            return "edited " + ", ".join(value.edited) if value.edited else "restored"
        return json.dumps(value.value, ensure_ascii=False)

    def diff(self) -> list[str]:
        """A line diff between the shown value and the other one (long notes)."""
        shown = [v for v in self.values if v.shown] or list(self.values[:1])
        other = [v for v in self.values if not v.shown][:1]
        if not other:
            return []
        before, after = str(other[0].value or ""), str(shown[0].value or "")
        return list(
            difflib.unified_diff(
                before.splitlines(), after.splitlines(), "other", "shown", lineterm=""
            )
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "record_id": self.record_id,
            "label": self.label,
            "field": self.field,
            "key": self.key,
            "deletion": self.is_deletion,
            "values": [v.to_json() for v in self.values],
        }


class ConflictService:
    """List and resolve conflicts."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def count(self) -> int:
        """How many conflicts are open."""
        with self.profile.database.connection() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM conflicts").scalar_one())

    def list(self) -> list[Conflict]:
        """Every open conflict, oldest first."""
        with self.profile.database.connection() as conn:
            rows = conn.exec_driver_sql(
                "SELECT id, kind, record_id, field, key FROM conflicts ORDER BY raised_hlc, id"
            ).all()
            return [_Reader(conn).conflict(*row) for row in rows]

    def get(self, conflict_id: str) -> Conflict:
        """One open conflict by id (or a unique prefix of it)."""
        wanted = conflict_id.strip().lower()
        matches = [c for c in self.list() if c.id.startswith(wanted)] if wanted else []
        if len(matches) != 1:
            known = "no open conflict" if not matches else "several conflicts"
            raise NotFoundError(f"{known} with id {conflict_id!r} (see: smartgrowth-cli conflicts)")
        return matches[0]

    def resolve(self, conflict_id: str, keep: str) -> Conflict:
        """Keep ``mine``, ``theirs`` or a given value; returns the conflict as it was.

        For a deletion conflict, ``keep`` may also be ``record`` (keep it) or ``delete``.
        """
        conflict = self.get(conflict_id)
        value = self._chosen(conflict, keep)
        kind = kind_of(conflict.kind)
        record_id = uuid.UUID(conflict.record_id)
        with self.profile.write() as writer:
            if conflict.is_deletion:
                value = writer.now if value else None
            else:
                current = writer.current(kind, record_id)
                value = rules.normalize(kind, {conflict.field: value}, current)[conflict.field]
            writer.update(kind.name, record_id, {conflict.field: value}, force={conflict.field})
        return conflict

    def _chosen(self, conflict: Conflict, keep: str) -> Wire:
        """The value ``keep`` names (for a deletion: truthy means delete)."""
        word = keep.strip()
        if word.lower() in ("mine", "theirs"):
            mine = word.lower() == "mine"
            side = [v for v in conflict.values if v.mine == mine]
            if not side:
                whose = "this laptop" if mine else "another laptop"
                raise ValidationError(
                    "--keep", f"none of the values comes from {whose}; name the value to keep"
                )
            return max(side, key=lambda v: v.at).value
        if conflict.is_deletion:
            if word.lower() in KEEP_WORDS:
                return None
            if word.lower() in DELETE_WORDS:
                return True
            raise ValidationError("--keep", "for a deleted record: mine, theirs, record or delete")
        try:
            return json.loads(word)
        except json.JSONDecodeError:
            return word


class _Reader:
    """Reads what a conflict consists of, in one connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.me = conn.exec_driver_sql(
            "SELECT value FROM local_state WHERE key = 'device_id'"
        ).scalar()

    def conflict(self, cid: str, kind: str, record_hex: str, name: str, key: str) -> Conflict:
        record_id = uuid.UUID(hex=str(record_hex).replace("-", ""))
        heads = self._heads(record_id, name, key)
        if name == DELETION:
            values = self._deletion_values(record_id, heads)
        else:
            shown = max(heads, key=lambda h: (h["hlc"], h["device"], h["seq"]))
            values = [self._value(h, h is shown) for h in heads]
        label = self._label(kind, record_id)
        return Conflict(cid, kind, str(record_id), label, name, key, tuple(values))

    def _heads(self, record_id: uuid.UUID, name: str, key: str) -> list[dict[str, Any]]:
        rows = self.conn.exec_driver_sql(
            "SELECT d.device_id, d.name, c.seq, c.hlc, c.value, c.author FROM changes c "
            "JOIN devices d ON d.idx = c.device_idx WHERE c.record_id = ? AND c.field = ? "
            "AND c.key = ? AND c.is_open = 1 ORDER BY c.hlc",
            (record_id.hex, name, key),
        )
        return [
            {
                "device": r[0],
                "device_name": r[1],
                "seq": r[2],
                "hlc": r[3],
                "value": json.loads(r[4]),
                "author": r[5],
            }
            for r in rows
        ]

    def _value(
        self, head: dict[str, Any], shown: bool, edited: tuple[str, ...] = ()
    ) -> ConflictValue:
        return ConflictValue(
            value=head["value"],
            author=head["author"],
            device=head["device"],
            device_name=head["device_name"],
            at=format_datetime(datetime_of(head["hlc"])),
            mine=head["device"] == self.me,
            shown=shown,
            edited=edited,
        )

    def _deletion_values(
        self, record_id: uuid.UUID, heads: list[dict[str, Any]]
    ) -> list[ConflictValue]:
        """The deletes (and restores) against the edits made concurrently with them."""
        values = [self._value(h, False) for h in heads]
        stamps = {(h["device"], h["hlc"]) for h in heads}
        for mark in self._heads(record_id, "updated_at", ""):
            if (mark["device"], mark["hlc"]) in stamps:
                continue
            edited = self._fields_written(record_id, mark["device"], mark["hlc"])
            values.append(self._value({**mark, "value": None}, True, edited))
        return values

    def _fields_written(self, record_id: uuid.UUID, device: str, hlc: int) -> tuple[str, ...]:
        rows = self.conn.exec_driver_sql(
            "SELECT DISTINCT c.field FROM changes c JOIN devices d ON d.idx = c.device_idx "
            "WHERE c.record_id = ? AND d.device_id = ? AND c.hlc = ? AND c.field != 'updated_at'",
            (record_id.hex, device, hlc),
        )
        return tuple(sorted(r[0] for r in rows))

    def _label(self, kind: str, record_id: uuid.UUID) -> str:
        if kind == "contact":
            return self._person(record_id)
        table = kind_of(kind).model.__tablename__
        columns = [f for f in _LABEL_FIELDS if f in kind_of(kind).by_name]
        if not columns:
            return f"{kind} {str(record_id)[:8]}"
        row = self.conn.exec_driver_sql(
            f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (record_id.hex,)
        ).first()
        parts = [str(v) for v in (row or ()) if v]
        return " ".join(parts[:2]) or f"{kind} {str(record_id)[:8]}"

    def _person(self, record_id: uuid.UUID) -> str:
        """A contact by the name lists show ("Lý Thu Hà", "张晓燕 (Zhang Xiaoyan)")."""
        row = self.conn.exec_driver_sql(
            f"SELECT {', '.join(_NAME_FIELDS)} FROM contacts WHERE id = ?", (record_id.hex,)
        ).first()
        if row is None:
            return f"contact {str(record_id)[:8]}"
        return whole_name(dict(zip(_NAME_FIELDS, row, strict=True)))
