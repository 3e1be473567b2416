"""A meeting's follow-ups as a checklist: done, text, owner and due date; add and remove.

Every change is saved through the record service in the worker (text and owner about
half a second after the last key, a tick at once); each saved edit is an undo step, and
a removed follow-up goes to the trash (undo brings it back).
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.lists import ListQuery, ListService, Where
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.undo import DeleteCommand, EditCommand
from smartgrowth_desktop.ui.widgets.time_zone import DateInput

Values = dict[str, Any]
SAVE_MS = 500


def follow_ups_of(lists: ListService, meeting_id: uuid.UUID) -> list[Values]:
    """The live follow-ups of a meeting, oldest first, as wire values (worker side)."""
    where = (Where("meeting_id", "=", meeting_id),)
    return lists.records(ListQuery("follow_up", "created_at", where=where))


class FollowUpRow(QFrame):
    """One follow-up: done, what, who, by when; and a remove button."""

    save = Signal(object, dict)  # record id, changed wire values
    remove = Signal(object)  # record id

    def __init__(self, values: Values, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record_id = uuid.UUID(str(values["id"]))
        self.values: Values = {}
        self._dirty: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=SAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._build()
        self.show_values(values)

    def _build(self) -> None:
        self.done = QCheckBox()
        self.done.setAccessibleName("Done")
        self.done.setToolTip("Done")
        self.done.toggled.connect(lambda _c: self._edited("done", now=True))
        self.text = QLineEdit()
        self.text.setAccessibleName("Follow-up")
        self.text.setPlaceholderText("What needs doing")
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("Owner")
        for name, line in (("text", self.text), ("owner", self.owner)):
            line.textEdited.connect(lambda _t, name=name: self._edited(name))
            line.editingFinished.connect(self.flush)
        self.due = DateInput("no due date")
        self.due.setAccessibleName("Due date")
        self.due.edited.connect(lambda: self._edited("due_date"))
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip("Remove this follow-up (undo brings it back)")
        self.remove_button.setAccessibleName("Remove follow-up")
        self.remove_button.clicked.connect(lambda: self.remove.emit(self.record_id))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.done, 0, 0)
        grid.addWidget(self.text, 0, 1, 1, 2)
        grid.addWidget(self.remove_button, 0, 3)
        grid.addWidget(self.owner, 1, 1)
        grid.addWidget(self.due, 1, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)

    def show_values(self, values: Values) -> None:
        """Show stored values, except in fields with edits not saved yet."""
        self.values = dict(values)
        if "done" not in self._dirty:
            with QSignalBlocker(self.done):
                self.done.setChecked(bool(values.get("done")))
        for name, line in (("text", self.text), ("owner", self.owner)):
            shown = str(values.get(name) or "")
            typing = line.hasFocus() and line.isModified()  # typed since it was last set
            if name not in self._dirty and not typing and line.text() != shown:
                line.setText(shown)
                line.setToolTip(shown)
                if not line.hasFocus():
                    line.setCursorPosition(0)  # show the start of a long text
        if "due_date" not in self._dirty:
            self.due.set_value(values.get("due_date"))
        self._style_done()

    def _style_done(self) -> None:
        font = QFont(self.text.font())
        font.setStrikeOut(self.done.isChecked())
        self.text.setFont(font)

    def _edited(self, name: str, now: bool = False) -> None:
        self._dirty.add(name)
        self.text.setStyleSheet("")
        self._style_done()
        if now:
            self.flush()
        else:
            self._timer.start()

    def read(self, name: str) -> Any:
        """The value shown for ``name``, as a wire value."""
        if name == "done":
            return self.done.isChecked()
        if name == "due_date":
            return self.due.value()
        return (self.text if name == "text" else self.owner).text().strip() or None

    def flush(self) -> None:
        """Hand pending edits to the list to save."""
        self._timer.stop()
        if self._dirty:
            changed = {name: self.read(name) for name in sorted(self._dirty)}
            self._dirty.clear()
            self.save.emit(self.record_id, changed)

    def failed(self, changed: Values, message: str) -> None:
        """A save was refused: keep the edits, show why."""
        self._dirty.update(changed)
        self.text.setStyleSheet("border: 1px solid #b3261e;")
        self.text.setToolTip(f"Not saved: {message}")


class FollowUpList(QWidget):
    """The checklist of one meeting's follow-ups, with a line to add one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: uuid.UUID | None = None
        self.rows: dict[uuid.UUID, FollowUpRow] = {}
        self._build()
        ctx.bus.changed.connect(self._on_changed)
        self.set_meeting(None)

    def _build(self) -> None:
        title = QLabel("Follow-ups")
        title.setStyleSheet("font-weight: 600;")
        self.count = QLabel()
        self.count.setStyleSheet("color: palette(mid);")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count)
        rows_host = QWidget()
        self.rows_layout = QVBoxLayout(rows_host)
        self.rows_layout.setContentsMargins(0, 0, 4, 0)
        self.rows_layout.setSpacing(0)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(mid);")
        self.rows_layout.addWidget(self.empty)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(rows_host)
        self.add_line = QLineEdit()
        self.add_line.setObjectName("add-follow-up")
        self.add_line.setAccessibleName("Add a follow-up")
        self.add_line.setPlaceholderText("＋ Add a follow-up and press Enter")
        self.add_line.returnPressed.connect(self._add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.add_line)

    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        """Show the follow-ups of ``meeting_id`` (None: a meeting not saved yet)."""
        if meeting_id != self.meeting_id:
            self.flush()
            for row in list(self.rows.values()):
                self._drop(row)
        self.meeting_id = meeting_id
        self.add_line.setEnabled(meeting_id is not None)
        self._update_empty()
        self.reload()

    def reload(self) -> None:
        """Fetch the follow-ups again (in the worker)."""
        meeting_id, lists = self.meeting_id, self.ctx.lists
        if meeting_id is not None:
            self.ctx.operations.query(
                lambda: follow_ups_of(lists, meeting_id),
                lambda loaded: self._show(meeting_id, loaded),
            )

    def flush(self) -> None:
        """Save edits still waiting for their timer."""
        for row in self.rows.values():
            row.flush()

    def _show(self, meeting_id: uuid.UUID, loaded: list[Values]) -> None:
        if meeting_id != self.meeting_id:
            return  # another meeting was opened meanwhile
        seen: set[uuid.UUID] = set()
        for values in loaded:
            record_id = uuid.UUID(str(values["id"]))
            seen.add(record_id)
            row = self.rows.get(record_id)
            if row is None:
                row = FollowUpRow(values)
                row.save.connect(self._save)
                row.remove.connect(self._remove)
                self.rows[record_id] = row
                self.rows_layout.insertWidget(self.rows_layout.count() - 2, row)
            else:
                row.show_values(values)
        for record_id in set(self.rows) - seen:
            self._drop(self.rows[record_id])
        self._update_empty()

    def _drop(self, row: FollowUpRow) -> None:
        self.rows.pop(row.record_id, None)
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def _update_empty(self) -> None:
        open_count = sum(1 for row in self.rows.values() if not row.done.isChecked())
        self.count.setText(f"{open_count} open of {len(self.rows)}" if self.rows else "")
        if self.meeting_id is None:
            self.empty.setText("Follow-ups can be added once the meeting is saved (as you type).")
        else:
            self.empty.setText("No follow-ups yet: who does what, by when?")
        self.empty.setVisible(not self.rows)

    def _add(self) -> None:
        text, meeting_id = self.add_line.text().strip(), self.meeting_id
        if not text or meeting_id is None:
            return
        self.add_line.clear()
        values = {"text": text, "meeting_id": str(meeting_id)}
        records = self.ctx.records
        self.ctx.operations.run(lambda: records.create("follow_up", values))

    def _save(self, record_id: uuid.UUID, changed: Values) -> None:
        row = self.rows.get(record_id)
        before = {name: (row.values.get(name) if row else None) for name in changed}
        records = self.ctx.records

        def saved(_result: object) -> None:
            command = EditCommand(
                self.ctx, "follow_up", record_id, before, changed, "Edit follow-up"
            )
            self.ctx.undo.push(command)
            self._update_empty()

        def failed(error: BaseException) -> None:
            target = self.rows.get(record_id)
            if target is not None and isinstance(error, ValidationError):
                target.failed(changed, error.message)
            else:
                from smartgrowth_desktop.ui.messages import show_error

                show_error(self, error)

        self.ctx.operations.run(
            lambda: records.update("follow_up", record_id, changed), saved, failed
        )

    def _remove(self, record_id: uuid.UUID) -> None:
        row = self.rows.get(record_id)
        if row is not None:
            row.flush()
        self.ctx.undo.push(DeleteCommand(self.ctx, "follow_up", record_id, "Remove follow-up"))

    def _on_changed(self, summary: WriteSummary) -> None:
        if self.meeting_id is not None and "follow_up" in summary.records:
            self.reload()
