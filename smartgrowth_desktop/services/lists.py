"""Lists of records, a page at a time: filtered, sorted in SQL, paged by keyset.

What a list view asks (as Anki's browser asks its collection for rows): the rows of one
kind that match a ``ListQuery`` (a text filter on the search index, the trash or the
live records, a few field conditions), in the order of one indexed sort column, a page
after another; the names of the records they point to and counts of the records that
point to them; the rows of some ids again after a write; how many there are.

Qt-free and SQL-free for its callers: a query is a plain frozen value, a page is names
and tuples. Callers run these in a worker (the window) or inline (the CLI, tests).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    ColumnElement,
    Float,
    Text,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy import type_coerce as coerce

from smartgrowth_desktop.core.fieldtypes import Wire
from smartgrowth_desktop.core.schema import kind as kind_of
from smartgrowth_desktop.core.search import match_expression, matching_sql
from smartgrowth_desktop.core.wire import to_wire
from smartgrowth_desktop.services.profile import Profile

Row = dict[str, Any]
Op = Literal["=", "!=", "<", "<=", ">", ">=", "not true"]

#: What a list says of a record pointed to that has not reached this laptop (sync can
#: bring a lead before its SME).
MISSING = "not on this laptop yet"

#: Columns never needed by a list (long texts stay in the database until a record opens).
SKIPPED_FIELDS = frozenset({"notes", "agenda", "description", "extra"})


@dataclass(frozen=True)
class Where:
    """One condition on a field: ``=`` and ``!=`` treat None as a value (IS, IS NOT)."""

    field: str
    op: Op = "="
    value: Any = None


@dataclass(frozen=True)
class AnyOf:
    """Rows meeting any one of ``options``, each a group of conditions all met (an OR of
    ANDs: cards to review have a review date passed, or none and an old last change)."""

    options: tuple[tuple[Where, ...], ...]


@dataclass(frozen=True)
class NameOf:
    """The label of the record a reference field points to, as ``into`` (joined per page)."""

    field: str
    kind: str
    label: str = "name"
    into: str = ""

    @property
    def column(self) -> str:
        return self.into or f"{self.field}_name"


@dataclass(frozen=True)
class CountOf:
    """How many live records of ``kind`` point to each row through ``field``."""

    kind: str
    field: str
    into: str

    @property
    def column(self) -> str:
        return self.into


Join = NameOf | CountOf


@dataclass(frozen=True)
class ListQuery:
    """Which rows a list shows and in what order."""

    kind: str
    sort: str = "created_at"
    descending: bool = False
    text: str = ""  # every word, as a prefix, folded (the search index)
    deleted: bool = False  # the trash instead of the live records
    where: tuple[Where | AnyOf, ...] = ()
    fields: tuple[str, ...] | None = None  # None: every short field
    joins: tuple[Join, ...] = ()
    converted: ValueIn | None = None  # leads: each value in a reporting currency too


@dataclass(frozen=True)
class ValueIn:
    """Leads' values in ``currency``: ``factors`` pairs each currency with its factor (a
    currency without one converts to NULL: said as a missing rate, sorted lowest)."""

    currency: str
    factors: tuple[tuple[str, float], ...]


#: the column of a lead's value in the reporting currency (sortable; see ``ValueIn``)
CONVERTED = "value_converted"
CONVERTED_TO = "value_converted_to"


def _sort_key(query: ListQuery, table: Any) -> Any:
    """The sort column, or the converted value computed in SQL for ``CONVERTED``."""
    if query.sort != CONVERTED:
        return table.c[query.sort]
    return _converted(query.converted, table)


def _converted(spec: ValueIn | None, table: Any) -> Any:
    factors = spec.factors if spec is not None else ()
    if not factors:
        return null().label(CONVERTED)
    factor = case(*((func.upper(table.c.currency) == c, f) for c, f in factors), else_=null())
    return (cast(table.c.value, Float) * factor).label(CONVERTED)


@dataclass(frozen=True)
class ListPage:
    """Some rows: ``names`` of their values, one tuple per row (JSON fields as text)."""

    names: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    json_fields: frozenset[str] = frozenset()
    more: bool = False  # a full page: there may be more after it

    def dicts(self) -> Iterator[Row]:
        """The rows as dicts, JSON fields decoded."""
        for values in self.rows:
            yield decoded(dict(zip(self.names, values, strict=True)), self.json_fields)


def decoded(row: Row, json_fields: Collection[str]) -> Row:
    """``row`` with its JSON-text fields decoded (in place)."""
    for name in json_fields:
        value = row.get(name)
        if isinstance(value, str):
            row[name] = json.loads(value)
    return row


@dataclass(frozen=True)
class Cursor:
    """Where the last page ended: its last row's sort key and id."""

    key: Any
    id: uuid.UUID


@dataclass
class ListService:
    """Pages, rows and counts of lists of one profile."""

    profile: Profile
    _json: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def page(self, query: ListQuery, after: Cursor | None = None, limit: int = 200) -> ListPage:
        """The next ``limit`` rows after ``after`` (None: from the start)."""
        table = kind_of(query.kind).model.__table__
        statement = self._select(query).where(*self._conditions(query))
        if after is not None:
            statement = statement.where(self._after(query, after))
        sort, record_id = _sort_key(query, table), table.c.id
        if query.descending:
            statement = statement.order_by(sort.desc(), record_id.desc())
        else:
            statement = statement.order_by(sort.asc(), record_id.asc())
        page = self._run(query, statement.limit(limit))
        return ListPage(page.names, page.rows, page.json_fields, len(page.rows) == limit)

    def rows(self, query: ListQuery, ids: Iterable[uuid.UUID]) -> ListPage:
        """The rows of ``ids`` that match ``query`` (in no particular order)."""
        wanted = list(ids)
        table = kind_of(query.kind).model.__table__
        statement = self._select(query).where(*self._conditions(query))
        return self._run(query, statement.where(table.c.id.in_(wanted)))

    def records(
        self, query: ListQuery, ids: Iterable[uuid.UUID] | None = None, limit: int = 1000
    ) -> list[dict[str, Wire]]:
        """Whole records matching ``query`` (and among ``ids`` if given) as wire values, in
        the query's order (for small lists: a meeting's follow-ups, a picker's choices)."""
        model = kind_of(query.kind).model
        table = model.__table__
        statement = select(model).where(*self._conditions(query))
        if ids is not None:
            statement = statement.where(table.c.id.in_(list(ids)))
        sort = table.c[query.sort]
        order = (sort.desc(), table.c.id.desc()) if query.descending else (sort, table.c.id)
        with self.profile.database.read() as session:
            found = session.scalars(statement.order_by(*order).limit(limit))
            return [to_wire(kind_of(query.kind), record) for record in found]

    def count(self, query: ListQuery) -> int:
        """How many rows match ``query``."""
        table = kind_of(query.kind).model.__table__
        statement = select(func.count()).select_from(table).where(*self._conditions(query))
        with self.profile.database.connection() as conn:
            return int(conn.scalar(statement) or 0)

    def position(self, query: ListQuery, row: Row) -> tuple[Any, ...]:
        """A sort key for ``row`` that orders rows as ``page`` does (ascending)."""
        key = row.get(query.sort)
        return (key is not None, key if key is not None else 0, row["id"])

    def cursor(self, query: ListQuery, row: Row) -> Cursor:
        """The cursor after ``row``."""
        return Cursor(row.get(query.sort), row["id"])

    def conditions(self, query: ListQuery) -> list[ColumnElement[bool]]:
        """The SQL conditions of ``query``'s rows (for a service's own select)."""
        return self._conditions(query)

    # -- the SQL -------------------------------------------------------------------------

    def json_fields(self, kind: str) -> frozenset[str]:
        """The list fields of ``kind`` (JSON in SQLite), read as text until shown."""
        if kind not in self._json:
            table = kind_of(kind).model.__table__
            self._json[kind] = frozenset(c.name for c in table.columns if isinstance(c.type, JSON))
        return self._json[kind]

    def _loads(self, query: ListQuery, name: str) -> bool:
        if name in ("id", query.sort):
            return True
        if query.fields is not None:
            return name in query.fields
        return name not in SKIPPED_FIELDS

    def _select(self, query: ListQuery) -> Any:
        table = kind_of(query.kind).model.__table__
        json_fields = self.json_fields(query.kind)
        wanted = [c for c in table.columns if self._loads(query, c.name)]
        extra: list[Any] = []
        if query.converted is not None or query.sort == CONVERTED:
            to = query.converted.currency if query.converted else ""
            extra = [_converted(query.converted, table), literal(to).label(CONVERTED_TO)]
        return select(
            *(coerce(c, Text).label(c.name) if c.name in json_fields else c for c in wanted),
            *extra,
        )

    def _conditions(self, query: ListQuery) -> list[ColumnElement[bool]]:
        table = kind_of(query.kind).model.__table__
        deleted = table.c.deleted_at
        conditions: list[ColumnElement[bool]] = [
            deleted.is_not(None) if query.deleted else deleted.is_(None)
        ]
        conditions.extend(_condition_on(table, w) for w in query.where)
        expression = match_expression(query.text) if query.text.strip() else None
        if expression is not None:
            matching = text(matching_sql("record_id", ":match", "AND kind = :kind")).bindparams(
                match=expression, kind=kind_of(query.kind).name
            )
            conditions.append(table.c.id.in_(matching))
        return conditions

    def _after(self, query: ListQuery, after: Cursor) -> ColumnElement[bool]:
        """Rows strictly after ``after`` in SQLite's order (NULLs lowest).

        One row-value comparison in the common case, so the sort column's index is used
        and every page costs the same, from the first to the last.
        """
        table = kind_of(query.kind).model.__table__
        sort, record_id, key = _sort_key(query, table), table.c.id, after.key
        if query.descending:
            if key is None:
                return and_(sort.is_(None), record_id < after.id)
            return or_(tuple_(sort, record_id) < tuple_(key, after.id), sort.is_(None))
        if key is None:
            return or_(and_(sort.is_(None), record_id > after.id), sort.is_not(None))
        return tuple_(sort, record_id) > tuple_(key, after.id)

    def _run(self, query: ListQuery, statement: Any) -> ListPage:
        with self.profile.database.connection() as conn:
            result = conn.execute(statement)
            names = tuple(result.keys())
            rows = [tuple(r) for r in result]
            if query.joins and rows:
                names, rows = _joined(conn, query.joins, names, rows)
        return ListPage(names, rows, self.json_fields(query.kind))


def _condition_on(table: Any, where: Where | AnyOf) -> ColumnElement[bool]:
    if isinstance(where, AnyOf):
        return or_(
            false(),
            *(and_(*(_condition_on(table, w) for w in group)) for group in where.options),
        )
    return _condition(table.c[where.field], where)


def _condition(column: Any, where: Where) -> ColumnElement[bool]:
    value, op = where.value, where.op
    condition: ColumnElement[bool]
    if op == "=":
        condition = column.is_(None) if value is None else column == value
    elif op == "!=":
        condition = column.is_distinct_from(value)
    elif op == "not true":
        condition = or_(column.is_(None), column == false())
    elif op == "<":
        condition = column < value
    elif op == "<=":
        condition = column <= value
    else:
        condition = column > value if op == ">" else column >= value
    return condition


def _joined(
    conn: Any, joins: tuple[Join, ...], names: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """``rows`` with one more value per join (one query per join and page)."""
    columns = [_join_values(conn, join, names, rows) for join in joins]
    extended = [row + tuple(c[n] for c in columns) for n, row in enumerate(rows)]
    return names + tuple(join.column for join in joins), extended


def _join_values(
    conn: Any, join: Join, names: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> list[Any]:
    if isinstance(join, CountOf):
        position = names.index("id")
        ids = [row[position] for row in rows]
        table = kind_of(join.kind).model.__table__
        owner = table.c[join.field]
        statement = (
            select(owner, func.count())
            .where(owner.in_(ids), table.c.deleted_at.is_(None))
            .group_by(owner)
        )
        counts = {owner_id: count for owner_id, count in conn.execute(statement)}
        return [counts.get(row[position], 0) for row in rows]
    position = names.index(join.field)
    targets = {row[position] for row in rows if row[position] is not None}
    table = kind_of(join.kind).model.__table__
    labels: dict[Any, str] = {}
    if targets:
        statement = select(table.c.id, table.c[join.label]).where(table.c.id.in_(targets))
        labels = {i: label or "" for i, label in conn.execute(statement)}
    missing = f"({MISSING})"
    return [labels.get(row[position], missing) if row[position] is not None else "" for row in rows]
