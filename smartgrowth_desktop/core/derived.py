"""Columns computed from a record's fields (never synced; rebuilt wherever fields change)."""

from __future__ import annotations

from typing import Any

from smartgrowth_desktop.core.names import whole_name
from smartgrowth_desktop.core.sort_keys import first_email_key, first_phone_key, name_key
from smartgrowth_desktop.core.text import fold


def contact_display_name(row: dict[str, Any]) -> str:
    """How a contact's name reads in lists: native script with the Latin form beside it,
    family and given name in the card's order (or the guessed one; ``core/names.py``)."""
    return whole_name(row)


def derived_columns(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    """The computed columns of one record of ``kind``, from its wire values.

    (A contact's or lead's copy of its organization's key is kept by ``sort_keys``.)
    """
    if kind == "contact":
        family = row.get("family_name") or row.get("romanized_name") or row.get("native_name")
        key = f"{family or ''} {row.get('given_name') or ''}"
        return {
            "sort_name": fold(key).strip() or None,
            "sort_phone": first_phone_key(row.get("phones")),
            "sort_email": first_email_key(row.get("emails")),
        }
    if kind == "organization":
        return {"sort_name": name_key(row.get("name"))}
    return {}
