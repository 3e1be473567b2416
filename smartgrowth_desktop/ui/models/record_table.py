"""A thin table model over one record kind: rows fetched page by page, sorted in SQL.

The model keeps a window of loaded rows (plain dicts) and fetches the next page with a
keyset query when the view scrolls near the end (``canFetchMore``/``fetchMore``), so a
list of 100,000 contacts opens instantly and scrolls smoothly. A text filter uses the
full-text index; sorting re-queries with ``ORDER BY``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from sqlalchemy import JSON, Text, and_, or_, select, text, tuple_, type_coerce

from smartgrowth_desktop.core.schema import kind as kind_of
from smartgrowth_desktop.core.search import match_expression
from smartgrowth_desktop.services.profile import Profile

Row = dict[str, Any]
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: its title, how a row shows in it, and the SQL column it sorts by."""

    title: str
    display: Callable[[Row], str]
    sort_field: str | None = None
    tooltip: Callable[[Row], str] | None = None


#: How many distinct texts a list shares between its rows (a bound on the table of them).
SHARED_TEXTS = 20_000


class _Rows(Sequence[Row]):
    """Loaded rows kept as tuples (a fraction of the memory of dicts), read as dicts."""

    def __init__(self, json_names: frozenset[str] = frozenset()) -> None:
        self.names: list[str] = []
        self.tuples: list[tuple[Any, ...]] = []
        self._cache: dict[int, Row] = {}
        self._texts: dict[str, str] = {}
        self._json = json_names  # kept as JSON text until a row is shown (a third the memory)

    def __len__(self) -> int:
        return len(self.tuples)

    def __getitem__(self, index: int) -> Row:  # type: ignore[override]
        if index < 0:
            index += len(self.tuples)
        row = self._cache.get(index)
        if row is None:
            if len(self._cache) > 512:
                self._cache.clear()
            row = dict(zip(self.names, self.tuples[index], strict=True))
            for name in self._json:
                text = row.get(name)
                row[name] = json.loads(text) if isinstance(text, str) else text
            self._cache[index] = row
        return row

    def extend(self, rows: list[Row]) -> None:
        if not rows:
            return
        if not self.names:
            self.names = list(rows[0])
        names = self.names
        self.tuples.extend(tuple(self._shared(row.get(name)) for name in names) for row in rows)

    def _shared(self, value: Any) -> Any:
        """One copy of each repeated text (titles, organizations, tags, name orders)."""
        if type(value) is not str:
            return value
        known = self._texts.get(value)
        if known is not None:
            return known
        if len(self._texts) < SHARED_TEXTS:
            self._texts[value] = value
        return value

    def ids(self) -> list[Any]:
        position = self.names.index("id") if self.names else 0
        return [values[position] for values in self.tuples]


#: Columns never needed by a list (long texts stay in the database until a record opens).
SKIPPED_COLUMNS = frozenset({"notes", "agenda", "description", "extra"})


class RecordTableModel(QAbstractTableModel):
    """Rows of one kind, live or in the trash, filtered and sorted in SQL."""

    def __init__(
        self,
        profile: Profile,
        kind: str,
        columns: Sequence[Column],
        default_sort: str,
        decorate: Callable[[list[Row]], None] | None = None,
        page_size: int = 200,
        load_fields: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self.profile = profile
        self.kind = kind_of(kind)
        self.columns = list(columns)
        self.decorate = decorate
        self.page_size = page_size
        # only these columns are read (plus id and the sort column): big lists stay small
        self.load_fields = frozenset(load_fields) if load_fields is not None else None
        self.rows = _Rows(self._json_names())
        self._more = True
        self._filter: str | None = None
        self._deleted = False
        self._extra_where: list[Any] = []
        self._sort_field = default_sort
        self._descending = False

    # -- configuration ------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """Show only rows matching every word of ``text`` (prefix, folded)."""
        self._filter = match_expression(text) if text.strip() else None
        self.reload()

    def set_deleted(self, deleted: bool) -> None:
        """Show the trash instead of live rows."""
        self._deleted = deleted
        self.reload()

    def set_conditions(self, conditions: list[Any]) -> None:
        """Extra SQL conditions on the model's table (e.g. one mission's meetings)."""
        self._extra_where = conditions
        self.reload()

    def reload(self) -> None:
        """Forget loaded rows and fetch the first page again."""
        self.beginResetModel()
        self.rows = _Rows(self._json_names())
        self._more = True
        self._load_page()
        self.endResetModel()

    # -- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == ID_ROLE:
            return row["id"]
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return row.get(column.sort_field or "")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        start = len(self.rows)
        page = self._query_page()
        if not page:
            self._more = False
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.choose_sort(column, order):
            self.reload()

    def choose_sort(self, column: int, order: Qt.SortOrder) -> bool:
        """Sort by ``column`` from the next load on; False if it cannot be sorted."""
        field = self.columns[column].sort_field if 0 <= column < len(self.columns) else None
        if field is None:
            return False
        self._sort_field = field
        self._descending = order == Qt.SortOrder.DescendingOrder
        return True

    def sorted_column(self) -> tuple[int, Qt.SortOrder]:
        """The column the rows are sorted by (-1 when none shows that key) and the order."""
        fields = [column.sort_field for column in self.columns]
        section = fields.index(self._sort_field) if self._sort_field in fields else -1
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        return section, order

    # -- helpers ---------------------------------------------------------------------------

    def row_of(self, record_id: uuid.UUID) -> int | None:
        """The row showing ``record_id`` among the loaded rows, if any."""
        for number, loaded_id in enumerate(self.rows.ids()):
            if loaded_id == record_id:
                return number
        return None

    def _json_names(self) -> frozenset[str]:
        """List columns (JSON in SQLite)."""
        table = self.kind.model.__table__
        return frozenset(c.name for c in table.columns if isinstance(c.type, JSON))

    def _loads(self, name: str) -> bool:
        """Whether a list reads this column (the id and the sort column always)."""
        if name in ("id", self._sort_field):
            return True
        if self.load_fields is not None:
            return name in self.load_fields
        return name not in SKIPPED_COLUMNS

    def _load_page(self) -> None:
        page = self._query_page()
        self.rows.extend(page)
        if len(page) < self.page_size:
            self._more = False

    def _query_page(self) -> list[Row]:
        model = self.kind.model
        table = model.__table__
        sort_column: Any = table.c[self._sort_field]
        id_column: Any = table.c.id
        wanted = [column for column in table.columns if self._loads(column.name)]
        json_names = self._json_names()
        query = select(
            *(type_coerce(c, Text).label(c.name) if c.name in json_names else c for c in wanted)
        )
        deleted = table.c.deleted_at
        query = query.where(deleted.is_not(None) if self._deleted else deleted.is_(None))
        for condition in self._extra_where:
            query = query.where(condition)
        if self._filter:
            matching = (
                "SELECT record_id FROM search_index WHERE search_index MATCH :match "
                "AND kind = :kind"
            )
            query = query.where(
                id_column.in_(text(matching).bindparams(match=self._filter, kind=self.kind.name))
            )
        if self.rows:
            last = self.rows[-1]
            last_key, last_id = last.get(self._sort_field), last["id"]
            query = query.where(self._after(sort_column, id_column, last_key, last_id))
        if self._descending:
            query = query.order_by(sort_column.desc(), id_column.desc())
        else:
            query = query.order_by(sort_column.asc(), id_column.asc())
        query = query.limit(self.page_size)
        with self.profile.database.connection() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        if self.decorate is not None and rows:
            self.decorate(rows)
        if len(rows) < self.page_size:
            self._more = False
        return rows

    def _after(self, sort_column: Any, id_column: Any, key: Any, record_id: Any) -> Any:
        """Keyset condition: rows strictly after (key, id) in SQLite's order (NULLs lowest).

        One row-value comparison in the common case, so the sort column's index is used
        and every page costs the same, from the first to the last.
        """
        if self._descending:
            if key is None:
                return and_(sort_column.is_(None), id_column < record_id)
            return or_(
                tuple_(sort_column, id_column) < tuple_(key, record_id), sort_column.is_(None)
            )
        if key is None:
            return or_(and_(sort_column.is_(None), id_column > record_id), sort_column.is_not(None))
        return tuple_(sort_column, id_column) > tuple_(key, record_id)
