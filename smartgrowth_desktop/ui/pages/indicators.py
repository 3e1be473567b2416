"""Indicators: progress toward 6 missions, 30 SMEs, 3 markets and 3–4 agreements."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.stats import Indicator
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.pages.base import Page

_KIND_OF = {
    "missions": "mission",
    "smes": "organization",
    "markets": "market",
    "agreements": "lead",
}
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


class IndicatorsPage(Page):
    """One bar per indicator; a click lists the records behind the number."""

    title = "Indicators"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.bars: dict[str, QProgressBar] = {}
        self.values: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.behind = QListWidget()
        self.behind.setObjectName("indicator-records")
        self.behind.itemActivated.connect(self._open)
        self.behind_title = QLabel("Click an indicator to see the records behind it.")
        heading = QLabel("Programme indicators")
        heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.grid)
        layout.addWidget(self.behind_title)
        layout.addWidget(self.behind, 1)
        self.indicators: list[Indicator] = []
        self.open_record_requested = None  # set by the main window
        ctx.bus.changed.connect(self._on_changed)

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        stats = self.ctx.stats
        self.ctx.operations.run(stats.indicators, self._show)

    def _show(self, indicators: list[Indicator]) -> None:
        self.indicators = indicators
        for row, indicator in enumerate(indicators):
            if indicator.key not in self.bars:
                button = QPushButton(indicator.label)
                button.setObjectName(f"indicator-{indicator.key}")
                button.setFlat(True)
                button.setStyleSheet("text-align: left;")
                button.clicked.connect(lambda _c=False, key=indicator.key: self.show_records(key))
                bar = QProgressBar()
                bar.setObjectName(f"bar-{indicator.key}")
                bar.setTextVisible(False)
                value = QLabel()
                value.setObjectName(f"value-{indicator.key}")
                self.grid.addWidget(button, row, 0)
                self.grid.addWidget(bar, row, 1)
                self.grid.addWidget(value, row, 2)
                self.bars[indicator.key], self.values[indicator.key] = bar, value
                self.buttons[indicator.key] = button
            target = indicator.to_json()["target"]
            self.bars[indicator.key].setMaximum(max(indicator.target_high, indicator.value, 1))
            self.bars[indicator.key].setValue(indicator.value)
            mark = "  ✓" if indicator.reached else ""
            self.values[indicator.key].setText(f"{indicator.value} / {target}{mark}")

    def show_records(self, key: str) -> None:
        """List the records that make up one indicator."""
        indicator = next((i for i in self.indicators if i.key == key), None)
        if indicator is None:
            return
        kind = _KIND_OF[key]
        records = self.ctx.records
        self.behind_title.setText(f"{indicator.label}: {indicator.value}")
        self.behind.clear()
        for record_id in indicator.record_ids:
            wire = records.get_wire(kind, record_id)
            item = QListWidgetItem(str(wire.get("name") or wire.get("title") or record_id))
            item.setData(RECORD_ROLE, (kind, uuid.UUID(record_id)))
            self.behind.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        kind, record_id = item.data(RECORD_ROLE)
        if self.open_record_requested is not None:
            self.open_record_requested(kind, record_id)

    def _on_changed(self, summary: WriteSummary) -> None:
        if self.isVisible() and {"mission", "lead", "organization", "market"} & set(
            summary.records
        ):
            self.refresh()
