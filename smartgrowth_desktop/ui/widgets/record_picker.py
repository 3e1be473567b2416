"""Pick records: several as chips with a search-as-you-type line, or one from a combo.

Searches and label look-ups run in the worker; results that arrive after the user typed
more are dropped. Keyboard: type, Down/Up to choose, Enter to pick (even before the
results arrive), Escape to clear, Backspace on an empty line removes the last chip.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.lists import Where
from smartgrowth_desktop.services.picking import Choice, label_of
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.fields import FieldInput

Values = dict[str, Any]
PICK_ROLE = Qt.ItemDataRole.UserRole + 1
RESULT_LIMIT = 8
COMBO_LIMIT = 500  # a combo lists missions: a programme has a handful
CHIP_TEXT_WIDTH = 220  # longer names are cut in the middle on the chip (the tooltip: whole)


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to new lines (for chips)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


class Chip(QFrame):
    """One chosen record: its name and a remove button."""

    removed = Signal(str)

    def __init__(self, record_id: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chip")
        self.setStyleSheet(
            "#chip { border: 1px solid palette(mid); border-radius: 10px;"
            " background: palette(alternate-base); }"
        )
        self.label = QLabel()
        metrics = self.label.fontMetrics()
        middle = Qt.TextElideMode.ElideMiddle  # "Ho Chi Minh City De…Science and Technology"
        self.label.setText(metrics.elidedText(label, middle, CHIP_TEXT_WIDTH))
        self.label.setToolTip(label)
        remove = QToolButton()
        remove.setText("✕")
        remove.setAutoRaise(True)
        remove.setAccessibleName(f"Remove {label}")
        remove.setToolTip(f"Remove {label}")
        remove.setCursor(Qt.CursorShape.PointingHandCursor)
        remove.clicked.connect(lambda: self.removed.emit(record_id))
        self.remove_button = remove
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 1, 2, 1)
        row.setSpacing(2)
        row.addWidget(self.label)
        row.addWidget(remove)


class RecordPicker(FieldInput):
    """Several records of one kind (a list of ids), shown as chips, picked by searching."""

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        noun: str,
        where: tuple[Where, ...] = (),
        create: Callable[[str], Values] | None = None,
        parent: QWidget | None = None,
        prefer: tuple[Where, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.noun, self.where = ctx, kind, noun, where
        self.create_values, self.prefer = create, prefer
        self.ids: list[str] = []
        self.labels: dict[str, str] = {}
        self._generation = 0
        self._shown_generation = 0
        self._pick_when_ready = False
        self._timer = QTimer(self, singleShot=True, interval=80)
        self._timer.timeout.connect(self._search)
        self._build()

    def _build(self) -> None:
        self.chips = QWidget()
        self.flow = FlowLayout(self.chips)
        self.line = QLineEdit()
        self.line.setPlaceholderText(f"Add {self.noun}: type a name…")
        self.line.setAccessibleName(f"Add {self.noun}")
        self.line.setClearButtonEnabled(True)
        self.line.textChanged.connect(self._typed)
        self.line.installEventFilter(self)
        self.results = QListWidget()
        self.results.setAccessibleName(f"Matching {self.noun}s")
        self.results.setMaximumHeight(150)
        self.results.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setUniformItemSizes(True)
        self.results.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.results.itemClicked.connect(self._pick)
        self.results.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.chips)
        layout.addWidget(self.line)
        layout.addWidget(self.results)
        self.setFocusProxy(self.line)

    # -- the field value -------------------------------------------------------------------

    def value(self) -> Any:
        return list(self.ids)

    def set_value(self, value: Any) -> None:
        self.ids = [str(v) for v in value or []]
        self._show_chips()
        unknown = [i for i in self.ids if i not in self.labels]
        if unknown:
            picks, kind = self.ctx.picks, self.kind
            self.ctx.operations.query(lambda: picks.describe(kind, unknown), self._got_labels)

    def _got_labels(self, described: dict[str, Choice]) -> None:
        for record_id, choice in described.items():
            self.labels[record_id] = choice.shown
        self._show_chips()

    def _show_chips(self) -> None:
        layout = self.flow
        while (item := layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        for record_id in self.ids:
            chip = Chip(record_id, self.labels.get(record_id, "…"))
            chip.removed.connect(self.remove)
            layout.addWidget(chip)
        self.chips.setVisible(bool(self.ids))
        self.chips.updateGeometry()

    def add(self, record_id: str, label: str) -> None:
        """Add a record as the user would (emits ``edited``)."""
        self.labels[record_id] = label
        if record_id not in self.ids:
            self.ids.append(record_id)
            self._show_chips()
            self.edited.emit()

    def remove(self, record_id: str) -> None:
        """Remove a record as the user would (emits ``edited``)."""
        if record_id in self.ids:
            self.ids.remove(record_id)
            self._show_chips()
            self.edited.emit()
            self.line.setFocus()

    # -- searching ---------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._generation += 1
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self._pick_when_ready = False
            self.results.clear()
            self.results.hide()

    def _search(self) -> None:
        generation, text = self._generation, self.line.text()
        picks, kind, where, chosen = self.ctx.picks, self.kind, self.where, list(self.ids)
        prefer = self.prefer

        def find() -> list[tuple[str, str, str]]:
            found = picks.find(kind, text, RESULT_LIMIT, where, leave_out=chosen, prefer=prefer)
            return [(c.id, c.label, c.detail) for c in found]

        self.ctx.operations.query(find, lambda found: self._show_results(generation, text, found))

    def _show_results(self, generation: int, text: str, found: list[tuple[str, str, str]]) -> None:
        if generation != self._generation:
            return  # the user typed more meanwhile
        self._shown_generation = generation
        self.results.clear()
        for record_id, label, detail in found:
            item = QListWidgetItem(label + (f"   —   {detail}" if detail else ""))
            item.setData(PICK_ROLE, ("record", record_id, label))
            self.results.addItem(item)
        name = text.strip()
        exact = any(label.casefold() == name.casefold() for _i, label, _d in found)
        if self.create_values is not None and name and not exact:
            item = QListWidgetItem(f"＋ Create {self.noun} “{name}”")
            item.setData(PICK_ROLE, ("create", name, name))
            self.results.addItem(item)
        if not self.results.count():
            self.results.addItem(QListWidgetItem(f"No {self.noun} matches “{name}”"))
        self.results.setCurrentRow(0)
        rows = min(self.results.count(), 6)
        self.results.setFixedHeight(rows * self.results.sizeHintForRow(0) + 6)
        self.results.show()
        if self._pick_when_ready:
            self._pick_when_ready = False
            self._pick_current()

    def _pick_current(self) -> None:
        if self._timer.isActive() or self._shown_generation != self._generation:
            self._pick_when_ready = True  # Enter before the results came: pick when they do
            if self._timer.isActive():
                self._timer.stop()
                self._search()
            return
        item = self.results.currentItem()
        if item is not None:
            self._pick(item)

    def _pick(self, item: QListWidgetItem) -> None:
        data = item.data(PICK_ROLE)
        if not data:
            return
        action, key, label = data
        self.line.clear()
        self.line.setFocus()  # ready for the next one
        if action == "record":
            self.add(key, label)
        elif self.create_values is not None:
            self._create(key)

    def _create(self, name: str) -> None:
        assert self.create_values is not None
        records, kind, values = self.ctx.records, self.kind, self.create_values(name)
        self.ctx.operations.run(
            lambda: records.create(kind, values), lambda new_id: self.add(str(new_id), name)
        )

    def _move(self, step: int) -> None:
        if self.results.isVisible() and self.results.count():
            row = self.results.currentRow() + step
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_key = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if watched is self.line and is_key and self._key(event.key()):  # type: ignore[attr-defined]
            return True
        if watched is self.line and event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(0, self._hide_if_left)
        return super().eventFilter(watched, event)

    def _hide_if_left(self) -> None:
        """Hide the results once the focus is neither in the line nor in the results."""
        if not (self.line.hasFocus() or self.results.hasFocus()):
            self.results.hide()

    def _key(self, key: int) -> bool:
        """Handle a key pressed in the search line; True when it was used."""
        empty = not self.line.text()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._move(1 if key == Qt.Key.Key_Down else -1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not empty:
            self._pick_current()
        elif key == Qt.Key.Key_Escape and not empty:
            self.line.clear()
        elif key == Qt.Key.Key_Backspace and empty and self.ids:
            self.remove(self.ids[-1])
        else:
            return False
        return True


class RecordCombo(FieldInput):
    """One record of a kind (or none), chosen from a combo filled in the worker; typing
    part of a name anywhere in it ("da nang") offers the records that contain it."""

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        empty_text: str,
        describe: Callable[[Values], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.empty_text = ctx, kind, empty_text
        self.describe = describe or (lambda values: label_of(kind, values))
        self._value: str | None = None
        self._loaded = False
        self.combo = QComboBox()
        self.combo.setAccessibleName(empty_text)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(12)
        self.combo.setEditable(True)  # searchable: type part of a name
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.combo.completer()
        line = self.combo.lineEdit()
        assert completer is not None and line is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line.setPlaceholderText(f"{empty_text} (type to find one)")
        line.editingFinished.connect(self._left)
        self.combo.currentIndexChanged.connect(self._chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self._fill([])
        ctx.bus.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, summary: WriteSummary) -> None:
        if self.kind in summary.records:
            self.reload()

    def reload(self) -> None:
        """Fetch the records again (in the worker)."""
        picks, kind, describe = self.ctx.picks, self.kind, self.describe

        def choices() -> list[tuple[str, str]]:
            rows = [(c.id, describe(c.values)) for c in picks.first(kind, COMBO_LIMIT)]
            return sorted(rows, key=lambda pair: pair[1].casefold())

        self.ctx.operations.query(choices, self._fill)

    def _fill(self, choices: list[tuple[str, str]]) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.empty_text, None)
        for record_id, label in choices:
            self.combo.addItem(label, record_id)
        self.combo.blockSignals(False)
        self._loaded = True
        self.set_value(self._value)

    def _left(self) -> None:
        """Leaving the line with text that names no record shows the choice again."""
        line = self.combo.lineEdit()
        if line is not None and line.text() != self.combo.currentText():
            self.combo.setEditText(self.combo.currentText())

    def _chosen(self, _index: int) -> None:
        self._value = self.combo.currentData()
        self.edited.emit()

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = str(value) if value else None
        self.combo.blockSignals(True)
        index = self.combo.findData(self._value) if self._value else 0
        if index < 0:
            self.combo.addItem("…", self._value)
            index = self.combo.count() - 1
            if self._loaded and self._value:  # in the trash, or not on this laptop yet
                picks, kind, wanted = self.ctx.picks, self.kind, self._value
                self.ctx.operations.query(
                    lambda: picks.describe(kind, [wanted])[wanted], self._described
                )
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)

    def _described(self, choice: Choice) -> None:
        index = self.combo.findData(choice.id)
        if index >= 0 and self.combo.itemText(index) == "…":
            self.combo.setItemText(index, choice.shown)
