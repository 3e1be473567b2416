"""Which picker a reference field gets: one searchable picker everywhere, told its noun,
the records it lists first and what a record created from a typed name holds.

A lead's SME picker lists SMEs first, its counterpart picker the other organizations
first (an organization whose kind is not set yet is still found); both, and a contact's
organization, offer "＋ Create … “name”" when nothing matches exactly. Markets are not
created from a name (a market needs its country and time zone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from smartgrowth_desktop.services.lists import Where
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.widgets.record_picker import RecordPicker
from smartgrowth_desktop.ui.widgets.ref_picker import RecordField

Values = dict[str, Any]
#: the travelling SMEs of a meeting or mission, and the others (counterparts)
SMES = (Where("kind", "=", "sme"),)
COUNTERPARTS = (Where("kind", "!=", "sme"),)


def _named(field: str, **more: Any) -> Callable[[str], Values]:
    return lambda name: {field: name, **more}


@dataclass(frozen=True)
class PickerSpec:
    """How a reference field's picker reads and what it offers."""

    noun: str
    prefer: tuple[Where, ...] = ()
    create: Callable[[str], Values] | None = None


#: by reference kind: what a picker of that kind is by default
BY_KIND: dict[str, PickerSpec] = {
    "organization": PickerSpec("organization", (), _named("name", kind="other")),
    "mission": PickerSpec("mission", (), _named("name")),
    "meeting": PickerSpec("meeting", (), _named("title")),
    "market": PickerSpec("market"),
    "contact": PickerSpec("contact"),
    "lead": PickerSpec("lead"),
}
#: by field name, where the field says more than its kind
BY_FIELD: dict[str, PickerSpec] = {
    "sme_id": PickerSpec("SME", SMES, _named("name", kind="sme")),
    "sme_ids": PickerSpec("SME", SMES, _named("name", kind="sme")),
    "attendee_ids": PickerSpec("attendee"),
    "organization_ids": PickerSpec("organization", COUNTERPARTS, _named("name", kind="other")),
}
#: by (record kind, field name): a lead's organization is its counterpart
BY_RECORD_FIELD: dict[tuple[str, str], PickerSpec] = {
    ("lead", "organization_id"): PickerSpec(
        "counterpart", COUNTERPARTS, _named("name", kind="other")
    ),
}


def picker_spec(record_kind: str, field: str, ref_kind: str) -> PickerSpec:
    """The picker of ``field`` on a ``record_kind`` pointing to ``ref_kind`` records."""
    found = BY_RECORD_FIELD.get((record_kind, field)) or BY_FIELD.get(field)
    return found or BY_KIND.get(ref_kind) or PickerSpec(ref_kind.replace("_", " "))


def one_picker(
    ctx: AppContext,
    record_kind: str,
    field: str,
    ref_kind: str,
    can_open: bool = False,
) -> RecordField:
    """The searchable picker of one record for ``field``."""
    spec = picker_spec(record_kind, field, ref_kind)
    return RecordField(
        ctx, ref_kind, spec.noun, can_open=can_open, prefer=spec.prefer, create=spec.create
    )


def many_picker(
    ctx: AppContext,
    record_kind: str,
    field: str,
    ref_kind: str,
    create: Callable[[str], Values] | None = None,
) -> RecordPicker:
    """The searchable picker of several records (chips) for ``field``."""
    spec = picker_spec(record_kind, field, ref_kind)
    return RecordPicker(ctx, ref_kind, spec.noun, prefer=spec.prefer, create=create or spec.create)
