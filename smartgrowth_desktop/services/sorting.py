"""How names sort in this profile: the collation chosen in Settings (this laptop only).

Changing it makes the stored name keys again (contacts, organizations, and the copies
the contacts and leads keep of their organization's): derived, local columns, so the
change log, and so sync, never sees it. Colleagues choose their own.
"""

from __future__ import annotations

from smartgrowth_desktop.core.collation import COLLATIONS, collation_name
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.sort_keys import (
    COLLATION_KEY,
    profile_collation,
    recompute_name_keys,
)
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.profile import Profile

#: The record kinds whose lists sort by a name key (announced after a change).
SORTED_KINDS = ("contact", "organization", "lead")


def collation_choices() -> dict[str, str]:
    """The collations a profile can choose, by code, with the names Settings shows."""
    return dict(COLLATIONS)


def current_collation(profile: Profile) -> str:
    """The collation this profile's lists sort names by."""
    with profile.database.connection() as conn:
        return profile_collation(conn)


def set_collation(profile: Profile, code: str) -> WriteSummary:
    """Sort names by ``code`` from now on; returns what to announce (every list whose
    rows sort by a name loads again), empty when nothing changed."""
    if code not in COLLATIONS:
        choices = ", ".join(COLLATIONS)
        raise ValidationError(COLLATION_KEY, f"unknown collation {code!r} (one of {choices})")
    with profile.database.connection(immediate=True) as conn:
        if profile_collation(conn) == collation_name(code):
            return WriteSummary()
        recompute_name_keys(conn, code)
    return WriteSummary(records={kind: set() for kind in SORTED_KINDS})
