"""Settings → Currencies, the board's converted values and Export report… driven as a user."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.currency import CurrencySettings
from smartgrowth_desktop.services.report_periods import scheme
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.indicators import IndicatorsPage
from smartgrowth_desktop.ui.pages.leads import LeadsPage
from smartgrowth_desktop.ui.settings_currency import CurrencySettingsTab
from smartgrowth_desktop.ui.widgets.lead_card import card_value
from tests.ui.conftest import settle, show

SHOTS = os.environ.get("SMARTGROWTH_SHOTS")  # a folder: save screenshots there to look at


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))  # type: ignore[attr-defined]


def test_the_rate_table_is_edited_and_a_bad_rate_named(qtbot: QtBot, ctx: AppContext) -> None:
    tab = CurrencySettingsTab(ctx)
    show(qtbot, ctx, tab)
    assert "ECB euro foreign exchange reference rates" in tab.origin.text()
    assert "State Bank of Vietnam" in tab.origin.text()
    shipped = tab.rates.rowCount()
    qtbot.mouseClick(tab.findChild(object, "settings-add-rate"), Qt.MouseButton.LeftButton)
    row = tab.rates.rowCount() - 1
    assert row == shipped and tab.rates.item(row, 0).text() == "EUR"
    tab.rates.item(row, 2).setText("-3")
    assert "row 5, rate" in tab.problem.text() and "positive" in tab.problem.text()
    tab.rates.item(row, 1).setText("SEK")
    tab.rates.item(row, 2).setText("11.25")
    tab.rates.item(row, 3).setText("2026-11-30")
    assert tab.problem.text() == ""
    tab.currency_combo.setCurrentText("SEK")
    _shot(tab, "indicators-rates.png")
    tab.apply()
    settings = CurrencySettings(ctx.profile)
    table = settings.table()
    assert settings.reporting_currency() == "SEK" and not table.shipped
    assert [str(r.rate) for r in table.rates if r.on.isoformat() == "2026-11-30"] == ["11.25"]
    qtbot.mouseClick(tab.findChild(object, "settings-reset-rates"), Qt.MouseButton.LeftButton)
    tab.apply()
    assert settings.table().shipped


def test_the_board_shows_values_in_the_reporting_currency(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    leads = demo_window.show_page("Leads")
    assert isinstance(leads, LeadsPage)
    leads.show_board()
    settle(qtbot, demo_window)
    cards = [c for column in leads.board.columns.values() for c in column.model.cards]
    vnd = next(c for c in cards if c.currency == "VND")
    assert " VND ≈" in card_value(vnd) and card_value(vnd).endswith(" EUR")
    headers = [column.total.text() for column in leads.board.columns.values()]
    assert any(h.startswith("≈ ") and "EUR in all" in h for h in headers)
    _shot(leads, "indicators-board.png")
    tab = CurrencySettingsTab(demo_window.ctx)  # Settings → Currencies: report in SEK
    tab.currency_combo.setCurrentText("SEK")
    tab.apply()
    settle(qtbot, demo_window)
    cards = [c for column in leads.board.columns.values() for c in column.model.cards]
    eur = next(c for c in cards if c.currency == "EUR")
    assert " EUR ≈" in card_value(eur) and card_value(eur).endswith(" SEK")
    tab.currency_combo.setCurrentText("EUR")
    tab.apply()
    settle(qtbot, demo_window)
    tab.deleteLater()
    leads.show_list()
    settle(qtbot, demo_window)
    value = [c.title for c in leads.columns].index("Value")
    leads.table.sortByColumn(value, Qt.SortOrder.DescendingOrder)
    settle(qtbot, demo_window)
    model = leads.model
    shown = [model.index(r, value).data() for r in range(model.rowCount())]
    assert "≈" in shown[0] and shown[0].endswith("EUR")
    top = [float(model.rows[r]["value_converted"] or 0) for r in range(model.rowCount())]
    assert top == sorted(top, reverse=True)
    leads.table.scrollTo(model.index(0, value))
    _shot(leads, "indicators-list.png")


def test_export_report_from_the_indicators_page(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    page = demo_window.show_page("Indicators")
    assert isinstance(page, IndicatorsPage)
    settle(qtbot, demo_window)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, demo_window)
    dialog = page.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.period.findText("2026-H1") >= 0 and dialog.period.findText("2025-H2") >= 0
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("quarter"))
    assert dialog.period.currentText() == "2026-Q4" and dialog.period.findText("2025-Q4") >= 0
    dialog.period.setCurrentText("2026-H1")  # typed: any period is taken
    out = tmp_path / "h1.xlsx"
    dialog.path.setText(str(out))
    _shot(dialog, "indicators-export-dialog.png")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    settle(qtbot, demo_window)
    assert page.last_report is not None and page.last_report.path == out
    assert page.export_note.text() == "Wrote h1.xlsx (2026-H1)"
    summary = list(load_workbook(out)["Summary"].iter_rows(values_only=True))
    agreements = next(r for r in summary if r and r[0] == "Sales agreements or pilots")
    assert agreements[2] == 3
    assert scheme(demo_window.ctx.profile) == "quarter"
    _shot(page, "indicators-page.png")
