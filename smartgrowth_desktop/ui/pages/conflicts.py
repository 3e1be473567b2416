"""The Conflicts page: fields edited on several laptops at once, and a way to settle them.

Every value is shown side by side with who wrote it, on which laptop and when; long
text gets a line diff and an editable merge. A resolution is one more change that syncs,
so the conflict closes on every laptop.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.labels import kind_name
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.services.conflicts import Conflict, ConflictValue
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.pages.base import Page
from smartgrowth_desktop.ui.sync_control import SyncController, local_time

EMPTY_TEXT = "No conflicts. Edits made on several laptops merged cleanly."
LONG_TEXT = 80


def humanize(name: str) -> str:
    """``follow_up`` → ``Follow-up``, ``next_step`` → ``Next step``."""
    text = name.replace("follow_up", "follow-up").replace("_", " ")
    return text[:1].upper() + text[1:]


def kind_title(kind: str) -> str:
    """A record kind at the start of a line: "Follow-up", "Contact" (``core/labels.py``)."""
    name = kind_name(kind)
    return name if name.isupper() else name[:1].upper() + name[1:]


def field_title(kind: str, field: str) -> str:
    """A field as its form names it ("SME", "Probability %"), else from its name."""
    spec = KINDS[kind].by_name.get(field) if kind in KINDS else None
    return spec.label if spec is not None else humanize(field)


def value_text(conflict: Conflict, value: ConflictValue) -> str:
    """A value as a person reads it."""
    if conflict.is_deletion:
        return humanize(conflict.describe(value))
    raw = value.value
    if raw is None or raw == "":
        return "(empty)"
    if isinstance(raw, list):
        return ", ".join(str(v) for v in raw) or "(empty)"
    if isinstance(raw, str):
        return raw
    return json.dumps(raw, ensure_ascii=False)


def is_text(conflict: Conflict) -> bool:
    """True when every value is text (or empty): a merged text can be typed."""
    return not conflict.is_deletion and all(
        isinstance(v.value, str) or v.value is None for v in conflict.values
    )


def is_long(conflict: Conflict) -> bool:
    """Notes and other long text, shown with a diff."""
    return is_text(conflict) and any(
        "\n" in str(v.value or "") or len(str(v.value or "")) > LONG_TEXT for v in conflict.values
    )


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class ConflictsPage(Page):
    """The open conflicts on the left; the chosen one, its values and the choices right."""

    title = "Conflicts"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sync: SyncController | None = None
        self.conflicts: list[Conflict] = []
        self.list = QListWidget()
        self.list.setObjectName("conflict-list")
        self.list.setAccessibleName("Open conflicts")
        self.list.currentRowChanged.connect(self._show_current)

        self.heading = QLabel()
        self.heading.setObjectName("conflict-heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.values_box = QWidget()
        self.values_box.setObjectName("conflict-values")
        self.values_row = QHBoxLayout(self.values_box)
        self.values_row.setContentsMargins(0, 0, 0, 0)
        self.diff_label = QLabel("What differs (− the other value, + the one shown now)")
        self.diff = QPlainTextEdit()
        self.diff.setObjectName("conflict-diff")
        self.diff.setReadOnly(True)
        self.diff.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.diff.setMaximumHeight(160)
        self.merged_label = QLabel("Or write the text to keep (edit, merge both):")
        self.merged = QPlainTextEdit()
        self.merged.setObjectName("conflict-merged")
        self.merged.setAccessibleName("Text to keep")
        self.merged.setMaximumHeight(120)
        self.keep_text = QPushButton("Keep this text")
        self.keep_text.setObjectName("keep-text")
        self.keep_text.clicked.connect(
            lambda: self._resolve(json.dumps(self.merged.toPlainText(), ensure_ascii=False))
        )
        self.keep_mine = QPushButton("Keep mine")
        self.keep_mine.setObjectName("keep-mine")
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.keep_theirs = QPushButton("Keep theirs")
        self.keep_theirs.setObjectName("keep-theirs")
        self.keep_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.keep_record = QPushButton("Keep the record")
        self.keep_record.setObjectName("keep-record")
        self.keep_record.clicked.connect(lambda: self._resolve("record"))
        self.delete_record = QPushButton("Delete it")
        self.delete_record.setObjectName("delete-record")
        self.delete_record.clicked.connect(lambda: self._resolve("delete"))
        self.error_label = QLabel()
        self.error_label.setObjectName("conflict-error")
        self.error_label.setStyleSheet("color: #b3261e")
        self.error_label.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.keep_mine, self.keep_theirs, self.keep_record, self.delete_record):
            buttons.addWidget(button)
        buttons.addStretch(1)
        merged_row = QHBoxLayout()
        merged_row.addWidget(self.merged, 1)
        merged_row.addWidget(self.keep_text, 0, Qt.AlignmentFlag.AlignBottom)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.explain)
        detail_layout.addWidget(self.values_box)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.diff_label)
        detail_layout.addWidget(self.diff)
        detail_layout.addWidget(self.merged_label)
        detail_layout.addLayout(merged_row)
        detail_layout.addWidget(self.error_label)
        detail_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(scroll)
        splitter.setSizes([300, 800])
        splitter.setStretchFactor(1, 1)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("conflicts-empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._show_current(-1)

    def attach_sync(self, sync: SyncController) -> None:
        """Called by the window once: reload after syncs and resolutions."""
        self.sync = sync
        sync.conflicts_changed.connect(lambda _n: self.reload())
        sync.finished.connect(lambda _r: self.reload())

    def activated(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the open conflicts again (in the worker), keeping the selection."""
        if self.sync is not None:
            self.sync.list_conflicts(self._show)

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, conflicts: list[Conflict]) -> None:
        chosen = self.current()
        self.conflicts = conflicts
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in conflicts:
            what = (
                "Deleted and edited"
                if conflict.is_deletion
                else field_title(conflict.kind, conflict.field)
            )
            item = QListWidgetItem(
                f"{kind_title(conflict.kind)}: {conflict.label}\n"
                f"{what} · {len(conflict.values)} values"
            )
            item.setToolTip(conflict.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.stack.setCurrentIndex(1 if conflicts else 0)
        ids = [c.id for c in conflicts]
        row = ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0
        self.list.setCurrentRow(row if conflicts else -1)
        self._show_current(self.list.currentRow())

    def _show_current(self, _row: int) -> None:
        conflict = self.current()
        _clear(self.values_row)
        self.error_label.clear()
        if conflict is None:
            self.heading.clear()
            self.explain.clear()
            for widget in (
                self.keep_mine,
                self.keep_theirs,
                self.keep_record,
                self.delete_record,
                self.diff_label,
                self.diff,
                self.merged_label,
                self.merged,
                self.keep_text,
            ):
                widget.setVisible(False)
            return
        what = (
            "deleted on one laptop and edited on another"
            if conflict.is_deletion
            else (
                f"{field_title(conflict.kind, conflict.field)} changed on several laptops at once"
            )
        )
        self.heading.setText(f"{kind_title(conflict.kind)} “{conflict.label}”: {what}")
        self.explain.setText(
            "Every value is kept until you choose. The one marked ★ is shown for now "
            "(the same on every laptop). Your choice syncs to your colleagues."
        )
        for value in conflict.values:
            self.values_row.addWidget(self._value_card(conflict, value), 1)
        mine = any(v.mine for v in conflict.values)
        theirs = any(not v.mine for v in conflict.values)
        self.keep_mine.setVisible(True)
        self.keep_theirs.setVisible(True)
        self.keep_mine.setEnabled(mine)
        self.keep_theirs.setEnabled(theirs)
        self.keep_record.setVisible(conflict.is_deletion)
        self.delete_record.setVisible(conflict.is_deletion)
        long = is_long(conflict)
        self.diff_label.setVisible(long)
        self.diff.setVisible(long)
        if long:
            self.diff.setPlainText("\n".join(conflict.diff()[2:]))
        text = is_text(conflict)
        for widget in (self.merged_label, self.merged, self.keep_text):
            widget.setVisible(text)
        self.merged.setMaximumHeight(120 if long else 60)
        if text:
            shown = next((v for v in conflict.values if v.shown), conflict.values[0])
            self.merged.setPlainText(str(shown.value or ""))

    def _value_card(self, conflict: Conflict, value: ConflictValue) -> QGroupBox:
        side = "Mine (this laptop)" if value.mine else "Theirs"
        card = QGroupBox(f"{'★ ' if value.shown else ''}{side}")
        card.setObjectName("conflict-value")
        layout = QVBoxLayout(card)
        text = value_text(conflict, value)
        shown: QWidget
        if "\n" in text or len(text) > LONG_TEXT:
            box = QPlainTextEdit(text)
            box.setReadOnly(True)
            box.setMaximumHeight(140)
            shown = box
        else:
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = QFont(label.font())
            font.setPointSizeF(font.pointSizeF() * 1.15)
            label.setFont(font)
            shown = label
        shown.setObjectName("conflict-value-text")
        layout.addWidget(shown)
        device = value.device_name or value.device[:8]
        when = local_time(value.at, with_day=True) or value.at
        who = QLabel(f"By {value.author or 'someone'}, {when}\nLaptop: {device}")
        who.setObjectName("conflict-value-who")
        who.setStyleSheet("color: palette(dark)")
        layout.addWidget(who)
        return card

    def _resolve(self, keep: str) -> None:
        conflict = self.current()
        if conflict is None or self.sync is None:
            return
        self.error_label.clear()
        self.sync.resolve(conflict.id, keep, lambda e: self.error_label.setText(str(e)))
