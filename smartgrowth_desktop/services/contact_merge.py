"""Merge two contact cards into one, field by field, as ONE write (so it syncs as one
change and can be undone): the kept card takes the chosen values, the other is moved to the
trash, and everything that pointed to the other (meeting attendees, attachments, any
reference to a contact) now points to the kept one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import String, cast, select

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.fieldtypes import Collection, Reference, Wire
from smartgrowth_desktop.core.schema import BOOKKEEPING, KINDS
from smartgrowth_desktop.core.writer import Writer, table_of
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import as_uuid, update_in

Choice = Literal["keep", "other", "both"]
CONTACT = KINDS["contact"]
#: the contact fields a merge chooses between (everything a user can see)
MERGE_FIELDS = tuple(f.name for f in CONTACT.fields if f.name not in BOOKKEEPING | {"extra"})


@dataclass
class FieldChoice:
    """One field of a pair: both values and the choice made unless the user changes it."""

    name: str
    keep: Wire
    other: Wire
    default: Choice
    is_list: bool

    @property
    def differs(self) -> bool:
        return bool(self.other) and self.keep != self.other


@dataclass
class MergeResult:
    """What a merge wrote, enough to undo it."""

    keep_id: uuid.UUID
    other_id: uuid.UUID
    before: dict[str, Wire]
    after: dict[str, Wire]
    repointed: list[tuple[str, uuid.UUID, str, Wire, Wire]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kept": str(self.keep_id),
            "merged": str(self.other_id),
            "fields": sorted(self.after),
            "repointed": [
                {"kind": kind, "id": str(record_id), "field": name}
                for kind, record_id, name, _b, _a in self.repointed
            ],
        }


def field_choices(keep: dict[str, Wire], other: dict[str, Wire]) -> list[FieldChoice]:
    """Per field, both values and the default: lists joined, else the kept card's value
    unless it is empty."""
    choices = []
    for name in MERGE_FIELDS:
        spec = CONTACT.by_name[name]
        is_list = isinstance(spec.type, Collection)
        mine, theirs = keep.get(name), other.get(name)
        default: Choice = "keep"
        if is_list and theirs and mine != theirs:
            default = "both"
        elif not mine and theirs:
            default = "other"
        choices.append(FieldChoice(name, mine, theirs, default, is_list))
    return choices


def merged_values(
    keep: dict[str, Wire], other: dict[str, Wire], take: dict[str, Choice]
) -> dict[str, Wire]:
    """The kept card's new values (only the fields that change)."""
    result: dict[str, Wire] = {}
    for choice in field_choices(keep, other):
        wanted = take.get(choice.name, choice.default)
        if wanted not in ("keep", "other", "both"):
            raise ValidationError(choice.name, f"choose keep, other or both, not {wanted!r}")
        if wanted == "both" and not choice.is_list:
            wanted = "other" if not choice.keep else "keep"
        value = choice.keep
        if wanted == "other":
            value = choice.other
        elif wanted == "both":
            value = list(choice.keep or []) + list(choice.other or [])
        if value != choice.keep:
            result[choice.name] = value
    extra = {**(other.get("extra") or {}), **(keep.get("extra") or {})}
    if extra != (keep.get("extra") or {}):
        result["extra"] = extra
    return result


def _contact_references() -> list[tuple[str, str, bool]]:
    """Every (kind, field, is_list) that can hold a contact's id."""
    found = []
    for kind in KINDS.values():
        for spec in kind.fields:
            element = spec.type.element if isinstance(spec.type, Collection) else spec.type
            if isinstance(element, Reference) and element.kind == "contact":
                found.append((kind.name, spec.name, isinstance(spec.type, Collection)))
    return found


def _repoint(writer: Writer, keep_id: uuid.UUID, other_id: uuid.UUID) -> list[Any]:
    changes: list[tuple[str, uuid.UUID, str, Wire, Wire]] = []
    targets = [*_contact_references(), ("attachment", "owner_id", False)]
    for kind_name, name, is_list in targets:
        table = table_of(KINDS[kind_name])
        column = table.c[name]
        where = cast(column, String).like(f"%{other_id}%") if is_list else column == other_id
        query = select(table.c.id).where(where, table.c.deleted_at.is_(None))
        for record_id in writer.conn.execute(query).scalars():
            current = writer.current(KINDS[kind_name], record_id)
            before = current.get(name)
            if is_list:
                after: Wire = [str(keep_id) if v == str(other_id) else v for v in before or []]
            else:
                after = str(keep_id)
            if after != before:
                update_in(writer, kind_name, record_id, {name: after})
                changes.append((kind_name, record_id, name, before, after))
    return changes


def merge_in(
    writer: Writer, keep_id: uuid.UUID, other_id: uuid.UUID, take: dict[str, Choice]
) -> MergeResult:
    """Merge inside an open write transaction."""
    if keep_id == other_id:
        raise ValidationError("contact", "cannot merge a contact with itself")
    keep = writer.current(CONTACT, keep_id)
    other = writer.current(CONTACT, other_id)
    for label, values in (("kept", keep), ("merged", other)):
        if values.get("deleted_at"):
            raise ValidationError("contact", f"the {label} contact is in the trash")
    unknown = set(take) - set(MERGE_FIELDS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], "not a contact field a merge can take")
    after = merged_values(keep, other, take)
    before = {name: keep.get(name) for name in after}
    if after:
        update_in(writer, "contact", keep_id, after)
    repointed = _repoint(writer, keep_id, other_id)
    writer.delete("contact", other_id)
    return MergeResult(keep_id, other_id, before, after, repointed)


def merge_contacts(
    profile: Profile,
    keep_id: uuid.UUID | str,
    other_id: uuid.UUID | str,
    take: dict[str, Choice] | None = None,
) -> MergeResult:
    """Merge ``other`` into ``keep`` in one transaction; ``take`` overrides the defaults."""
    with profile.write() as writer:
        return merge_in(writer, as_uuid(keep_id), as_uuid(other_id), take or {})


def undo_merge(profile: Profile, result: MergeResult) -> None:
    """Put both cards and every repointed reference back as they were, in one write."""
    with profile.write() as writer:
        writer.restore("contact", result.other_id)
        for kind_name, record_id, name, before, _after in reversed(result.repointed):
            update_in(writer, kind_name, record_id, {name: before})
        if result.before:
            update_in(writer, "contact", result.keep_id, result.before)


def redo_merge(profile: Profile, result: MergeResult) -> None:
    """Apply a merge again after it was undone (the same values, the same references)."""
    with profile.write() as writer:
        if result.after:
            update_in(writer, "contact", result.keep_id, result.after)
        for kind_name, record_id, name, _before, after in result.repointed:
            update_in(writer, kind_name, record_id, {name: after})
        writer.delete("contact", result.other_id)
