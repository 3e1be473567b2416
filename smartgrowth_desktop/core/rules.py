"""Business rules per record kind: how values are checked and normalized, that the ids
they set name records, and what follows a write (a lead's stage history).

The record service applies them around every write; importers (JSON, spreadsheets,
vCards) and the conflict review normalize with the same ``normalize``.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.fieldtypes import Collection, Email, Moment, Phone, Reference, Wire
from smartgrowth_desktop.core.schema import KINDS, Kind
from smartgrowth_desktop.core.text import cjk_runs, fold, romanize_name

if TYPE_CHECKING:  # the writer and the models load with the first write, not with a read
    from smartgrowth_desktop.core.writer import Writer


def normalize(
    kind: Kind,
    values: dict[str, Any],
    current: dict[str, Wire] | None,
    path: str = "",
    region: str | None = None,
    memo: Memo | None = None,
) -> dict[str, Wire]:
    """Check and normalize user values for ``kind``; ``current`` is None on create.

    A bulk import passes one ``memo`` for all its records: a text (or list of texts) it
    has already normalized for a field is not normalized again (names, titles, tags and
    sources repeat; a value's normal form never depends on where it stands).
    """
    result: dict[str, Wire] = {}
    for name, value in values.items():
        spec = kind.by_name.get(name)
        if spec is None:
            raise ValidationError(_at(path, name), f"unknown field for a {kind.name}")
        key = None if memo is None else _memo_key(kind, name, value, region)
        if key is not None and memo is not None:
            known = memo.get(key, _MISSING)
            if known is not _MISSING:
                result[name] = _copied(known)
                continue
        field_path = _at(path, name)
        if isinstance(spec.type, Collection) and isinstance(spec.type.element, Phone):
            result[name] = _phones(value, field_path, region)
        else:
            result[name] = spec.type.normalize(value, field_path)
        if memo is not None and key is not None:
            memo[key] = _copied(result[name])
    merged = {**(current or {}), **result}
    for spec in kind.fields:
        if spec.required and not merged.get(spec.name):
            where = f"{path}.{spec.name}" if path else spec.name
            noun = kind.name.replace("_", "-")
            article = "an" if noun[0] in "aeiou" else "a"
            raise ValidationError(where, f"{article} {noun} needs a {spec.name}")
    _CHECKS.get(kind.name, _no_check)(merged, result, path)
    return result


Memo = dict[tuple[str, str, str | None, Any], Wire]
_MISSING = object()


def _memo_key(
    kind: Kind, name: str, value: Any, region: str | None
) -> tuple[str, str, str | None, Any] | None:
    """The memo key of a text or a list of texts (other values, and fields whose values
    are one of a kind, are not remembered)."""
    if not _repeats(kind.name, name):
        return None
    if type(value) is str:
        return (kind.name, name, region, value)
    if type(value) is list and all(type(item) is str for item in value):
        return (kind.name, name, region, tuple(value))
    return None


@lru_cache(maxsize=256)
def _repeats(kind_name: str, name: str) -> bool:
    """Whether a field's values repeat from record to record (not moments, e-mail
    addresses or phone numbers: remembering those would only cost). References do: a
    document's contacts point to a few organizations."""
    spec = KINDS[kind_name].by_name[name].type
    element = spec.element if isinstance(spec, Collection) else spec
    return not isinstance(element, Moment | Email | Phone)


def _copied(value: Wire) -> Wire:
    return list(value) if isinstance(value, list) else value


def _phones(value: Any, path: str, region: str | None) -> list[Wire]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValidationError(path, "expected a list")
    element = Phone()
    numbers: list[Wire] = []
    for index, item in enumerate(value):
        number = element.normalize(item, f"{path}[{index}]", region)
        if number is not None and number not in numbers:
            numbers.append(number)
    return numbers


def _no_check(merged: dict[str, Wire], result: dict[str, Wire], path: str) -> None:
    return None


def _at(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _contact(merged: dict[str, Wire], result: dict[str, Wire], path: str) -> None:
    if not (merged.get("family_name") or merged.get("given_name") or merged.get("native_name")):
        raise ValidationError(_at(path, "family_name"), "a contact needs a name")
    native = merged.get("native_name")
    if native and not merged.get("romanized_name") and "romanized_name" not in result:
        result["romanized_name"] = romanized_form(str(native))


@lru_cache(maxsize=65536)
def romanized_form(native: str) -> str | None:
    """The Latin form of a native-script name: pinyin for Chinese, unmarked for Vietnamese."""
    if cjk_runs(native):
        return romanize_name(native)
    plain = fold(native)
    if plain == native.casefold():
        return None
    return " ".join(word.capitalize() for word in plain.split())


def _ordered(merged: dict[str, Wire], start: str, end: str, path: str) -> None:
    first, last = merged.get(start), merged.get(end)
    if first and last and str(last) < str(first):
        raise ValidationError(_at(path, end), f"{end} is before {start}")


def _mission(merged: dict[str, Wire], result: dict[str, Wire], path: str) -> None:
    _ordered(merged, "start_date", "end_date", path)


def _meeting(merged: dict[str, Wire], result: dict[str, Wire], path: str) -> None:
    _ordered(merged, "starts_at", "ends_at", path)


def _lead(merged: dict[str, Wire], result: dict[str, Wire], path: str) -> None:
    if merged.get("value") and not merged.get("currency"):
        raise ValidationError(_at(path, "currency"), "a lead's value needs a currency")


def _follow_up(merged: dict[str, Wire], result: dict[str, Wire], path: str) -> None:
    if merged.get("meeting_id") and merged.get("lead_id"):
        raise ValidationError(
            _at(path, "lead_id"), "a follow-up belongs to a meeting or a lead, not both"
        )


_CHECKS = {
    "contact": _contact,
    "mission": _mission,
    "meeting": _meeting,
    "lead": _lead,
    "follow_up": _follow_up,
}


def check_references(
    conn: Connection,
    kind: Kind,
    values: dict[str, Wire],
    path: str = "",
    current: dict[str, Wire] | None = None,
) -> None:
    """Every id ``values`` sets must name an existing record of the right kind.

    Ids the record already holds (``current``) are left alone: sync may have brought a
    reference before the record it names, and an edit of another field keeps it.
    """
    current = current or {}
    for name, value in values.items():
        spec = kind.by_name[name].type
        target: str | None = None
        ids: list[Wire] = []
        if isinstance(spec, Reference) and value is not None and value != current.get(name):
            target = values.get("owner_kind") if name == "owner_id" else spec.kind
            ids = [value]
        elif isinstance(spec, Collection) and isinstance(spec.element, Reference):
            held = current.get(name) or []
            target = spec.element.kind
            ids = [i for i in value or [] if not isinstance(held, list) or i not in held]
        if target is None or not ids:
            continue
        from smartgrowth_desktop.core.writer import table_of

        table = table_of(KINDS[str(target)])
        wanted = {uuid.UUID(str(i)) for i in ids}
        found = set(conn.execute(select(table.c.id).where(table.c.id.in_(wanted))).scalars())
        for index, record_id in enumerate(ids):
            if uuid.UUID(str(record_id)) not in found:
                where = _at(path, name)
                if isinstance(spec, Collection):
                    where += f"[{index}]"
                raise ValidationError(where, f"no {target} with id {record_id}")


def after_write(
    writer: Writer,
    kind: Kind,
    record_id: uuid.UUID,
    before: dict[str, Wire] | None,
    values: dict[str, Wire],
) -> None:
    """Records that follow from a write: a lead's stage moves keep their history."""
    if kind.name != "lead" or "stage" not in values:
        return
    if before is not None and before.get("stage") == values["stage"]:
        return
    writer.create(
        "stage_change",
        {"lead_id": str(record_id), "stage": values["stage"], "changed_at": writer.now},
    )
