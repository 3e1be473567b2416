"""Indicators: a lead reaching `agreement` changes the count; the records are a click away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.indicators import IndicatorsPage
from smartgrowth_desktop.ui.pages.leads import LeadsPage
from smartgrowth_desktop.ui.pages.record_list import RecordListPage
from tests.ui.conftest import settle
from tests.ui.test_leads_board import drop


def open_indicators(qtbot: QtBot, window: MainWindow) -> IndicatorsPage:
    page = window.show_page("Indicators")
    assert isinstance(page, IndicatorsPage)
    settle(qtbot, window)
    return page


def test_moving_a_lead_to_agreement_changes_the_indicator(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    before = open_indicators(qtbot, demo_window).value_of("agreements")
    assert before == 3
    leads = demo_window.show_page("Leads")
    assert isinstance(leads, LeadsPage)
    leads.show_board()
    settle(qtbot, demo_window)
    mou = leads.board.columns["mou"].model
    lead = mou.cards[0].id
    assert drop(leads.board.columns["agreement"].view, mou.mimeData([mou.index(0, 0)]))
    settle(qtbot, demo_window)
    assert demo_window.ctx.leads.history(lead)[-1].stage == "agreement"
    page = open_indicators(qtbot, demo_window)
    assert page.value_of("agreements") == 4
    assert "4 of 3–4" in page.chart.accessibleDescription()


def test_click_an_indicator_then_open_a_record_behind_it(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    page = open_indicators(qtbot, demo_window)
    row = [i.key for i in page.indicators].index("smes")
    qtbot.mouseClick(page.chart, Qt.MouseButton.LeftButton, pos=page.chart.row_rect(row).center())
    settle(qtbot, demo_window)
    assert page.behind_title.text() == "SMEs that took part: 22"
    assert page.records.rowCount() == 22
    first = page.records.index(0, 0)
    name = first.data()
    rect = page.behind.visualRect(first)
    qtbot.mouseClick(page.behind.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot, demo_window)
    opened = demo_window.current_page()
    assert opened.title == "Organizations"
    assert isinstance(opened, RecordListPage)
    assert opened.editor.values["name"] == name


def test_keyboard_chooses_an_indicator(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = open_indicators(qtbot, demo_window)
    page.chart.setFocus()
    qtbot.keyClick(page.chart, Qt.Key.Key_Down)
    qtbot.keyClick(page.chart, Qt.Key.Key_Down)
    settle(qtbot, demo_window)
    assert page.shown_key == "markets"
    assert page.records.rowCount() == page.value_of("markets")
