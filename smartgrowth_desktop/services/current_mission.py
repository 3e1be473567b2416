"""The mission of the moment: the one under way on a day (the latest to start, when two
overlap), else the next one to start.

One query for every reader: the Today page (on plain ``sqlite3``, before SQLAlchemy is
even loaded, see ``today.py``), and through the profile's SQLAlchemy connection the
phone-number hints (``phone_regions.py``) and a new meeting's mission
(``meeting_plans.py``). Standard library only.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

#: ``fetch_one(sql, parameters)``: the first row of a query (named ``:day``), or None
FetchOne = Callable[[str, dict[str, str]], Sequence[Any] | None]

QUERY = (
    "SELECT id, name, start_date, end_date, market_ids FROM missions"
    " WHERE deleted_at IS NULL"
    " AND (start_date <= :day AND end_date >= :day OR start_date > :day)"
    " ORDER BY start_date > :day,"  # under way first
    " CASE WHEN start_date <= :day THEN start_date END DESC,"  # the latest to start
    " start_date"  # else the soonest to come
    " LIMIT 1"
)


@dataclass(frozen=True)
class MissionNow:
    """The mission under way on ``day`` (``under_way``), or the next one."""

    id: uuid.UUID
    name: str
    start: date
    end: date
    market_ids: tuple[str, ...]
    under_way: bool


def current_or_next(fetch_one: FetchOne, day: date) -> MissionNow | None:
    """The mission under way on ``day``, else the next one to start, else None."""
    row = fetch_one(QUERY, {"day": day.isoformat()})
    if row is None:
        return None
    record_id, name, start, end, market_ids = row
    first = date.fromisoformat(str(start))
    markets = json.loads(market_ids) if isinstance(market_ids, str) else market_ids
    return MissionNow(
        id=uuid.UUID(str(record_id)),
        name=name or "",
        start=first,
        end=date.fromisoformat(str(end)) if end else first,
        market_ids=tuple(str(m) for m in markets or ()),
        under_way=first <= day,
    )


def in_sqlite(conn: sqlite3.Connection, day: date) -> MissionNow | None:
    """``current_or_next`` on a plain ``sqlite3`` connection."""
    return current_or_next(lambda sql, values: conn.execute(sql, values).fetchone(), day)


def in_connection(conn: Any, day: date) -> MissionNow | None:
    """``current_or_next`` on a SQLAlchemy ``Connection`` (met by its ``exec_driver_sql``:
    this module imports nothing of SQLAlchemy)."""
    return current_or_next(lambda sql, values: conn.exec_driver_sql(sql, values).first(), day)
