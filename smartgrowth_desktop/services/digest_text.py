"""How a change reads in the digest: a field's label as the window's forms show it, and a
short new value in words (none for lists, references and long structures)."""

from __future__ import annotations

import json

from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core.labels import choice_label, shortened
from smartgrowth_desktop.core.schema import KINDS

VALUE_LIMIT = 60
#: types whose value says nothing to a person (ids) or is too big for one line
_UNSHOWN = (ft.Collection, ft.Reference, ft.Mapping, ft.Moment)


def field_label(kind: str, name: str) -> str:
    """ "next_step" of a lead → "Next step"; a field this version does not know, as named."""
    known = KINDS.get(kind)
    found = known.by_name.get(name) if known else None
    return found.label if found else name.replace("_", " ").capitalize()


def describe_value(kind: str, name: str, value: str) -> str:
    """A change's new value (JSON text) in words: "Proposal", "“Met at the fair…”",
    "cleared", or "" where the label alone is shown."""
    known = KINDS.get(kind)
    spec = known.by_name.get(name) if known else None
    if spec is None or isinstance(spec.type, _UNSHOWN):
        return ""
    try:
        decoded = json.loads(value)
    except ValueError:
        return ""
    if decoded is None or decoded == "":
        return "cleared"
    if isinstance(spec.type, ft.Boolean) or isinstance(decoded, bool):
        return "yes" if decoded else "no"
    if isinstance(spec.type, ft.Choice):
        return choice_label(name, str(decoded))
    if isinstance(decoded, str):
        text = shortened(decoded, VALUE_LIMIT)
        plain = isinstance(spec.type, ft.Day | ft.Money | ft.Country | ft.TimeZone)
        return text if plain else f"“{text}”"
    if isinstance(decoded, int | float):
        return str(decoded)
    return ""
