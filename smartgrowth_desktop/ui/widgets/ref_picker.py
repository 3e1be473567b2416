"""Pick one record by typing part of its name (search-as-you-type, in the worker).

The one way to fill a reference field (a contact's organization, a lead's SME, a
follow-up's meeting): nothing is listed up front, so a record made a minute ago by sync,
an import or the CLI is found like any other. Each pause in typing runs one search in
the worker; Down on an empty line lists the first few. Results that come back after the
user typed more are dropped. A field pointing to a record in the trash, or to one not on
this laptop yet (sync can bring a lead before its SME), says so instead of showing an id.
A picker may rank some records first (an SME picker lists SMEs before other
organizations) and offer to create a record of the name typed ("＋ Create SME “…”").
While the user types in the line, a refresh of the same value (a save landing) leaves
the text alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from smartgrowth_desktop.services.lists import Where
from smartgrowth_desktop.services.picking import Choice
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.fields import FieldInput

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_ROLE = Qt.ItemDataRole.UserRole + 2
CREATE_ROLE = Qt.ItemDataRole.UserRole + 3
ENABLED = Qt.ItemFlag.ItemIsEnabled
SEARCH_DELAY_MS = 80
MAX_RESULTS = 20


class RecordField(FieldInput):
    """A line to type in, a popup of matching records; the value is the record's id."""

    open_requested = Signal(object)  # uuid.UUID
    described = Signal(object)  # the Choice shown (None: no record)

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        noun: str,
        where: tuple[Where, ...] = (),
        can_open: bool = False,
        parent: QWidget | None = None,
        prefer: tuple[Where, ...] = (),
        create: Callable[[str], dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.noun, self.where = ctx, kind, noun, where
        self.prefer, self.create_values = prefer, create
        self.record_id: str | None = None
        self.choice: Choice | None = None
        self._label = ""
        self._generation = 0
        self._lookup = 0
        self._build(can_open)
        self.results = QStandardItemModel(self)
        self.completer = QCompleter(self)
        self.completer.setModel(self.results)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.line)
        cast(Any, self.completer.activated)[QModelIndex].connect(self._picked)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.line.installEventFilter(self)

    def _build(self, can_open: bool) -> None:
        self.line = QLineEdit()
        self.line.setAccessibleName(self.noun.capitalize())
        self.line.setPlaceholderText(f"Type to search {self.noun}s…")
        self.line.setClearButtonEnabled(True)
        self.open_button = QToolButton()
        self.open_button.setText("Open")
        self.open_button.setToolTip(f"Show this {self.noun}")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.open_button)
        self.open_button.setVisible(can_open)  # once in the layout (not a window of its own)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self._finished)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Clicking into the line selects its text; Down lists results (the first few)."""
        if watched is not self.line:
            return super().eventFilter(watched, event)
        clicked_in = (
            isinstance(event, QFocusEvent)
            and event.gotFocus()
            and event.reason() == Qt.FocusReason.MouseFocusReason
        )
        if clicked_in:
            QTimer.singleShot(0, self.line.selectAll)
        down = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
        if down and event.type() == QEvent.Type.KeyPress:
            if self.results.rowCount() and self.line.text() != self._label:
                self._open_popup()
            else:
                self._search()
            return True
        return super().eventFilter(watched, event)

    def _searching(self) -> bool:
        """Whether the user is in the line or its popup (which may take the focus)."""
        popup = self._popup()
        focus = QApplication.focusWidget()
        return popup.isVisible() or focus is self.line or focus is popup

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None
        return popup

    # -- FieldInput ---------------------------------------------------------------------

    def value(self) -> Any:
        return self.record_id

    def set_value(self, value: Any) -> None:
        same = (str(value) if value else None) == self.record_id
        if same and self._searching() and self.line.text() != self._label:
            return  # the user is typing a search: a refresh of the same value waits
        self._generation += 1  # drop searches still under way
        self._popup().hide()
        self.results.clear()
        self.record_id = str(value) if value else None
        self.open_button.setEnabled(self.record_id is not None)
        self._show_label("")
        self._describe()

    # -- searching ----------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._generation += 1
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self._popup().hide()

    def _search(self) -> None:
        """Search for what is typed (the first few when nothing is), in the worker."""
        self._generation += 1
        generation, text, picks = self._generation, self.line.text(), self.ctx.picks
        kind, where, prefer = self.kind, self.where, self.prefer
        typed = text.strip() and text != self._label
        self.ctx.operations.query(
            lambda: (
                picks.find(kind, text, MAX_RESULTS, where, prefer=prefer)
                if typed
                else picks.first(kind, MAX_RESULTS, where, prefer)
            ),
            lambda found: self._show_results(generation, found),
        )

    def _show_results(self, generation: int, found: list[Choice]) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # the user typed more meanwhile (or closed the window)
        self.results.clear()
        for choice in found:
            text = choice.label + (f"  —  {choice.detail}" if choice.detail else "")
            item = QStandardItem(text)
            item.setData(choice.id, ID_ROLE)
            item.setData(choice.label, LABEL_ROLE)
            item.setToolTip(text)
            self.results.appendRow(item)
        typed = self.line.text().strip() if self.line.text() != self._label else ""
        if not found:
            text = f"No {self.noun} matches “{typed}”" if typed else f"No {self.noun}s yet"
            item = QStandardItem(text)
            item.setEnabled(False)
            self.results.appendRow(item)
        exact = any(c.label.casefold() == typed.casefold() for c in found)
        if self.create_values is not None and typed and not exact:
            item = QStandardItem(f"＋ Create {self.noun} “{typed}”")
            item.setData(typed, CREATE_ROLE)
            item.setToolTip(f"A new {self.noun} called “{typed}”, filled in later")
            self.results.appendRow(item)
        self._open_popup()

    def _open_popup(self) -> None:
        rect = self.line.rect()
        rect.setWidth(max(rect.width(), 460))
        self.completer.complete(rect)
        model = self.completer.completionModel()
        rows = range(model.rowCount())
        row = next((r for r in rows if model.flags(model.index(r, 0)) & ENABLED), 0)
        self._popup().setCurrentIndex(model.index(row, 0))

    def _picked(self, index: QModelIndex) -> None:
        name = index.data(CREATE_ROLE)
        if name:
            self._create(str(name))
            return
        record_id = index.data(ID_ROLE)
        if not record_id:
            return
        self.record_id = str(record_id)
        self.open_button.setEnabled(True)
        self._show_label(str(index.data(LABEL_ROLE) or ""))
        self.edited.emit()
        self._describe()

    def _create(self, name: str) -> None:
        """Create a record of the name typed (in the worker) and pick it."""
        assert self.create_values is not None
        records, kind, values = self.ctx.records, self.kind, self.create_values(name)
        self._show_label(name)
        self.ctx.operations.run(
            lambda: records.create(kind, values), lambda new_id: self._created(new_id, name)
        )

    def _created(self, new_id: uuid.UUID, name: str) -> None:
        if not shiboken6.isValid(self):
            return
        self.record_id = str(new_id)
        self.open_button.setEnabled(True)
        self._show_label(name)
        self.edited.emit()
        self._describe()

    def _finished(self) -> None:
        """Leaving the line: an emptied line clears the field, else keep the pick."""
        if self._searching():
            return  # the popup opening took the focus for a moment: the user types on
        if not self.line.text().strip() and self.record_id is not None:
            self.record_id = None
            self.open_button.setEnabled(False)
            self._show(None)
            self.edited.emit()
        elif self.line.text() != self._label:
            self.line.setText(self._label)

    # -- the chosen record --------------------------------------------------------------

    def _describe(self) -> None:
        self._lookup += 1
        lookup, record_id, picks, kind = self._lookup, self.record_id, self.ctx.picks, self.kind
        if record_id is None:
            self._show(None)
            return
        self.ctx.operations.query(
            lambda: picks.describe(kind, [record_id]).get(record_id),
            lambda choice: self._described(lookup, choice),
        )

    def _described(self, lookup: int, choice: Choice | None) -> None:
        if lookup != self._lookup or not shiboken6.isValid(self):
            return
        self._show(choice)

    def _show(self, choice: Choice | None) -> None:
        self.choice = choice
        if choice is not None:
            self._show_label(choice.label if choice.state == "live" else choice.shown)
            self.line.setToolTip(choice.shown + (f" · {choice.detail}" if choice.detail else ""))
        self.described.emit(choice)

    def _show_label(self, label: str) -> None:
        self._label = label
        self.line.setText(label)
        self.line.setCursorPosition(0)

    def _open(self) -> None:
        if self.record_id is not None:
            self.open_requested.emit(uuid.UUID(self.record_id))
