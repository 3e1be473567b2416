"""A list of one record kind beside its editor: filter, sort, new, delete, trash."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPoint, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.lists import Join, ListQuery, Where
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import FormField, RecordEditor
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.models.record_table import ID_ROLE, Column, RecordTableModel, Row
from smartgrowth_desktop.ui.options import LIST_HEADER, LIST_SPLIT
from smartgrowth_desktop.ui.pages.base import ListExport, Page, RecordRef
from smartgrowth_desktop.ui.undo import DeleteCommand

#: Beyond this many records changed at once, a list loads again rather than row by row.
REFRESH_AT_MOST = 500
#: the narrowest a list gets beside its editor
LIST_AT_LEAST = 360
#: the pane beside a list when no record is shown ("Select a … to see it here")
IDLE_DETAIL = 280
#: what a list's frame and vertical scroll bar take of its width
SCROLL_BAR_ROOM = 24


class RecordListPage(Page):
    """Table of records on the left, the selected record's editor on the right."""

    kind = ""
    noun = "record"
    columns: Sequence[Column] = ()
    default_sort = "created_at"
    form: Sequence[FormField] = ()
    defaults: dict[str, Any] = {}  # noqa: RUF012 - class-level constant, never mutated
    empty_text = "Nothing here yet."
    #: other kinds whose changes the rows show (a renamed organization re-sorts contacts)
    follows: tuple[str, ...] = ()
    #: the columns a list needs (None: every short column); long lists should name them
    load_fields: tuple[str, ...] | None = None
    #: values of other records the rows show (an organization's name, a count of contacts)
    joins: tuple[Join, ...] = ()
    #: the conditions every row meets at first (open follow-ups only, say)
    where: tuple[Where, ...] = ()
    editor: RecordEditor
    #: the width the editor needs beside the list; the list takes the rest (at 1366×768 a
    #: page has about 1190 pixels: the list is never squeezed beside an idle editor)
    detail_width = 500
    #: the columns (by title) whose text is cut in the middle when it does not fit, as
    #: names that differ at their end (a mission "… to Ho Chi Minh City" or "… to Da
    #: Nang"); the others are cut at the end. The whole text is in the tooltip.
    elide_middle: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.kinds = (self.kind,)
        self._layout_restored = False
        self._auto_split, self._fitted = True, list[int]()
        self._first_width = 0  # the first column's width as the page set it (0: the user's)
        self._stale = False
        query = ListQuery(
            self.kind, self.default_sort, fields=self.load_fields, joins=self.joins,
            where=self.where,
        )  # fmt: skip
        self.model = RecordTableModel(ctx.lists, ctx.operations.query, query, self.columns)
        self.model.loaded.connect(self._rows_loaded)
        self.model.failed.connect(lambda error: show_error(self, error))
        self._build()
        self.model.rowsAboutToBeRemoved.connect(self._rows_leaving)
        self.model.rowsRemoved.connect(lambda *_a: self._update_empty())
        self.model.rowsInserted.connect(lambda *_a: self._update_empty())
        ctx.bus.changed.connect(self._on_changed)
        self.editor.saved.connect(self._saved)
        self._scroll_to_new = False
        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(self._apply_filter)
        self._loaded = False

    def _build(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setPlaceholderText(f"Filter {self.title.lower()}…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(f"Filter {self.title.lower()}")
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.export_button = QPushButton("Export list…")
        self.export_button.setObjectName("export-list")
        self.export_button.setToolTip("Save this list, as filtered, as CSV or Excel (.xlsx)")
        self.export_button.clicked.connect(self.export_list_requested)
        self.new_button = QPushButton(f"New {self.noun}")
        self.new_button.setObjectName("new")
        self.new_button.clicked.connect(self.new_record)
        self.delete_button = QPushButton("Move to trash")
        self.delete_button.setObjectName("delete")
        self.delete_button.setToolTip("Delete (can be undone, and restored from the Trash)")
        self.delete_button.clicked.connect(self.delete_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.new_button)
        bar.addWidget(self.delete_button)

        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._keep_sort_indicator)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # by pixel: the last row can be shown whole (by row, it may stay cut at the bottom)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        middle = {i for i, c in enumerate(self.columns) if c.title in self.elide_middle}
        self.table.setItemDelegate(ElideDelegate(middle, self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(160)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._record_menu)

        self.empty = QLabel(self.empty_text)
        self.empty.setObjectName("empty-state")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)

        self.editor = self.make_editor()
        self.no_selection = QLabel(
            f"Select a {self.noun} to see it here,\nor press “New {self.noun}”."
        )
        self.no_selection.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QStackedWidget()
        self.detail.addWidget(self.no_selection)
        self.detail.addWidget(self.editor)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.list_stack)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._split_moved())
        self.detail.currentChanged.connect(lambda _index: self._refit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    # -- layout, remembered per list in the window settings ------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if not self._layout_restored:  # once built (pages set their default widths)
            self._layout_restored = True
            self._restore_layout()
        super().showEvent(event)

    def _restore_layout(self) -> None:
        """Column widths and order, the sort and the list/detail split as last left."""
        settings = self.ctx.settings
        split = LIST_SPLIT.read(settings, kind=self.kind)
        self._auto_split = split.isEmpty() or not self.splitter.restoreState(split)
        if self._auto_split:
            self.fit_split()
        header_state = LIST_HEADER.read(settings, kind=self.kind)
        header = self.table.horizontalHeader()
        self._first_width = header.sectionSize(0)
        if header_state.isEmpty():
            self._fit_columns()
            return
        self._first_width = 0  # the user's widths: kept as they are
        with QSignalBlocker(header):  # the view would sort (a load) now; the model chooses
            restored = header.restoreState(header_state)
        if restored:
            section, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
            if not self.model.choose_sort(section, order):  # a column that no longer sorts
                header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def fit_split(self) -> None:
        """Give the editor the width it needs (``detail_width``) and the list the rest;
        with no record shown, the list nearly all (the pane only says what to do)."""
        total = sum(self.splitter.sizes()) or self.splitter.width()
        if total <= 0:
            return
        if self.detail.currentWidget() is self.editor:
            detail = max(self.detail_width, self.editor.minimumSizeHint().width())
        else:
            detail = IDLE_DETAIL
        detail = min(detail, total - LIST_AT_LEAST)
        self.splitter.setSizes([total - detail, detail])
        self._fitted = self.splitter.sizes()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The first column (the name) takes the room the list has beyond the others'."""
        header = self.table.horizontalHeader()
        count = header.count()
        if not self._first_width or count < 3 or not self._fitted:
            return
        others = sum(header.sectionSize(i) for i in range(1, count - 1))
        room = self._fitted[0] - others - header.defaultSectionSize() - SCROLL_BAR_ROOM
        header.resizeSection(0, max(self._first_width, room))

    def _refit(self) -> None:
        """The split follows what the pane shows, until the user moves it."""
        if self._auto_split and self._layout_restored:
            self.fit_split()

    def _split_moved(self) -> None:
        self._auto_split = False  # the user's split from now on, kept for the next start

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit()

    def save_layout(self) -> None:
        """Remember column widths and order, the sort and the split (on leaving the page);
        a split fitted by the page is not kept (it is fitted again)."""
        if not self._layout_restored:
            return  # never shown: nothing the user arranged
        settings = self.ctx.settings
        if not self._auto_split or self.splitter.sizes() != self._fitted:
            LIST_SPLIT.write(settings, self.splitter.saveState(), kind=self.kind)
        LIST_HEADER.write(settings, self.table.horizontalHeader().saveState(), kind=self.kind)

    def make_editor(self) -> RecordEditor:
        """The editor shown beside the list (pages with special editors override)."""
        return RecordEditor(self.ctx, self.kind, self.form, dict(self.defaults))

    def fill_record_menu(self, menu: QMenu, record_id: uuid.UUID) -> None:
        """Hook: what a right-click on a row offers (nothing by default)."""

    def _record_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        record_id = self.model.data(index, ID_ROLE) if index.isValid() else None
        if not isinstance(record_id, uuid.UUID):
            return
        self.table.selectRow(index.row())
        menu = QMenu(self.table)
        self.fill_record_menu(menu, record_id)
        if not menu.isEmpty():
            menu.exec(self.table.viewport().mapToGlobal(position))

    # -- the page's interface --------------------------------------------------------

    def can_create(self) -> bool:
        return True

    def selected_record(self) -> RecordRef | None:
        record_id = self.selected_id() or self.editor.record_id
        return RecordRef(self.kind, record_id) if record_id is not None else None

    def list_export(self) -> ListExport | None:
        return ListExport(self.title, self.model.query, self.columns)

    # -- behaviour ----------------------------------------------------------------------

    def activated(self) -> None:
        if not self._loaded or self._stale:
            self._loaded, self._stale = True, False
            self.model.reload()

    def flush(self) -> None:
        self.editor.flush()
        self.save_layout()

    def new_record(self) -> None:
        self.table.clearSelection()
        self.editor.load(None)
        self.detail.setCurrentWidget(self.editor)
        first = self.editor.inputs[self.editor.fields[0].name]
        first.setFocus()

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        self.activated()
        row = self.model.row_of(record_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        else:  # not listed yet (made a moment ago: Ctrl+N): selected once it is
            self.table.clearSelection()
            self._scroll_to_new = True
        self.editor.load(record_id)
        self.detail.setCurrentWidget(self.editor)

    def selected_id(self) -> uuid.UUID | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index, ID_ROLE)
        return value if isinstance(value, uuid.UUID) else None

    def delete_selected(self) -> None:
        record_id = self.selected_id() or self.editor.record_id
        if record_id is None:
            return
        self.editor.flush()
        self.ctx.undo.push(DeleteCommand(self.ctx, self.kind, record_id, f"Delete {self.noun}"))
        self.detail.setCurrentWidget(self.no_selection)
        self.editor.record_id = None

    def _saved(self, record_id: uuid.UUID) -> None:
        """A record was saved: a new one is selected and scrolled to once it is listed."""
        row = self.model.row_of(record_id)
        selected = self.selected_id()
        if selected == record_id:
            return
        if row is None:
            self._scroll_to_new = True  # it comes with the next load of the list
            return
        blocker = self.table.selectionModel().blockSignals(True)
        self.table.selectRow(row)
        self.table.selectionModel().blockSignals(blocker)
        self._scroll_to(record_id)

    def _scroll_to(self, record_id: uuid.UUID | None) -> None:
        """Scroll the row of ``record_id`` into view once the view has laid it out."""

        def scroll() -> None:
            row = self.model.row_of(record_id) if record_id is not None else None
            if row is not None:  # in the middle: not cut at the bottom edge
                self.table.doItemsLayout()  # the scroll range counts the new row
                center = QAbstractItemView.ScrollHint.PositionAtCenter
                self.table.scrollTo(self.model.index(row, 0), center)

        QTimer.singleShot(0, scroll)

    def _current_changed(self, current: Any, _previous: Any) -> None:
        record_id = self.model.data(current, ID_ROLE) if current.isValid() else None
        if isinstance(record_id, uuid.UUID) and record_id != self.editor.record_id:
            self.editor.load(record_id)
            self.detail.setCurrentWidget(self.editor)

    def _apply_filter(self) -> None:
        self.model.set_filter(self.filter_edit.text())

    def _update_empty(self) -> None:
        filtered = bool(self.filter_edit.text().strip())
        self.empty.setText("No match for this filter." if filtered else self.empty_text)
        showing = self.table if self.model.rowCount() else self.empty
        self.list_stack.setCurrentWidget(showing)

    def _rows_loaded(self) -> None:
        """A new first page: select the record the editor shows, if it is among the rows."""
        self._update_empty()
        keep = self.editor.record_id
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            blocker = self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(blocker)
            if self._scroll_to_new:  # a record just made: shown where it sorts
                self._scroll_to_new = False
                self._scroll_to(keep)

    def _rows_leaving(self, _parent: Any, first: int, last: int) -> None:
        """A row is leaving the list: unselect it, so the next one does not open."""
        current = self.table.selectionModel().currentIndex()
        if current.isValid() and first <= current.row() <= last:
            blocker = self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().clear()
            self.table.selectionModel().blockSignals(blocker)

    def reload_list(self) -> None:
        """Load the list again now, or when the page is shown next."""
        if not self._loaded:
            return
        if self.isVisible():
            self.model.reload()
        else:
            self._stale = True

    def _keep_sort_indicator(self, section: int, _order: Qt.SortOrder) -> None:
        """A click on a column that cannot sort leaves the arrow where the sort really is."""
        if 0 <= section < len(self.columns) and self.columns[section].sort_field is None:
            header = self.table.horizontalHeader()
            blocked = header.blockSignals(True)
            header.setSortIndicator(*self.model.sorted_column())
            header.blockSignals(blocked)

    def _on_changed(self, summary: WriteSummary) -> None:
        """Rows of this kind changed (an autosave, an undo, a sync): show them anew in
        place (a new record among the loaded rows loads the list again); another kind the
        rows show (an organization's name), or very many: load the list again."""
        if not self._loaded:
            return
        ids = summary.records.get(self.kind)
        if any(kind in summary.records for kind in self.follows) or (
            ids is not None and not 0 < len(ids) <= REFRESH_AT_MOST
        ):
            self.reload_list()
        elif ids:
            self.model.refresh(ids)


class ElideDelegate(QStyledItemDelegate):
    """Cuts the text of some columns in the middle, the others at the end."""

    def __init__(self, middle: set[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.middle = middle

    def initStyleOption(self, option: QStyleOptionViewItem, index: Any) -> None:
        super().initStyleOption(option, index)
        middle = index.column() in self.middle
        option.textElideMode = (
            Qt.TextElideMode.ElideMiddle if middle else Qt.TextElideMode.ElideRight
        )


def text_of(field: str) -> Callable[[Row], str]:
    """Column display for a plain field."""

    def show(row: Row) -> str:
        value = row.get(field)
        if value is None:
            return ""
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    return show
