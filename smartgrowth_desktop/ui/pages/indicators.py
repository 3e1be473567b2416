"""Indicators: progress toward 6 missions, 30 SMEs, 3 markets and 3–4 agreements or pilots.

A bar chart of the four indicators; choosing one lists the records behind its number,
and a click on a record opens it on its own page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.report_files import ReportResult, write_programme_report
from smartgrowth_desktop.services.report_periods import set_scheme
from smartgrowth_desktop.services.stats import Indicator
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.pages.base import Page
from smartgrowth_desktop.ui.report_export import ReportChoices, ReportExportDialog, report_choices
from smartgrowth_desktop.ui.widgets.formatting import long_day
from smartgrowth_desktop.ui.widgets.indicator_chart import IndicatorChart
from smartgrowth_desktop.ui.widgets.indicator_records import Entry, describe
from smartgrowth_desktop.ui.widgets.labels import QuietLabel, empty_state, heading, section
from smartgrowth_desktop.ui.widgets.rows import (
    ASIDE_ROLE,
    RECORD_ROLE,
    SUBTITLE_ROLE,
    row_list,
)

_COUNTED = {"mission", "lead", "organization", "market"}


class IndicatorsPage(Page):
    """The programme's indicators as bars; the records behind each number one click away."""

    title = "Indicators"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.indicators: list[Indicator] = []
        self.shown_key: str | None = None
        self.last_report: ReportResult | None = None  # the last report written
        self.report_dialog: ReportExportDialog | None = None
        self.chart = IndicatorChart()
        self.chart.chosen.connect(self.show_records)
        self.records = QStandardItemModel(self)
        self.behind = row_list("indicator-records", aside_width=110)
        self.behind.setModel(self.records)
        self.behind.setAccessibleName("Records behind the indicator")
        self.behind.setCursor(Qt.CursorShape.PointingHandCursor)
        self.behind.clicked.connect(self._open)
        for key in (QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)):
            shortcut = QShortcut(key, self.behind, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self._open(self.behind.currentIndex()))
        self._build()
        self._stale = True
        ctx.bus.changed.connect(self._on_changed)

    def _build(self) -> None:
        self.subtitle = QuietLabel()
        self.behind_title = section("Records behind the number")
        self.behind_title.setObjectName("behind-title")
        self.behind_hint = QuietLabel("Click a record to open it.")
        self.empty = empty_state("Nothing counts toward this indicator yet.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.behind)
        self.stack.addWidget(self.empty)
        titles = QHBoxLayout()
        titles.addWidget(self.behind_title)
        titles.addStretch(1)
        titles.addWidget(self.behind_hint)
        self.export_button = QPushButton("Export report…")
        self.export_button.setObjectName("export-report")
        self.export_button.setToolTip(
            "The indicators of a reporting period, per partner, with every record they "
            "count, as an Excel workbook or a PDF"
        )
        self.export_button.clicked.connect(self.export_report)
        self.export_note = QuietLabel()
        self.export_note.setObjectName("export-note")
        top = QHBoxLayout()
        top.addWidget(heading("Programme indicators"))
        top.addStretch(1)
        top.addWidget(self.export_note)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addSpacing(12)
        layout.addWidget(self.chart)
        layout.addSpacing(16)
        layout.addLayout(titles)
        layout.addWidget(self.stack, 1)

    # -- loading ------------------------------------------------------------------------

    def activated(self) -> None:
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Recount the indicators in the worker."""
        self._stale = False
        stats = self.ctx.stats
        self.ctx.operations.run(lambda: stats.indicators(date.today()), self._show)

    def _show(self, indicators: list[Indicator]) -> None:
        self.indicators = indicators
        self.chart.set_indicators(indicators)
        self.subtitle.setText(
            f"Counted from the records in this profile on {long_day(date.today())}. "
            "Choose an indicator to see what it counts."
        )
        keys = [i.key for i in indicators]
        key = self.shown_key if self.shown_key in keys else (keys[0] if keys else None)
        if key is not None:
            self.chart.current = keys.index(key)
            self.show_records(key)

    def value_of(self, key: str) -> int | None:
        """The shown value of one indicator (None before the first load)."""
        return next((i.value for i in self.indicators if i.key == key), None)

    def show_records(self, key: str) -> None:
        """List the records that make up one indicator (described in the worker)."""
        indicator = next((i for i in self.indicators if i.key == key), None)
        if indicator is None:
            return
        self.shown_key = key
        self.behind_title.setText(f"{indicator.label}: {indicator.value}")
        lists, ids = self.ctx.lists, indicator.record_ids
        self.ctx.operations.query(lambda: describe(lists, key, ids), lambda e: self._list(key, e))

    def _list(self, key: str, entries: list[Entry]) -> None:
        if key != self.shown_key:
            return
        self.records.clear()
        for entry in entries:
            item = QStandardItem(entry.title)
            item.setEditable(False)
            item.setData(entry.subtitle, SUBTITLE_ROLE)
            item.setData((entry.aside, ""), ASIDE_ROLE)
            item.setData((entry.kind, entry.id), RECORD_ROLE)
            item.setToolTip(f"Open {entry.title}")
            self.records.appendRow(item)
        self.stack.setCurrentWidget(self.behind if entries else self.empty)

    def _open(self, index: QModelIndex) -> None:
        data = index.data(RECORD_ROLE) if index.isValid() else None
        if data:
            self.open_record_requested.emit(*data)

    # -- the programme report --------------------------------------------------------------

    def export_report(self) -> None:
        """Ask period, partner and file (the choices read in the worker), then write it."""
        profile = self.ctx.profile
        self.ctx.operations.query(lambda: report_choices(profile), self._ask_report)

    def _ask_report(self, choices: ReportChoices) -> None:
        documents = Path.home() / "Documents"
        dialog = ReportExportDialog(choices, documents if documents.is_dir() else Path.home(), self)
        dialog.accepted.connect(
            lambda: self._write_report(*dialog.chosen(), scheme=dialog.chosen_scheme())
        )
        self.report_dialog = dialog
        dialog.open()

    def _write_report(
        self, period: str, partner: str | None, path: Path, scheme: str | None = None
    ) -> None:
        profile = self.ctx.profile
        self.export_note.setText(f"Writing {path.name}…")
        self.export_button.setEnabled(False)

        def work() -> ReportResult:
            if scheme:
                set_scheme(profile, scheme)  # the kind of period is remembered
            return write_programme_report(profile, period, path, partner)

        self.ctx.operations.run(
            work,
            self._report_written,
            self._report_failed,
        )

    def _report_written(self, result: ReportResult) -> None:
        self.export_button.setEnabled(True)
        self.last_report = result
        self.export_note.setText(f"Wrote {result.path.name} ({result.period})")
        self.export_note.setToolTip(str(result.path))

    def _report_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.export_note.setText("Not written")
        self.last_report = None
        show_error(self, error)

    def _on_changed(self, summary: WriteSummary) -> None:
        if not _COUNTED & set(summary.records):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True
