"""Records as a picker shows them: found by typing, listed first, or described by id.

One way to pick a record everywhere (a lead's SME, a meeting's mission, an attendee): a
picker asks here, in the worker, for the records whose names start with what was typed,
or for the first few when nothing is typed yet; and for the label of the record a field
already points to, which may be in the trash or not on this laptop yet (sync can bring a
lead before its SME).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.fieldtypes import Wire
from smartgrowth_desktop.services.lists import MISSING, ListQuery, ListService, Where
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.search import SearchService

State = Literal["live", "trash", "missing"]
IN_TRASH = "in the trash"
#: What a picker lists before anything is typed: each kind in its most useful order.
FIRST = {
    "contact": ("sort_name", False),
    "organization": ("sort_name", False),
    "market": ("name", False),
    "mission": ("start_date", True),
    "meeting": ("starts_at", True),
    "lead": ("updated_at", True),
}


_LABEL_FIELDS = {"meeting": "title", "lead": "title", "follow_up": "text"}


def label_of(kind: str, values: dict[str, Wire]) -> str:
    """How a record reads on a chip, in a field or in a list."""
    if kind == "contact":
        return contact_display_name(values)
    return str(values.get(_LABEL_FIELDS.get(kind, "name")) or "(untitled)")


@dataclass(frozen=True)
class Choice:
    """A record as a picker shows it."""

    id: str
    label: str
    detail: str = ""
    state: State = "live"
    values: dict[str, Wire] = field(default_factory=dict, compare=False)
    region: str | None = None  # an organization's country, else its market's

    @property
    def shown(self) -> str:
        """The label, or why there is none to show."""
        if self.state == "missing":
            return f"({MISSING})"
        return f"{self.label} ({IN_TRASH})" if self.state == "trash" else self.label


class PickService:
    """Finds and describes records for pickers."""

    def __init__(self, profile: Profile) -> None:
        self.lists = ListService(profile)
        self.search = SearchService(profile)

    def describe(self, kind: str, ids: Iterable[str]) -> dict[str, Choice]:
        """A choice for every id: live, in the trash, or not on this laptop (yet)."""
        wanted = {str(i) for i in ids if i}
        uuids = [uuid.UUID(i) for i in wanted]
        found: dict[str, Choice] = {}
        for deleted in (False, True):
            query = ListQuery(kind, deleted=deleted)
            for values in self.lists.records(query, uuids, limit=len(uuids) or 1):
                state: State = "trash" if deleted else "live"
                choice = Choice(str(values["id"]), label_of(kind, values), "", state, values)
                found[choice.id] = choice
        missing = {i: Choice(i, "", "", "missing") for i in wanted - set(found)}
        if kind == "organization":
            found = self._with_regions(found)
        return {**found, **missing}

    def _with_regions(self, found: dict[str, Choice]) -> dict[str, Choice]:
        markets = {str(c.values["market_id"]) for c in found.values() if c.values.get("market_id")}
        countries = {
            str(m["id"]): m.get("country")
            for m in self.lists.records(ListQuery("market"), [uuid.UUID(i) for i in markets])
        }
        return {
            i: replace(c, region=_text(c.values.get("country")) or _text(
                countries.get(str(c.values.get("market_id")))))
            for i, c in found.items()
        }  # fmt: skip

    def find(
        self,
        kind: str,
        text: str,
        limit: int = 8,
        where: tuple[Where, ...] = (),
        leave_out: Iterable[str] = (),
        prefer: tuple[Where, ...] = (),
    ) -> list[Choice]:
        """Live records whose words start with what was typed, best first; those meeting
        ``prefer`` (an SME picker's SMEs) before the others."""
        skip = set(leave_out)
        wide = where or prefer
        hits = self.search.search(text, kinds=[kind], limit=limit * (4 if wide else 1) + len(skip))
        hits = [h for h in hits if str(h.record_id) not in skip]
        if where:
            keep = self._matching(kind, where, [h.record_id for h in hits])
            hits = [h for h in hits if h.record_id in keep]
        if prefer:
            first = self._matching(kind, prefer, [h.record_id for h in hits])
            hits = sorted(hits, key=lambda h: h.record_id not in first)  # stable: best first
        return [Choice(str(h.record_id), h.label, h.detail) for h in hits[:limit]]

    def _matching(self, kind: str, where: tuple[Where, ...], ids: list[uuid.UUID]) -> set[Any]:
        query = ListQuery(kind, where=where, fields=())
        return {row["id"] for row in self.lists.rows(query, ids).dicts()}

    def first(
        self,
        kind: str,
        limit: int = 20,
        where: tuple[Where, ...] = (),
        prefer: tuple[Where, ...] = (),
    ) -> list[Choice]:
        """The first live records, before anything is typed (those meeting ``prefer``
        first, then the others)."""
        sort, descending = FIRST.get(kind, ("created_at", True))
        found: list[dict[str, Wire]] = []
        if prefer:
            query = ListQuery(kind, sort, descending, where=(*where, *prefer))
            found = self.lists.records(query, limit=limit)
        if len(found) < limit:
            seen = {values["id"] for values in found}
            query = ListQuery(kind, sort, descending, where=where)
            more = self.lists.records(query, limit=limit)
            found += [values for values in more if values["id"] not in seen][: limit - len(found)]
        return [
            Choice(str(values["id"]), label_of(kind, values), "", "live", values)
            for values in found
        ]


def _text(value: Wire | None) -> str | None:
    return str(value) if value else None
