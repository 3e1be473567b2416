"""Find duplicates: likely pairs of contact cards, shown side by side; pick per field which
value to keep, then Merge (one write, undoable with Ctrl+Z)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.labels import shortened
from smartgrowth_desktop.services.contact_merge import (
    FieldChoice,
    MergeResult,
    field_choices,
    merge_contacts,
    redo_merge,
    undo_merge,
)
from smartgrowth_desktop.services.duplicates import DuplicatePair, dismiss_pair, find_duplicates
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error

LABELS = {"organization_id": "Organization", "review_by": "Review by", "linkedin": "LinkedIn"}
CHOICE_TEXT = {"family_first": "Family name first", "given_first": "Given name first"}


def field_label(name: str) -> str:
    """``family_name`` → ``Family name``."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


def shown(value: Any, names: dict[str, str]) -> str:
    """A value as a person reads it (organization ids as names)."""
    if value is None or value == [] or value == "":
        return "(empty)"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return names.get(str(value)) or CHOICE_TEXT.get(str(value), str(value))


class MergeCommand(QUndoCommand):
    """A merge already written; undo puts both cards back, redo merges again."""

    def __init__(self, ctx: AppContext, result: MergeResult, label: str) -> None:
        super().__init__(label)
        self.ctx, self.result = ctx, result
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        profile, result = self.ctx.profile, self.result
        self.ctx.operations.run(lambda: redo_merge(profile, result))

    def undo(self) -> None:
        profile, result = self.ctx.profile, self.result
        self.ctx.operations.run(lambda: undo_merge(profile, result))


class DuplicatesDialog(QDialog):
    """The pairs on the left; the chosen pair's fields side by side on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("duplicates")
        self.setWindowTitle("Find duplicates")
        self.pairs: list[DuplicatePair] = []
        self.current: tuple[dict[str, Any], dict[str, Any], list[FieldChoice]] | None = None
        self.groups: dict[str, QButtonGroup] = {}
        self.org_names: dict[str, str] = {}
        self.last_result: MergeResult | None = None
        self.pair_list = QListWidget()
        self.pair_list.setObjectName("duplicate-pairs")
        self.pair_list.currentRowChanged.connect(self._show_pair)
        self.title = QLabel("Looking for duplicates…")
        self.title.setObjectName("duplicates-title")
        self.title.setWordWrap(True)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.merge_button = QPushButton("&Merge into the kept card")
        self.merge_button.setObjectName("merge")
        self.merge_button.clicked.connect(self.merge)
        self.swap_button = QPushButton("&Swap sides")
        self.swap_button.clicked.connect(self.swap)
        self.skip_button = QPushButton("&Not the same person")
        self.skip_button.clicked.connect(self.skip)
        self.skip_button.setToolTip("Two different people: this pair is not offered again")
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.swap_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(close)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_layout.addWidget(scroll, 1)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.pair_list)
        splitter.addWidget(right)
        splitter.setSizes([330, 870])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._enable(False)
        self.resize(1200, 640)
        self.reload()

    # -- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Look for pairs in the background."""
        profile = self.ctx.profile
        self.ctx.operations.run(lambda: find_duplicates(profile), self._pairs_found, self._failed)

    def _pairs_found(self, pairs: list[DuplicatePair]) -> None:
        self.pairs = pairs
        self.pair_list.clear()
        for pair in pairs:
            self.pair_list.addItem(f"{pair.keep.label}\n{pair.other.label}\n  {pair.reasons[0]}")
        if not pairs:
            self.title.setText("No likely duplicates: every contact looks like one person.")
            self._clear_grid()
            self._enable(False)
            return
        self.pair_list.setCurrentRow(0)

    def _show_pair(self, row: int) -> None:
        if not 0 <= row < len(self.pairs):
            return
        pair = self.pairs[row]
        records, ids = self.ctx.records, (pair.keep.id, pair.other.id)

        def load() -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
            keep, other = (records.get_wire("contact", i) for i in ids if i is not None)
            orgs = {
                str(v["organization_id"]): str(
                    records.get_wire("organization", str(v["organization_id"]))["name"]
                )
                for v in (keep, other)
                if v.get("organization_id")
            }
            return keep, other, orgs

        self.ctx.operations.run(load, lambda got: self._fill(pair, *got), self._failed)

    def _fill(
        self,
        pair: DuplicatePair,
        keep: dict[str, Any],
        other: dict[str, Any],
        org_names: dict[str, str],
    ) -> None:
        self.org_names = org_names
        choices = field_choices(keep, other)
        self.current = (keep, other, choices)
        self.title.setText(f"<b>{pair.keep.label}</b> and <b>{pair.other.label}</b>: "
                           f"{'; '.join(pair.reasons)}")  # fmt: skip
        self._clear_grid()
        for column, text in enumerate(("Field", "Kept card", "Other card (to the trash)")):
            header = QLabel(f"<b>{text}</b>")
            self.grid.addWidget(header, 0, column)
        row = 1
        for choice in choices:
            if not choice.keep and not choice.other:
                continue
            self._add_row(row, choice)
            row += 1
        self._enable(True)

    def _add_row(self, row: int, choice: FieldChoice) -> None:
        group = QButtonGroup(self.grid_host)
        self.groups[choice.name] = group
        self.grid.addWidget(QLabel(field_label(choice.name)), row, 0)
        options = [("keep", choice.keep, 1), ("other", choice.other, 2)]
        for key, value, column in options:
            button = QRadioButton(shown(value, self.org_names))
            button.setObjectName(f"take-{choice.name}-{key}")
            button.setProperty("choice", key)
            button.setEnabled(choice.differs)
            group.addButton(button)
            self.grid.addWidget(button, row, column)
            button.setChecked(choice.default == key)
        if choice.is_list and choice.differs:
            both = QRadioButton("both")
            both.setObjectName(f"take-{choice.name}-both")
            both.setProperty("choice", "both")
            group.addButton(both)
            self.grid.addWidget(both, row, 3)
            both.setChecked(choice.default == "both")

    def _clear_grid(self) -> None:
        self.groups.clear()
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _enable(self, on: bool) -> None:
        for button in (self.merge_button, self.swap_button, self.skip_button):
            button.setEnabled(on)

    # -- actions ----------------------------------------------------------------------------

    def chosen(self) -> dict[str, Any]:
        """The choice of each field, as the radio buttons show it."""
        take: dict[str, Any] = {}
        for name, group in self.groups.items():
            checked = group.checkedButton()
            if checked is not None:
                take[name] = checked.property("choice")
        return take

    def swap(self) -> None:
        """Keep the other card instead."""
        row = self.pair_list.currentRow()
        if 0 <= row < len(self.pairs):
            pair = self.pairs[row]
            self.pairs[row] = DuplicatePair(pair.other, pair.keep, pair.reasons)
            self._show_pair(row)

    def skip(self) -> None:
        """They are two people: remembered, so the pair is not offered again."""
        row = self.pair_list.currentRow()
        if 0 <= row < len(self.pairs):
            pair = self.pairs.pop(row)
            profile, first, second = self.ctx.profile, pair.keep.id, pair.other.id
            if first is not None and second is not None:  # stored contacts (always, here)
                self.ctx.operations.run(
                    lambda: dismiss_pair(profile, first, second), failure=self._failed
                )
            self._pairs_found(self.pairs)

    def merge(self) -> None:
        """Merge the shown pair with the chosen values; Ctrl+Z undoes it."""
        row = self.pair_list.currentRow()
        if not 0 <= row < len(self.pairs):
            return
        pair, take, profile = self.pairs[row], self.chosen(), self.ctx.profile
        assert pair.keep.id is not None and pair.other.id is not None
        keep_id: uuid.UUID = pair.keep.id
        other_id: uuid.UUID = pair.other.id
        self._enable(False)

        def merged(result: MergeResult) -> None:
            self.last_result = result
            label = f"Merge {shortened(pair.other.label, 30)} into {shortened(pair.keep.label, 30)}"
            self.ctx.undo.push(MergeCommand(self.ctx, result, label))
            self.reload()

        self.ctx.operations.run(
            lambda: merge_contacts(profile, keep_id, other_id, take), merged, self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self._enable(bool(self.pairs))
        show_error(self, error)
