"""The Leads page: the pipeline board, or the list beside the lead editor and its history."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
)

from smartgrowth_desktop.core.labels import stage_label
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.currency import Reporting, factors, reporting
from smartgrowth_desktop.services.lists import CONVERTED, CONVERTED_TO, NameOf, ValueIn
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import FormField, RecordEditor
from smartgrowth_desktop.ui.models.record_table import Column, Row
from smartgrowth_desktop.ui.options import LEADS_VIEW
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of
from smartgrowth_desktop.ui.widgets.formatting import full_money
from smartgrowth_desktop.ui.widgets.labels import QuietLabel
from smartgrowth_desktop.ui.widgets.pipeline_board import PipelineBoard
from smartgrowth_desktop.ui.widgets.stage_column import KEY_HINT
from smartgrowth_desktop.ui.widgets.stage_history import StageHistory


def _value(row: Row) -> str:
    """ "120,000 SEK ≈ 10,921 EUR", "120,000 SEK · no SEK→EUR rate", or ""."""
    value = row.get("value")
    if value in (None, ""):
        return ""
    currency, to = row.get("currency") or "", row.get(CONVERTED_TO) or ""
    original = full_money(Decimal(value), currency)
    converted = row.get(CONVERTED)
    if not to or currency.upper() == to:
        return original
    if converted is None:
        return f"{original} · no {currency or '?'}→{to} rate"
    return f"{original} ≈ {full_money(round(Decimal(converted)), to)}"


class LeadEditor(RecordEditor):
    """The lead form with the lead's stage history under it."""

    def __init__(self, ctx: AppContext, form: Sequence[FormField], defaults: dict[str, Any]):
        super().__init__(ctx, "lead", form, defaults)
        self.history = StageHistory(ctx)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.history)
        self.saved.connect(self._first_save)

    def load(self, record_id: uuid.UUID | None) -> None:
        super().load(record_id)
        self.history.show_lead(record_id)

    def _first_save(self, record_id: uuid.UUID) -> None:
        if record_id != self.history.lead_id:
            self.history.show_lead(record_id)


class LeadsPage(RecordListPage):
    """Leads as a pipeline board (default) or a sortable list with the editor."""

    title = "Leads"
    kind = "lead"
    noun = "lead"
    follows = ("organization",)  # its name shows (and sorts) in the list
    default_sort = "updated_at"
    columns = (
        Column("Title", text_of("title"), "title"),
        Column("Stage", lambda r: stage_label(r.get("stage"), short=True), "stage"),
        Column("SME", text_of("sme_id_name"), "sort_sme"),
        Column("Counterpart", text_of("organization_id_name"), "sort_organization"),
        Column("Value", _value, CONVERTED),
        Column("Next step", text_of("next_step"), "next_step"),
    )
    form = (
        FormField("title"),
        FormField("kind"),
        FormField("stage"),
        FormField("sme_id"),
        FormField("organization_id"),
        FormField("mission_id"),
        FormField("value"),
        FormField("currency"),
        FormField("probability"),
        FormField("next_step"),
        FormField("notes"),
    )
    defaults = {"kind": "pilot", "stage": "identified"}  # noqa: RUF012
    joins = (NameOf("sme_id", "organization"), NameOf("organization_id", "organization"))
    empty_text = "No leads yet. Press “New lead”, or load the demo programme from the File menu."
    detail_width = 460

    def _currency_changed(self, summary: WriteSummary) -> None:
        if "currency" in summary.records and self.isVisible():
            self.activated()

    def activated(self) -> None:
        """Read the reporting currency and rates (in the worker), then the rows."""
        profile = self.ctx.profile
        self.ctx.operations.query(lambda: reporting(profile), self._set_reporting)

    def _set_reporting(self, found: Reporting) -> None:
        spec = ValueIn(found.currency, factors(found.table, found.currency))
        changed = spec != self.model.query.converted
        self.model.query = dataclasses.replace(self.model.query, converted=spec)
        self.board.set_reporting(found)
        super().activated()
        if changed and self.model.rowCount():
            self.model.reload()

    def make_editor(self) -> RecordEditor:
        return LeadEditor(self.ctx, self.form, dict(self.defaults))

    def _build(self) -> None:
        super()._build()
        self.board = PipelineBoard(self.ctx)
        self.ctx.bus.changed.connect(self._currency_changed)
        self.board.open_requested.connect(lambda lead: self.open_record("lead", lead))
        self.views = QStackedWidget()
        self.views.addWidget(self.board)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.splitter)
        self.views.addWidget(self.splitter)
        layout.addLayout(self._top_bar())
        layout.addWidget(self.views, 1)
        for column, width in enumerate((240, 90, 140, 170, 250)):
            self.table.horizontalHeader().resizeSection(column, width)
        board = LEADS_VIEW.read(self.ctx.settings) != "list"
        if board:
            self.show_board()
        else:
            self.show_list()

    def _top_bar(self) -> QHBoxLayout:
        self.board_button = _toggle(
            "Board", "view-board", "Leads as a pipeline, a column per stage"
        )
        self.list_button = _toggle("List", "view-list", "Leads as a sortable list with the editor")
        self.board_button.clicked.connect(self.show_board)
        self.list_button.clicked.connect(self.show_list)
        group = QButtonGroup(self)
        group.addButton(self.board_button)
        group.addButton(self.list_button)
        self.hint = QuietLabel(KEY_HINT)
        self.hint.setObjectName("board-hint")
        self.board_new = QPushButton("New lead")
        self.board_new.setObjectName("board-new")
        self.board_new.clicked.connect(self.new_record)
        bar = QHBoxLayout()
        bar.setSpacing(0)
        bar.addWidget(self.board_button)
        bar.addWidget(self.list_button)
        bar.addSpacing(16)
        bar.addWidget(self.hint)
        bar.addStretch(1)
        bar.addWidget(self.board_new)
        return bar

    # -- the two views --------------------------------------------------------------------

    def show_board(self) -> None:
        """Show the pipeline board."""
        self.views.setCurrentWidget(self.board)
        self.board_button.setChecked(True)
        self.hint.setVisible(True)
        self.board_new.setVisible(True)
        LEADS_VIEW.write(self.ctx.settings, "board")

    def show_list(self) -> None:
        """Show the list and the editor."""
        self.editor.flush()
        self.views.setCurrentWidget(self.splitter)
        self.list_button.setChecked(True)
        self.hint.setVisible(False)
        self.board_new.setVisible(False)
        LEADS_VIEW.write(self.ctx.settings, "list")

    def showing_board(self) -> bool:
        return self.views.currentWidget() is self.board

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        self.show_list()
        super().open_record(kind, record_id)

    def new_record(self) -> None:
        self.show_list()
        super().new_record()

    def selected_id(self) -> uuid.UUID | None:
        if self.showing_board():
            return self.board.selected
        return super().selected_id()


def _toggle(text: str, name: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setCheckable(True)
    button.setAutoExclusive(True)
    button.setMinimumWidth(64)
    return button
