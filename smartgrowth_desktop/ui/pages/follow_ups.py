"""Follow-ups: every open to-do with its due date, owner and meeting or lead; overdue ones
stand out. Done ones are one tick away ("Show done")."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.lists import ListQuery, NameOf, Where
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import FormField
from smartgrowth_desktop.ui.models.record_table import ROW_ROLE, Column, Row
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of
from smartgrowth_desktop.ui.undo import EditCommand
from smartgrowth_desktop.ui.widgets.formatting import days_late, short_date
from smartgrowth_desktop.ui.widgets.labels import QuietLabel
from smartgrowth_desktop.ui.widgets.painting import warning

DONE_COLUMN = 3
OPEN = Where("done", "not true")


def is_overdue(row: Row, today: date | None = None) -> bool:
    """Not done and due before today."""
    due = row.get("due_date")
    return isinstance(due, date) and not row.get("done") and due < (today or date.today())


def _due(row: Row) -> str:
    due = row.get("due_date")
    if not isinstance(due, date):
        return ""
    return f"{short_date(due)} · overdue" if is_overdue(row) else short_date(due)


def _due_tip(row: Row) -> str:
    due = row.get("due_date")
    return days_late(due, date.today()) if isinstance(due, date) and not row.get("done") else ""


def _source(row: Row) -> str:
    if row.get("meeting_title"):
        return f"Meeting: {row['meeting_title']}"
    if row.get("lead_title"):
        return f"Lead: {row['lead_title']}"
    return ""


class OverdueDelegate(QStyledItemDelegate):
    """Tints overdue rows and writes their due date in the warning colour."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        row = index.data(ROW_ROLE)
        if not isinstance(row, dict) or not is_overdue(row):
            return
        color = warning(option.palette)
        tint = QColor(color)
        tint.setAlphaF(0.08)
        option.backgroundBrush = QBrush(tint)
        if index.column() == 0:
            palette = QPalette(option.palette)
            palette.setColor(QPalette.ColorRole.Text, color)
            option.palette = palette
            font = QFont(option.font)
            font.setWeight(QFont.Weight.DemiBold)
            option.font = font


class FollowUpsPage(RecordListPage):
    """All open follow-ups, soonest due first; the editor beside them."""

    title = "Follow-ups"
    kind = "follow_up"
    noun = "follow-up"
    default_sort = "due_date"
    columns = (
        Column("Due", _due, "due_date", _due_tip),
        Column("Follow-up", text_of("text"), "text", text_of("text")),
        Column("Owner", text_of("owner"), "owner"),
        Column("Done", lambda r: "✓" if r.get("done") else ""),
        Column("Meeting or lead", _source, None, _source),
    )
    widths = (150, 320, 140, 50)
    form = (
        FormField("text"),
        FormField("owner"),
        FormField("due_date"),
        FormField("done"),
        FormField("meeting_id"),
        FormField("lead_id"),
    )
    empty_text = "No open follow-ups. Add them from a meeting or a lead, or here."
    where = (OPEN,)
    joins = (
        NameOf("meeting_id", "meeting", "title", "meeting_title"),
        NameOf("lead_id", "lead", "title", "lead_title"),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.table.setItemDelegate(OverdueDelegate(self.table))
        for column, width in enumerate(self.widths):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.setColumnHidden(DONE_COLUMN, True)
        self.refresh_summary()

    def _build(self) -> None:
        super()._build()
        self.summary = QuietLabel()
        self.summary.setObjectName("follow-up-summary")
        self.done_button = QPushButton("Mark done")
        self.done_button.setObjectName("mark-done")
        self.done_button.setToolTip("Mark the selected follow-up done (can be undone)")
        self.done_button.clicked.connect(self.mark_done)
        self.show_done = QCheckBox("Show done")
        self.show_done.setObjectName("show-done")
        self.show_done.toggled.connect(self._show_done)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.done_button)
        bar.addWidget(self.show_done)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, bar)

    def _show_done(self, shown: bool) -> None:
        self.model.set_conditions([] if shown else [OPEN])
        self.table.setColumnHidden(DONE_COLUMN, not shown)

    def mark_done(self) -> None:
        """Tick the selected follow-up done, as one undo step."""
        follow_up = self.selected_id()
        if follow_up is None:
            return
        self.editor.flush()
        ctx = self.ctx

        def pushed(_changed: Any) -> None:
            ctx.undo.push(
                EditCommand(
                    ctx,
                    "follow_up",
                    follow_up,
                    {"done": False},
                    {"done": True},
                    "Mark follow-up done",
                )
            )

        ctx.operations.run(
            lambda: ctx.records.update("follow_up", follow_up, {"done": True}), pushed
        )

    def refresh_summary(self) -> None:
        """Count open and overdue follow-ups in the worker."""
        lists, today = self.ctx.lists, date.today()
        open_ones = ListQuery("follow_up", where=(OPEN,))
        late = ListQuery("follow_up", where=(OPEN, Where("due_date", "<", today)))

        def count() -> tuple[int, int]:
            return lists.count(open_ones), lists.count(late)

        self.ctx.operations.query(count, self._summary)

    def _summary(self, counts: tuple[int, int]) -> None:
        total, late = counts
        text = f"{total:,} open follow-ups"
        self.summary.setText(text + (f", {late:,} overdue (highlighted)" if late else ""))

    def _on_changed(self, summary: WriteSummary) -> None:
        super()._on_changed(summary)
        if self.kind in summary.records:
            self.refresh_summary()
