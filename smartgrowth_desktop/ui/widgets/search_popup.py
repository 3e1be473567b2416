"""Global search (Ctrl+K): results of every kind while typing, grouped; Enter opens one.

Queries run in the worker; a result that arrives after the user typed more is dropped,
so typing never waits on the database.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.services.search import SearchResult
from smartgrowth_desktop.ui.context import AppContext

KIND_TITLES = {
    "contact": "Contacts",
    "organization": "Organizations",
    "meeting": "Meetings",
    "lead": "Leads",
    "mission": "Missions",
    "market": "Markets",
}
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchPopup(QDialog):
    """A search box over everything; emits ``chosen(kind, id)``."""

    chosen = Signal(str, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Search everything")
        self.setObjectName("search-popup")
        self.resize(620, 460)
        self.query = QLineEdit()
        self.query.setObjectName("search-query")
        self.query.setPlaceholderText("Search contacts, organizations, meetings, leads…")
        self.query.setAccessibleName("Search everything")
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("search-results")
        self.results.setAccessibleName("Search results")
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setUniformItemSizes(True)
        self.hint = QLabel("Type a name (diacritics optional), 广州, pinyin, a word of a note…")
        self.hint.setObjectName("search-hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        layout.addWidget(self.hint)
        self._generation = 0
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self._run)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._open_current)
        self.results.itemActivated.connect(self._open_item)
        self.query.installEventFilter(self)

    def eventFilter(self, watched: object, event: object) -> bool:
        arrows = (Qt.Key.Key_Down, Qt.Key.Key_Up)
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in arrows
        ):
            self._move(1 if event.key() == Qt.Key.Key_Down else -1)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def open_fresh(self) -> None:
        """Show the popup, ready for a new query."""
        self.query.selectAll()
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()

    def _run(self) -> None:
        self._generation += 1
        generation, text = self._generation, self.query.text()
        if not text.strip():
            self.results.clear()
            self.hint.setText("Type a name (diacritics optional), 广州, pinyin, a word of a note…")
            return
        search = self.ctx.search
        self.ctx.operations.run(
            lambda: search.search(text, limit=40),
            lambda found: self._show(generation, found),
        )

    def _show(self, generation: int, found: list[SearchResult]) -> None:
        if generation != self._generation:
            return  # the user typed more meanwhile
        self.results.clear()
        groups: dict[str, list[SearchResult]] = {}
        for result in found:
            groups.setdefault(result.kind, []).append(result)
        first: QListWidgetItem | None = None
        for kind, items in groups.items():
            header = QListWidgetItem(KIND_TITLES.get(kind, kind).upper())
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = header.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            header.setFont(font)
            self.results.addItem(header)
            for result in items:
                text = result.label + (f"   —   {result.detail}" if result.detail else "")
                item = QListWidgetItem(text)
                item.setData(RESULT_ROLE, (result.kind, result.record_id))
                self.results.addItem(item)
                first = first or item
        if first is not None:
            self.results.setCurrentItem(first)
        count = len(found)
        self.hint.setText(
            f"{count} result{'s' if count != 1 else ''} — Enter opens" if count else "No results"
        )

    def _move(self, step: int) -> None:
        row = self.results.currentRow()
        for _ in range(self.results.count()):
            row = max(0, min(self.results.count() - 1, row + step))
            item = self.results.item(row)
            if item is not None and item.data(RESULT_ROLE):
                self.results.setCurrentRow(row)
                return

    def _open_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        data = item.data(RESULT_ROLE)
        if not data:
            return
        kind, record_id = data
        self.hide()
        self.chosen.emit(
            kind, record_id if isinstance(record_id, uuid.UUID) else uuid.UUID(str(record_id))
        )
