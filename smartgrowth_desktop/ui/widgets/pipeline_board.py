"""The leads pipeline board: a column per stage, cards moved with the mouse or the keyboard.

A move shows at once (the card jumps to the top of its new column), then
``LeadService.move`` runs in the worker, which records it in the lead's stage history.
Each move is one undo step. The board reloads in the worker whenever leads change.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QShowEvent, QUndoCommand
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QScrollArea, QWidget

from smartgrowth_desktop.core.labels import shortened, stage_label
from smartgrowth_desktop.core.schema import LEAD_STAGES
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.currency import Reporting
from smartgrowth_desktop.services.pipeline import (
    DEFAULT_CAP,
    PipelineSnapshot,
    load_pipeline,
)
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.widgets.pipeline_model import ID_ROLE
from smartgrowth_desktop.ui.widgets.stage_column import StageColumn, StageView


class MoveLeadCommand(QUndoCommand):
    """A lead moved from one stage to another (undo moves it back; both are history)."""

    def __init__(
        self,
        ctx: AppContext,
        lead_id: uuid.UUID,
        stages: tuple[str, str],
        title: str,
        on_failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        super().__init__(f"Move “{shortened(title)}” to {stage_label(stages[1])}")
        self.ctx, self.lead_id, self.stages, self.on_failed = ctx, lead_id, stages, on_failed

    def redo(self) -> None:
        self._move(self.stages[1])

    def undo(self) -> None:
        self._move(self.stages[0])

    def _move(self, stage: str) -> None:
        leads, lead_id = self.ctx.leads, self.lead_id
        self.ctx.operations.run(lambda: leads.move(lead_id, stage), None, self.on_failed)


class PipelineBoard(QScrollArea):
    """Seven stage columns side by side; scrolls sideways when the window is narrow."""

    open_requested = Signal(object)  # lead id

    def __init__(self, ctx: AppContext, cap: int = DEFAULT_CAP, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.cap = ctx, cap
        self.setObjectName("pipeline-board")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.columns: dict[str, StageColumn] = {}
        host = QWidget()
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        path = [s for s in LEAD_STAGES if s != "lost"]
        for stage in LEAD_STAGES:
            position = path.index(stage) / max(1, len(path) - 1) if stage in path else 0.0
            column = StageColumn(stage, position)
            self._wire(column.view)
            self.columns[stage] = column
            row.addWidget(column, 1)
        self.setWidget(host)
        self.selected: uuid.UUID | None = None
        self.loaded = False
        self._reporting: Reporting | None = None
        self._loading = self._again = self._stale = False
        self._moves = 0  # moves made here; a read begun before one is out of date
        ctx.bus.changed.connect(self._on_changed)

    def _wire(self, view: StageView) -> None:
        stage = view.stage_model().stage
        view.dropped.connect(lambda lead, s=stage: self.move_lead(lead, s))
        view.move_requested.connect(self.step_lead)
        view.open_requested.connect(self.open_requested)
        view.neighbour_requested.connect(lambda step, s=stage: self._focus_neighbour(s, step))
        view.selectionModel().currentChanged.connect(lambda cur, _p, v=view: self._current(v, cur))
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, v=view: self._menu(v, pos))

    # -- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the board again in the worker (coalesced while a read is running)."""
        if self._loading:
            self._again = True
            return
        self._loading, self._stale = True, False
        profile, cap, moves = self.ctx.profile, self.cap, self._moves
        self.ctx.operations.run(
            lambda: load_pipeline(profile, cap), lambda s: self._show(s, moves), self._failed
        )

    def _show(self, snapshot: PipelineSnapshot, moves: int) -> None:
        self._loading = False
        if moves != self._moves:  # read before a card moved: it would jump back
            self.reload()
            return
        self.loaded = True
        self._reporting = snapshot.reporting
        had_focus = any(c.view.hasFocus() for c in self.columns.values())
        for stage, column in self.columns.items():
            column.model.set_cards(snapshot.cards[stage], snapshot.summaries[stage])
            column.refresh_header()
        if self.selected is not None:
            self.select_lead(self.selected, focus=had_focus)
        if self._again:
            self._again = False
            self.reload()

    def set_reporting(self, reporting: Reporting) -> None:
        """Values in another reporting currency or with other rates: read the board again."""
        if self.loaded and reporting != self.reporting:
            self.reload()

    @property
    def reporting(self) -> Reporting | None:
        """The currency and rates the cards were last converted with."""
        return self._reporting

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        show_error(self, error)

    def _on_changed(self, summary: WriteSummary) -> None:
        if not {"lead", "organization"} & set(summary.records):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or not self.loaded:
            self.reload()

    # -- moving -------------------------------------------------------------------------

    def column_of(self, lead_id: uuid.UUID) -> StageColumn | None:
        """The column showing ``lead_id``'s card, if loaded."""
        return next((c for c in self.columns.values() if c.model.row_of(lead_id) is not None), None)

    def move_lead(self, lead_id: uuid.UUID, stage: str, focus: bool = False) -> None:
        """Move a card to ``stage``: shown now, saved in the worker, one undo step."""
        source, target = self.column_of(lead_id), self.columns.get(stage)
        if source is None or target is None or source is target:
            return
        card = source.model.take(lead_id)
        assert card is not None
        target.model.put_first(dataclasses.replace(card, stage=stage))
        source.refresh_header()
        target.refresh_header()
        self.select_lead(lead_id, focus=focus)
        self._moves += 1
        command = MoveLeadCommand(
            self.ctx, lead_id, (card.stage, stage), card.title, self._failed_move
        )
        self.ctx.undo.push(command)

    def step_lead(self, lead_id: uuid.UUID, step: int) -> None:
        """Move a card one stage left or right (Ctrl+← / Ctrl+→); the focus follows it."""
        source = self.column_of(lead_id)
        if source is None:
            return
        index = LEAD_STAGES.index(source.stage) + step
        if 0 <= index < len(LEAD_STAGES):
            self.move_lead(lead_id, LEAD_STAGES[index], focus=True)

    def _failed_move(self, error: BaseException) -> None:
        show_error(self, error)
        self.reload()

    # -- selection and focus ------------------------------------------------------------

    def select_lead(self, lead_id: uuid.UUID, focus: bool = False) -> bool:
        """Select a card wherever it is; clears the other columns' selection."""
        column = self.column_of(lead_id)
        if column is None:
            return False
        column.view.select_lead(lead_id)
        if focus:
            column.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureWidgetVisible(column, 0, 0)
        return True

    def _current(self, view: StageView, current: object) -> None:
        lead = view.current_lead()
        if lead is None:
            return
        self.selected = lead
        for column in self.columns.values():
            if column.view is not view:
                column.view.clearSelection()

    def _focus_neighbour(self, stage: str, step: int) -> None:
        index = LEAD_STAGES.index(stage) + step
        if not 0 <= index < len(LEAD_STAGES):
            return
        source, target = self.columns[stage].view, self.columns[LEAD_STAGES[index]].view
        row = min(max(source.currentIndex().row(), 0), target.model().rowCount() - 1)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if row >= 0:
            target.setCurrentIndex(target.model().index(row, 0))
        self.ensureWidgetVisible(self.columns[LEAD_STAGES[index]], 0, 0)

    def _menu(self, view: StageView, pos: QPoint) -> None:
        lead = view.indexAt(pos).data(ID_ROLE)
        if not isinstance(lead, uuid.UUID):
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_requested.emit(lead))
        move = menu.addMenu("Move to")
        for stage in LEAD_STAGES:
            action = move.addAction(stage_label(stage))
            action.triggered.connect(partial(self.move_lead, lead, stage))
            action.setEnabled(stage != view.stage_model().stage)
        menu.popup(view.viewport().mapToGlobal(pos))
