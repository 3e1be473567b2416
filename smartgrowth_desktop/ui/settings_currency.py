"""Settings → Currencies: the reporting currency and the exchange-rate table.

Lead values are kept in their own currency (EUR, CNY, VND, SEK…); the board, the lead
list and the reports also show them in the reporting currency, converted with this table.
Each rate has its date and source; the shipped table (ECB reference rates, and the State
Bank of Vietnam for VND) is in force until the user changes a rate. Both are kept on this
laptop (not synced): a colleague may report in another currency.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.currency import (
    CurrencySettings,
    Rate,
    RateTable,
    parse_rates,
    shipped_table,
)
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.settings_dialog import SettingsTab

HEADERS = ("From", "To", "Rate (1 From = … To)", "Date", "Source")
FIELDS = ("base", "quote", "rate", "date", "source")
#: announced after the table or the currency changed: views showing values reload
CURRENCY_CHANGE = "currency"


class CurrencySettingsTab(SettingsTab):
    """The reporting currency, the rates (edit a cell, add, remove) and their source."""

    title = "Currencies"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = CurrencySettings(ctx.profile)
        table = self.settings.table()
        self.edited = False
        self.reset_asked = False
        self._filling = False
        self.currency_combo = QComboBox()
        self.currency_combo.setObjectName("settings-reporting-currency")
        self.currency_combo.setAccessibleName("Reporting currency")
        self.currency_combo.addItems(table.currencies())
        self.currency_combo.setCurrentText(self.settings.reporting_currency())
        self.rates = QStandardItemModel(0, len(HEADERS), self)
        self.rates.setHorizontalHeaderLabels(list(HEADERS))
        self.view = QTableView()
        self.view.setObjectName("settings-rates")
        self.view.setAccessibleName("Exchange rates")
        self.view.setModel(self.rates)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.origin = QLabel()
        self.origin.setObjectName("settings-rates-origin")
        self.origin.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("settings-rates-problem")
        self.problem.setWordWrap(True)
        self._fill(table)
        self.rates.itemChanged.connect(self._changed)
        self._build()

    def _build(self) -> None:
        add = QPushButton("Add a rate")
        add.setObjectName("settings-add-rate")
        add.clicked.connect(self.add_rate)
        remove = QPushButton("Remove")
        remove.setObjectName("settings-remove-rate")
        remove.clicked.connect(self.remove_selected)
        reset = QPushButton("Back to the shipped rates")
        reset.setObjectName("settings-reset-rates")
        reset.clicked.connect(self.back_to_shipped)
        buttons = QHBoxLayout()
        for button in (add, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(reset)
        form = QFormLayout()
        form.addRow("Reporting currency", self.currency_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel(
            "Lead values stay in their own currency; the board, the lead list and the "
            "reports also show them in the reporting currency, converted with these rates. "
            "A pair the table cannot join is said (“no SEK→VND rate”), never guessed. "
            "Rates are kept on this laptop; they do not sync."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.origin)
        layout.addWidget(self.problem)

    # -- the table ------------------------------------------------------------------------

    def _fill(self, table: RateTable) -> None:
        self._filling = True  # the view must hear of the rows: no blockSignals here
        self.rates.removeRows(0, self.rates.rowCount())
        for rate in table.rates:
            values = rate.to_json()
            self.rates.appendRow([QStandardItem(values[f]) for f in FIELDS])
        self._filling = False
        for column, width in enumerate((56, 56, 150, 96)):
            self.view.setColumnWidth(column, width)
        self._say_origin(table)

    def _say_origin(self, table: RateTable) -> None:
        if table.shipped:
            dates = sorted({r.on.isoformat() for r in table.rates})
            sources = sorted({r.source for r in table.rates if r.source})
            self.origin.setText(
                f"In force: the table shipped with the app, of {', '.join(dates)}: "
                f"{'; '.join(sources)}. Check it before a report; change any rate to keep "
                "your own."
            )
        else:
            oldest = table.oldest()
            since = f" (oldest rate {oldest.isoformat()})" if oldest else ""
            self.origin.setText(f"In force: your own table{since}.")

    def typed_rates(self) -> tuple[Rate, ...]:
        """The rows as rates, checked (a ``ValidationError`` names the first bad cell)."""
        rows = []
        for row in range(self.rates.rowCount()):
            cells: dict[str, Any] = {}
            for column, name in enumerate(FIELDS):
                item = self.rates.item(row, column)
                cells[name] = item.text().strip() if item is not None else ""
            rows.append(cells)
        try:
            return parse_rates(rows, "rate")
        except ValidationError as error:
            raise ValidationError("", _row_said(error)) from None

    def _changed(self, _item: QStandardItem | None = None) -> None:
        if self._filling:
            return
        self.edited = True
        try:
            self.typed_rates()
        except ValidationError as error:
            self.problem.setText(f"⚠ {error}")
        else:
            self.problem.setText("")
        self.origin.setText("Changed: your own table is kept when you press OK.")

    def add_rate(self) -> None:
        """A new row: EUR → the reporting currency (or CNY), dated today, to fill in."""
        quote = self.currency_combo.currentText()
        quote = quote if quote != "EUR" else "CNY"
        cells = ["EUR", quote, "", date.today().isoformat(), "entered by hand"]
        self.rates.appendRow([QStandardItem(c) for c in cells])
        index = self.rates.index(self.rates.rowCount() - 1, 2)
        self.view.setCurrentIndex(index)
        self.view.edit(index)
        self._changed()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()}, reverse=True)
        for row in rows:
            self.rates.removeRow(row)
        if rows:
            self._changed()

    def back_to_shipped(self) -> None:
        self._fill(shipped_table())
        self.edited, self.reset_asked = False, True
        self.problem.setText("")

    # -- saving ---------------------------------------------------------------------------

    def apply(self) -> None:
        """Save the currency and (if changed) the rates; a bad table is said, not saved."""
        try:
            self.settings.set_reporting_currency(self.currency_combo.currentText())
            if self.edited:
                self.settings.set_rates(self.typed_rates())
            elif self.reset_asked:
                self.settings.reset()
        except ValidationError as error:
            show_error(self, error)
        self.ctx.bus.announce(WriteSummary({CURRENCY_CHANGE: set()}))


def _row_said(error: ValidationError) -> str:
    """ "rate[2].rate: …" → "row 3, rate: …"."""
    path, _, rest = error.path.partition("]")
    number = path.removeprefix("rate[")
    if number.isdigit():
        return f"row {int(number) + 1}{rest.replace('.', ', ', 1)}: {error.message}"
    return str(error)
