"""A thin table model over one record kind: rows asked of the list service, page by page.

The model holds a ``ListQuery`` (filter, trash, conditions, sort) and the rows loaded so
far (tuples, a fraction of the memory of dicts). It never queries itself: it asks the
service through an ``Ask`` (the window's query lane) and shows what it has until the
answer comes: a new filter or sort replaces the rows when its first page arrives, the
next page is appended when the view scrolls near the end (``canFetchMore``/``fetchMore``),
and a write refreshes the rows it touched in place, never the whole list.
"""

from __future__ import annotations

import dataclasses
import itertools
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from smartgrowth_desktop.services.lists import Cursor, ListPage, ListQuery, ListService, decoded

Row = dict[str, Any]
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
_Index = QModelIndex | QPersistentModelIndex
_keys = itertools.count(1)


class Ask(Protocol):
    """Runs ``work`` off the GUI thread, then ``done(result)`` or ``failed(error)`` on it;
    a newer call with the same ``key`` may make an older one unnecessary."""

    def __call__(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        key: str | None = None,
        /,
    ) -> None: ...


def at_once(
    work: Callable[[], Any],
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None],
    key: str | None = None,
) -> None:
    """An ``Ask`` that runs the work right here (models tested without a window)."""
    try:
        result = work()
    except Exception as error:
        failed(error)
        return
    done(result)


@dataclass(frozen=True)
class Column:
    """One column: its title, how a row shows in it, and the field it sorts by."""

    title: str
    display: Callable[[Row], str]
    sort_field: str | None = None
    tooltip: Callable[[Row], str] | None = None


#: How many distinct texts a list shares between its rows (a bound on the table of them).
SHARED_TEXTS = 20_000
#: How many rows keep their cells' texts (those on screen, and some around them).
SHOWN_ROWS = 1024
#: a cell with more characters than this says its whole text under the mouse
TOOLTIP_FROM = 12
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ID_ROLE, ROW_ROLE,
                    SORT_ROLE})  # fmt: skip


class SharedTexts:
    """One copy of each repeated text (titles, organizations, tags); used in the worker."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def page(self, page: ListPage) -> ListPage:
        rows = [tuple(self._shared(v) for v in values) for values in page.rows]
        return dataclasses.replace(page, rows=rows)

    def _shared(self, value: Any) -> Any:
        if type(value) is not str:
            return value
        known = self._texts.get(value)
        if known is not None:
            return known
        if len(self._texts) < SHARED_TEXTS:
            self._texts[value] = value
        return value


class _Rows(Sequence[Row]):
    """Loaded rows kept as tuples, read as dicts (JSON fields decoded when first read)."""

    def __init__(self, page: ListPage | None = None) -> None:
        self.names: tuple[str, ...] = page.names if page else ()
        self.tuples: list[tuple[Any, ...]] = list(page.rows) if page else []
        self._json = page.json_fields if page else frozenset()
        self._cache: dict[int, Row] = {}

    def __len__(self) -> int:
        return len(self.tuples)

    def __getitem__(self, index: int) -> Row:  # type: ignore[override]
        if index < 0:
            index += len(self.tuples)
        row = self._cache.get(index)
        if row is None:
            if len(self._cache) > 512:
                self._cache.clear()
            row = decoded(dict(zip(self.names, self.tuples[index], strict=True)), self._json)
            self._cache[index] = row
        return row

    def extend(self, page: ListPage) -> None:
        if not self.names:
            self.names, self._json = page.names, page.json_fields
        self.tuples.extend(page.rows)

    def replace(self, index: int, values: tuple[Any, ...]) -> None:
        self.tuples[index] = values
        self._cache.pop(index, None)

    def remove(self, index: int) -> None:
        del self.tuples[index]
        self._cache.clear()

    def ids(self) -> list[Any]:
        position = self.names.index("id") if self.names else 0
        return [values[position] for values in self.tuples]


class RecordTableModel(QAbstractTableModel):
    """Rows of one kind, live or in the trash, filtered and sorted by the list service."""

    #: the first page of a new filter, sort or condition is shown
    loaded = Signal()
    #: a page could not be read (the rows shown stay)
    failed = Signal(object)

    def __init__(
        self,
        lists: ListService,
        ask: Ask,
        query: ListQuery,
        columns: Sequence[Column],
        page_size: int = 200,
    ) -> None:
        super().__init__()
        self.lists, self.ask, self.query = lists, ask, query
        self.columns = list(columns)
        self.page_size = page_size
        self.rows = _Rows()
        self._texts_shown: dict[int, list[str]] = {}
        self._texts = SharedTexts()
        self._more = False
        self._fetching = False
        self._reloading = False
        self._generation = 0
        self._key = f"list-{next(_keys)}"

    @property
    def kind(self) -> str:
        return self.query.kind

    # -- what is shown ---------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """Show only rows matching every word of ``text`` (prefix, folded)."""
        self.set_query(text=text)

    def set_deleted(self, deleted: bool) -> None:
        """Show the trash instead of live rows."""
        self.set_query(deleted=deleted)

    def set_conditions(self, conditions: Iterable[Any]) -> None:
        """Conditions on the model's fields (e.g. one mission's meetings)."""
        self.set_query(where=tuple(conditions))

    def set_query(self, **changes: Any) -> None:
        """Change some of the query and load its first page."""
        self.query = dataclasses.replace(self.query, **changes)
        self.reload()

    def reload(self) -> None:
        """Ask for the first page again; the rows shown stay until it arrives."""
        self._generation += 1
        generation, query, lists, texts = self._generation, self.query, self.lists, self._texts
        self._fetching = self._reloading = True
        self.ask(
            lambda: texts.page(lists.page(query, None, self.page_size)),
            lambda page: self._reset(generation, page),
            lambda error: self._failed(generation, error),
            self._key,
        )

    @property
    def fetching(self) -> bool:
        """Whether a page is on its way."""
        return self._fetching

    def _reset(self, generation: int, page: ListPage) -> None:
        if generation != self._generation:
            return  # a newer filter or sort was asked for meanwhile
        self.beginResetModel()
        self.rows = _Rows(page)
        self._texts_shown.clear()
        self._more, self._fetching, self._reloading = page.more, False, False
        self.endResetModel()
        self.loaded.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = self._reloading = False
            self.failed.emit(error)

    # -- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES:  # first: a view asks for a dozen roles per cell it paints
            return None
        number = index.row()
        if number < 0 or number >= len(self.rows) or not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(number)[column]
        row = self.rows[number]
        tooltip = self.columns[column].tooltip
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text, where a cell may cut it
            if tooltip is not None:
                return tooltip(row)
            text = self._shown(number)[column]
            return text if len(text) > TOOLTIP_FROM else None
        if role == ID_ROLE:
            return row["id"]
        if role == ROW_ROLE:
            return row
        return row.get(self.columns[column].sort_field or "")  # SORT_ROLE

    def _shown(self, number: int) -> list[str]:
        """The texts of a row's cells, worked out once (a repaint asks for them again)."""
        texts = self._texts_shown.get(number)
        if texts is None:
            if len(self._texts_shown) > SHOWN_ROWS:
                self._texts_shown.clear()
            row = self.rows[number]
            texts = self._texts_shown[number] = [c.display(row) for c in self.columns]
        return texts

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
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or not self.rows:
            return
        generation, query, lists, texts = self._generation, self.query, self.lists, self._texts
        after = self.lists.cursor(query, self.rows[-1])
        self._fetching = True
        self.ask(
            lambda: texts.page(lists.page(query, after, self.page_size)),
            lambda page: self._append(generation, page),
            lambda error: self._failed(generation, error),
        )

    def _append(self, generation: int, page: ListPage) -> None:
        if generation != self._generation:
            return
        self._fetching, self._more = False, page.more
        if page.rows:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
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
        descending = order == Qt.SortOrder.DescendingOrder
        self.query = dataclasses.replace(self.query, sort=field, descending=descending)
        return True

    def sorted_column(self) -> tuple[int, Qt.SortOrder]:
        """The column the rows are sorted by (-1 when none shows that key) and the order."""
        fields = [column.sort_field for column in self.columns]
        sort = self.query.sort
        section = fields.index(sort) if sort in fields else -1
        descending = self.query.descending
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        return section, order

    # -- after a write -----------------------------------------------------------------------

    def refresh(self, ids: Iterable[uuid.UUID]) -> None:
        """Some records changed: show their rows anew, in place (never a whole reload).

        A row that no longer matches leaves; a record not loaded yet that sorts among
        the loaded rows (a new one, say) loads the list again.
        """
        wanted = set(ids)
        if not wanted:
            return
        generation, query, lists, texts = self._generation, self.query, self.lists, self._texts
        self.ask(
            lambda: texts.page(lists.rows(query, wanted)),
            lambda page: self._refreshed(generation, wanted, page),
            lambda error: self._failed(generation, error),
        )

    def _refreshed(self, generation: int, wanted: set[uuid.UUID], page: ListPage) -> None:
        if generation != self._generation or self._reloading:
            return  # the rows of a load under way are read after the write anyway
        ids = [values[page.names.index("id")] for values in page.rows] if page.rows else []
        found = dict(zip(ids, page.rows, strict=True))
        positions = {i: n for n, i in enumerate(self.rows.ids()) if i in wanted}
        for record_id, number in positions.items():
            values = found.get(record_id)
            if values is not None and page.names == self.rows.names:
                self.rows.replace(number, values)
                self._texts_shown.pop(number, None)
                last = self.index(number, len(self.columns) - 1)
                self.dataChanged.emit(self.index(number, 0), last)
        for number in sorted((n for i, n in positions.items() if i not in found), reverse=True):
            self.beginRemoveRows(QModelIndex(), number, number)
            self.rows.remove(number)
            self._texts_shown.clear()
            self.endRemoveRows()
        arrived = [row for row in page.dicts() if row["id"] not in positions]
        if any(self._among_loaded(row) for row in arrived):
            self.reload()

    def _among_loaded(self, row: Row) -> bool:
        """Whether a row not loaded yet sorts before the end of the loaded ones."""
        if not self._more or not self.rows:
            return True
        at = self.lists.position(self.query, row)
        last = self.lists.position(self.query, self.rows[-1])
        return at > last if self.query.descending else at < last

    # -- helpers ---------------------------------------------------------------------------

    def row_of(self, record_id: uuid.UUID) -> int | None:
        """The row showing ``record_id`` among the loaded rows, if any."""
        for number, loaded_id in enumerate(self.rows.ids()):
            if loaded_id == record_id:
                return number
        return None

    def cursor(self) -> Cursor | None:
        """Where the loaded rows end."""
        return self.lists.cursor(self.query, self.rows[-1]) if self.rows else None
