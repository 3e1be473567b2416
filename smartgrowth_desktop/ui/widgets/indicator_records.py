"""The records behind an indicator, described for a list (read in the worker, Qt-free).

The records and the names they point to are asked of the list service; this module
only says them in words.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from smartgrowth_desktop.core.labels import stage_label
from smartgrowth_desktop.services.lists import ListQuery, ListService, NameOf
from smartgrowth_desktop.ui.widgets.formatting import money, short_date

KIND_OF = {"missions": "mission", "smes": "organization", "markets": "market", "agreements": "lead"}
Row = dict[str, Any]


@dataclass(frozen=True)
class Entry:
    """One record in the list behind a number."""

    kind: str
    id: uuid.UUID
    title: str
    subtitle: str
    aside: str = ""


def describe(lists: ListService, key: str, record_ids: tuple[str, ...]) -> list[Entry]:
    """Titles and one-line summaries of ``record_ids`` (the records behind ``key``)."""
    ids = [uuid.UUID(i) for i in record_ids]
    if not ids:
        return []
    kind = KIND_OF.get(key, "organization")
    sort, joins, say = _HOW[kind]
    rows = list(lists.rows(ListQuery(kind, sort, joins=joins), ids).dicts())
    rows.sort(key=lambda row: lists.position(ListQuery(kind, sort), row))
    if kind == "mission":
        markets = ListQuery("market", "name", fields=("name",))
        names = {str(m["id"]): m["name"] for m in lists.page(markets, limit=10_000).dicts()}
        return [_mission(row, names) for row in rows]
    return [say(row) for row in rows]


def _mission(mission: Row, markets: dict[str, str]) -> Entry:
    places = ", ".join(markets.get(str(m)) or "" for m in mission["market_ids"] or ())
    smes = f"{len(mission['sme_ids'] or ())} SMEs"
    start = mission["start_date"]
    when = short_date(start) if isinstance(start, date) else ""
    return Entry("mission", mission["id"], mission["name"] or "", f"{places} · {smes}", when)


def _market(market: Row) -> Entry:
    parts = (market["region"], market["country"], market["time_zone"])
    return Entry("market", market["id"], market["name"] or "", " · ".join(p for p in parts if p))


def _organization(org: Row) -> Entry:
    areas = ", ".join((org["solution_areas"] or [])[:3])
    return Entry("organization", org["id"], org["name"] or "", areas, org["country"] or "")


def _lead(lead: Row) -> Entry:
    parties = " → ".join(
        lead[name] for name in ("sme_id_name", "organization_id_name") if lead[name]
    )
    amount = float(lead["value"]) if lead["value"] else None
    subtitle = " · ".join(p for p in (parties, money(amount, lead["currency"])) if p)
    aside = (lead["kind"] or "").capitalize() or stage_label(lead["stage"])
    return Entry("lead", lead["id"], lead["title"] or "", subtitle, aside)


_LEAD_JOINS = (NameOf("sme_id", "organization"), NameOf("organization_id", "organization"))
_HOW: dict[str, tuple[str, tuple[NameOf, ...], Callable[[Row], Entry]]] = {
    "mission": ("start_date", (), _market),  # said with the markets' names, see describe
    "market": ("name", (), _market),
    "organization": ("name", (), _organization),
    "lead": ("title", _LEAD_JOINS, _lead),
}
