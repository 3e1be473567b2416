"""New records' table rows as ready SQL parameters: the hot path of a bulk create.

``writer.insert_rows`` turns dict rows of column values into parameters column by column
through SQLAlchemy's bind processors, after ``db_values`` has built those dicts from the
wire values: for 100,000 contacts, seconds of dict building and per-column calls.
A ``RowPlan`` composes, once per table, each column's whole conversion from the wire
value (``FieldType.to_db``, then the column's bind processor), reads the columns that
need none with one ``itemgetter`` call, and builds each row as one tuple. The parameters
are those ``db_values`` and ``insert_rows`` give (``tests/test_import_bulk.py``).

A big load into a table no bigger than itself also leaves the table's sort-key indexes
to the end (``sort_indexes_rebuilt``): building an index sorts once, where inserting
rows one by one writes its pages over and over.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table

from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core.fieldtypes import Wire
from smartgrowth_desktop.core.schema import kind as kind_of
from smartgrowth_desktop.core.sort_keys import ORGANIZATION_REFERENCES, organization_keys

Convert = Callable[[Any], Any]
#: rows from which a load into a table no bigger leaves its sort-key indexes to the end
BIG_LOAD = 10_000


def _converter(to_db: Convert | None, process: Convert | None) -> Convert:
    """``to_db`` then ``process`` (skipped for None), as ``db_values`` + ``insert_rows``."""
    if to_db is None and process is None:
        return lambda wire: wire
    if to_db is None:
        assert process is not None
        bind = process
        return lambda wire: None if wire is None else bind(wire)
    if process is None:
        return to_db
    bind, stored = process, to_db

    def convert(wire: Any) -> Any:
        value = stored(wire)
        return None if value is None else bind(value)

    return convert


def _reader(names: list[str]) -> Callable[[Mapping[str, Wire]], tuple[Any, ...]]:
    """A function returning the values of ``names`` of a row, as a tuple."""
    if len(names) > 1:
        return itemgetter(*names)
    if names:
        get = itemgetter(names[0])
        return lambda row: (get(row),)
    return lambda row: ()


@dataclass(frozen=True)
class RowPlan:
    """How one table's INSERT gets its parameters from a completed record's wire values."""

    sql: str
    columns: tuple[str, ...]
    plain: Callable[[Mapping[str, Wire]], tuple[Any, ...]]
    converted: tuple[tuple[str, Convert], ...]
    derived: tuple[str, ...]
    #: (reference field, its converter, the column holding a copy of the target's key)
    copies: tuple[tuple[str, Convert, str], ...]
    record_id: Convert
    nulls: tuple[None, ...]

    def keys(self, conn: Any, records: list[Mapping[str, Wire]]) -> dict[str, Any]:
        """The sort keys of the organizations these records point to, by id hex."""
        wanted = {convert(row[ref]) for row in records for ref, convert, _key in self.copies} - {
            None
        }
        return organization_keys(conn, wanted) if wanted else {}

    def row(
        self,
        full: Mapping[str, Wire],
        derived: Mapping[str, Any],
        record_id: uuid.UUID,
        keys: Mapping[str, Any],
    ) -> tuple[Any, ...]:
        """One record's parameters, in the order of ``sql``'s columns."""
        values = [convert(full[name]) for name, convert in self.converted]
        values.extend([derived.get(name) for name in self.derived])
        for ref, convert, _key in self.copies:
            target = convert(full[ref])
            values.append(None if target is None else keys.get(target))
        values.append(self.record_id(record_id))
        return self.plain(full) + tuple(values) + self.nulls


@lru_cache(maxsize=64)
def row_plan(dialect: Any, table: Table, kind_name: str) -> RowPlan:
    """The insert plan of ``kind_name``'s table (``table``) for ``dialect``."""
    kind = kind_of(kind_name)
    processors = {
        c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns
    }
    plain_type = ft.FieldType.to_db
    plain: list[str] = []
    converted: list[tuple[str, Convert]] = []
    for spec in kind.fields:
        to_db = None if type(spec.type).to_db is plain_type else spec.type.to_db
        if to_db is None and processors[spec.name] is None:
            plain.append(spec.name)
            continue
        convert = _converter(to_db, processors[spec.name])
        if isinstance(spec.type, ft.Reference):  # a few targets, pointed to by many
            convert = lru_cache(maxsize=4096)(convert)
        converted.append((spec.name, convert))
    copies = tuple(
        (ref, dict(converted)[ref], key)
        for k, _table, ref, key in ORGANIZATION_REFERENCES
        if k == kind_name
    )
    fields = {spec.name for spec in kind.fields}
    copied = {key for *_rest, key in copies}
    derived = tuple(c.name for c in table.columns if c.info.get("derived") and c.name not in copied)
    done = fields | copied | set(derived) | {"id"}
    nulls = tuple(c.name for c in table.columns if c.name not in done)
    filled = [key for _ref, _convert, key in copies]
    names = [*plain, *(name for name, _ in converted), *derived, *filled, "id", *nulls]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    return RowPlan(
        sql=sql,
        columns=tuple(names),
        plain=_reader(plain),
        converted=tuple(converted),
        derived=derived,
        copies=copies,
        record_id=_converter(None, processors["id"]),
        nulls=(None,) * len(nulls),
    )


def sort_indexes(conn: Connection, table: Table) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each index of ``table`` that leads with a sort
    key (a derived column: only the lists' keyset queries read them)."""
    found: list[tuple[str, str]] = []
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL ORDER BY name",
        (table.name,),
    ).all()
    for name, sql in rows:
        first = conn.exec_driver_sql(f'PRAGMA index_info("{name}")').first()
        column = None if first is None or first.name is None else table.c.get(first.name)
        if column is not None and column.info.get("derived"):
            found.append((name, sql))
    return found


@contextlib.contextmanager
def sort_indexes_rebuilt(conn: Connection, table: Table, adding: int) -> Iterator[None]:
    """Leave out the sort-key indexes of ``table`` while ``adding`` rows go in, and build
    them again after, when that is cheaper: for a big load into a table that holds no
    more rows than it adds.

    Each new row's keys land at random places of these indexes, so a big load rewrites
    their pages again and again; building an index sorts once. Both happen in the
    caller's transaction: an error (or a cancel) rolls the drop back with the rows, and
    the indexes are made again from their own stored statements, exactly as they were.
    """
    if adding < BIG_LOAD:
        yield
        return
    held = conn.exec_driver_sql(f"SELECT count(*) FROM {table.name}").scalar_one()
    indexes = sort_indexes(conn, table) if held <= adding else []
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.exec_driver_sql(sql)
