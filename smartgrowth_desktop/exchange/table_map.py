"""Columns of a spreadsheet mapped to the fields of organizations and contacts.

The mapping is guessed from the header names (English, Swedish, Finnish, Estonian,
Vietnamese and a few Chinese words; Google Contacts' and Outlook's export headers), and
can be changed. The targets are the fields that declare spreadsheet headers in
``core/schema.py`` (their labels and headers are there), and two that are not fields:
``full_name`` (split into family and given name) and, for a reference, the name of the
record it points to (``organization``: an organization's name, linked or created on
import).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.names import leads_with_family_name
from smartgrowth_desktop.core.phones import AS_WRITTEN
from smartgrowth_desktop.core.schema import KINDS, Field
from smartgrowth_desktop.core.text import cjk_runs, fold

IGNORE = ""


@dataclass(frozen=True)
class Target:
    """Where a column's values go: a field (or a pseudo-field), and how cells split."""

    name: str
    label: str
    split: str = ""  # "" text; "list" ; , or new line; "phones" also /; "emails" also spaces
    headers: str = ""  # comma-separated header phrases (folded when compared)


FULL_NAME = Target(
    "full_name",
    "Full name (split)",
    headers="name, full name, contact, contact name, display name, namn, "
    "fullständigt namn, nimi, koko nimi, täisnimi, tên, họ tên, họ và tên, 姓名",
)


def _split(field: Field) -> str:
    if not isinstance(field.type, ft.Collection):
        return ""
    element = field.type.element
    return {ft.Email: "emails", ft.Phone: "phones"}.get(type(element), "list")


def _hint(field: Field) -> str:
    """What the label adds about the values: "Kind (sme, municipality, …)", "Due (date)"."""
    if isinstance(field.type, ft.Choice):
        choices = [choice.replace("_", " ") for choice in field.type.choices]
        return f" ({', '.join(choices[:2])}{', …' if len(choices) > 2 else ''})"
    return " (date)" if isinstance(field.type, ft.Day) else ""


def _target(field: Field) -> Target:
    if isinstance(field.type, ft.Reference):  # by the name of the record it points to
        name = field.name.removesuffix("_id")
        return Target(name, f"{field.label} (by name)", headers=field.headers)
    return Target(field.name, field.label + _hint(field), _split(field), field.headers)


def _targets(kind: str) -> tuple[Target, ...]:
    found = tuple(_target(f) for f in KINDS[kind].fields if f.headers)
    return (FULL_NAME, *found) if kind == "contact" else found


TARGETS = {kind: _targets(kind) for kind in ("organization", "contact")}

#: words a header may contain that give its field away ("Mobile phone 2", "Work e-mail")
_CONTAINS = {
    "contact": (("mail", "emails"), ("phone", "phones"), ("puhelin", "phones")),
    "organization": (),
}
_PUNCTUATION = re.compile(r"[\s_\-.:/()\[\]#*]+")
_NUMBERED = re.compile(r"\s\d+(?=\s|$)")
_TABLES: dict[str, dict[str, str]] = {}


def header_key(header: str) -> str:
    """A header folded for matching: "E-mail 1 - Value" → "e mail", "Förnamn" → "fornamn"."""
    key = _PUNCTUATION.sub(" ", fold(header)).strip()
    key = _NUMBERED.sub("", f" {key} ").strip()
    for suffix in (" value", " address"):
        if key.endswith(suffix) and key != suffix.strip():
            key = key[: -len(suffix)].strip()
    return key


def _alias_table(kind: str) -> dict[str, str]:
    """Header keys to targets: a target's name, its headers, then its label."""
    table = _TABLES.get(kind)
    if table is None:
        table = {}
        for target in TARGETS[kind]:
            table.setdefault(header_key(target.name), target.name)
            for phrase in target.headers.split(","):
                table.setdefault(header_key(phrase), target.name)
        for target in TARGETS[kind]:  # after every header: "Name" is a contact's full name
            table.setdefault(header_key(target.label.split(" (")[0]), target.name)
        _TABLES[kind] = table
    return table


def guess_target(kind: str, header: str) -> str:
    """The field a column called ``header`` most likely holds ("" when no guess)."""
    key = header_key(header)
    if not key or key.endswith(" type") or key == "id":
        return IGNORE
    table = _alias_table(kind)
    if key in table:
        return table[key]
    for word, target in _CONTAINS[kind]:
        if word in key:
            return target
    return IGNORE


def guess_mapping(kind: str, headers: Sequence[str]) -> list[str]:
    """One target per column; a single-valued target goes to its first column only."""
    mapping: list[str] = []
    taken: set[str] = set()
    splits = {t.name: t.split for t in TARGETS[kind]}
    for header in headers:
        target = guess_target(kind, header)
        if target and not splits.get(target) and target in taken:
            target = IGNORE
        taken.add(target)
        mapping.append(target)
    if kind == "contact" and {"family_name", "given_name"} & taken and "full_name" in taken:
        mapping = [IGNORE if t == "full_name" else t for t in mapping]
    return mapping


def apply_overrides(
    kind: str, headers: Sequence[str], mapping: list[str], overrides: Sequence[str]
) -> list[str]:
    """Apply ``COLUMN=field`` choices (a header name or a 1-based number; ``field`` may be
    empty or ``-`` to ignore the column)."""
    result = list(mapping)
    known = {t.name for t in TARGETS[kind]}
    keys = [header_key(h) for h in headers]
    for item in overrides:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip():
            raise ValidationError("--map", f"expected COLUMN=field, got {item!r}")
        target = target.strip()
        target = IGNORE if target in ("", "-") else target
        if target and target not in known:
            raise ValidationError("--map", f"{target!r} is not one of {', '.join(sorted(known))}")
        index = _column_index(column.strip(), headers, keys)
        result[index] = target
    return result


def _column_index(column: str, headers: Sequence[str], keys: list[str]) -> int:
    if column in headers:
        return list(headers).index(column)
    if header_key(column) in keys:
        return keys.index(header_key(column))
    if column.isdigit() and 1 <= int(column) <= len(headers):
        return int(column) - 1
    raise ValidationError("--map", f"no column {column!r} (columns: {', '.join(headers)})")


# -- cells to values ----------------------------------------------------------------------

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def unneutralize(cell: str) -> str:
    """Undo the export's guard: "'=SUM(A1)" back to "=SUM(A1)", "'+84 …" to "+84 …"."""
    if cell.startswith("'") and cell[1:2] in _TRIGGERS and cell[1:2]:
        return cell[1:]
    return cell


def split_cell(cell: str, how: str) -> list[str]:
    """The items of a list cell.

    Phones split on ; and new lines (not ``;ext=``), then on , and / unless an item is a
    number kept as written (``~…``, as ``export-table`` writes it).
    """
    if how == "phones":
        items = [item.strip() for item in re.split(r";(?!\s*ext\s*=)|\n", cell)]
        found: list[str] = []
        for item in items:
            found.extend([item] if item.startswith(AS_WRITTEN) else re.split(r"[,/]", item))
        return [item.strip() for item in found if item.strip()]
    pattern = {"list": r"[;,\n]", "emails": r"[;,\s]"}[how]
    return [item.strip() for item in re.split(pattern, cell) if item.strip()]


def split_full_name(name: str) -> dict[str, str]:
    """A contact's name fields from one "Name" cell.

    Han characters: the native name. A Vietnamese or Chinese family name first ("Nguyễn
    Thị Mai", "Li Wei"; ``core/names.py``): family first. Otherwise the last word is the
    family name ("Anna Svensson").
    """
    name = " ".join(name.split())
    if cjk_runs(name):
        return {"native_name": name}
    words = name.split(" ")
    if len(words) == 1:
        return {"family_name": name}
    if leads_with_family_name(name):  # "Nguyễn Thị Mai", "Li Wei"
        return {
            "family_name": words[0],
            "given_name": " ".join(words[1:]),
            "name_order": "family_first",
        }
    return {"family_name": words[-1], "given_name": " ".join(words[:-1])}
