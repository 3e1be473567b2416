"""A lead's stage history (from ``LeadService.history``), newest first, under its editor."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from smartgrowth_desktop.core.labels import stage_label
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.widgets.formatting import clock, short_date
from smartgrowth_desktop.ui.widgets.labels import empty_state, section
from smartgrowth_desktop.ui.widgets.rows import ASIDE_ROLE, SUBTITLE_ROLE, TONE_ROLE, row_list

VISIBLE_ROWS = 3


class StageChange(Protocol):
    """A lead's move to a stage, as ``LeadService.history`` gives it."""

    stage: str | None
    changed_at: datetime | None
    note: str | None


class StageHistory(QWidget):
    """Lists when a lead reached each stage; reloads when the lead or its history changes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lead_id: uuid.UUID | None = None
        self.model = QStandardItemModel(self)
        self.list = row_list("stage-history", aside_width=110)
        self.list.setModel(self.model)
        self.list.setAccessibleName("Stage history")
        self.empty = empty_state("Stage moves show here once the lead is saved.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)
        line = self.list.fontMetrics().lineSpacing()
        self.stack.setFixedHeight(VISIBLE_ROWS * (2 * line + 18) + 2)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(section("Stage history"))
        layout.addWidget(self.stack)
        ctx.bus.changed.connect(self._on_changed)
        ctx.home.changed.connect(lambda _zone: self.show_lead(self.lead_id))

    def show_lead(self, lead_id: uuid.UUID | None) -> None:
        """Load the history of ``lead_id`` in the worker (None: a lead not saved yet)."""
        self.lead_id = lead_id
        if lead_id is None:
            self._show(lead_id, [])
            return
        leads = self.ctx.leads
        self.ctx.operations.run(lambda: leads.history(lead_id), lambda h: self._show(lead_id, h))

    def _show(self, lead_id: uuid.UUID | None, history: list[StageChange]) -> None:
        if lead_id != self.lead_id:
            return  # another lead was opened meanwhile
        self.model.clear()
        for number, change in enumerate(reversed(history)):
            self.model.appendRow(_item(change, number == 0, self.ctx.home.zone))
        self.stack.setCurrentWidget(self.list if history else self.empty)

    def _on_changed(self, summary: WriteSummary) -> None:
        lead = self.lead_id
        if lead is None:
            return
        if "stage_change" in summary.records or lead in summary.records.get("lead", set()):
            self.show_lead(lead)


def _item(change: StageChange, latest: bool, zone: ZoneInfo) -> QStandardItem:
    """A stage move, its moment in the home zone (the laptop's clock moves on a mission)."""
    item = QStandardItem(stage_label(change.stage))
    item.setEditable(False)
    moment = change.changed_at
    if isinstance(moment, datetime):
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
        item.setData((short_date(local.date()), clock(local)), ASIDE_ROLE)
    note = change.note or ("current stage" if latest else "")
    item.setData(note, SUBTITLE_ROLE)
    item.setData("ok" if change.stage == "agreement" else None, TONE_ROLE)
    return item
