"""Columns computed from a record's fields (never synced; rebuilt wherever fields change)."""

from __future__ import annotations

from typing import Any

from smartgrowth_desktop.core.collation import DEFAULT_COLLATION
from smartgrowth_desktop.core.names import whole_name


def contact_display_name(row: dict[str, Any]) -> str:
    """How a contact's name reads in lists: native script with the Latin form beside it,
    family and given name in the card's order (or the guessed one; ``core/names.py``)."""
    return whole_name(row)


def derived_columns(
    kind: str, row: dict[str, Any], collation: str = DEFAULT_COLLATION
) -> dict[str, Any]:
    """The computed columns of one record of ``kind``, from its wire values; names sort
    by the profile's ``collation``.

    (A contact's or lead's copy of its organization's key is kept by ``sort_keys``.)
    """
    if kind not in ("contact", "organization"):
        return {}
    # here, not at the top: a display name (a search's labels) needs no phone tables
    from smartgrowth_desktop.core.sort_keys import (
        contact_name_key,
        first_email_key,
        first_phone_key,
        organization_name_key,
    )

    if kind == "contact":
        return {
            "sort_name": contact_name_key(row, collation),
            "sort_phone": first_phone_key(row.get("phones")),
            "sort_email": first_email_key(row.get("emails")),
        }
    return {"sort_name": organization_name_key(row.get("name"), collation)}
