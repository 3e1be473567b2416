"""Lists a delegate can read at 1366 wide (#16): the list gets the room the editor does not
need, names that differ at their end are cut in the middle (their whole text under the
mouse), a lead card keeps its counterpart, and a first start fits the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import build_window
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.meetings import MeetingsPage
from smartgrowth_desktop.ui.pages.missions import MissionsPage
from smartgrowth_desktop.ui.widgets.lead_card import fitted_parties
from tests.ui.conftest import settle, show

#: at 1366×768 with the fonts the app ships (Noto Sans first)
pytestmark = pytest.mark.usefixtures("shipped_fonts")

NAMES = (
    "Smart Mobility and Urban Data Mission to Ho Chi Minh City, March 2026",
    "Smart Mobility and Urban Data Mission to Da Nang, March 2026",
)


def test_missions_get_the_room_and_differ_where_they_end(qtbot: QtBot, ctx: AppContext) -> None:
    for name in NAMES:
        ctx.records.create("mission", {"name": name, "start_date": "2026-03-09",
                                       "end_date": "2026-03-14"})  # fmt: skip
    page = MissionsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    list_width, idle_width = page.splitter.sizes()
    assert idle_width <= 300 and list_width >= 880  # no empty 700 px beside the list
    qtbot.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton,
        pos=page.table.visualRect(page.model.index(0, 0)).center(),
    )  # fmt: skip
    settle(qtbot, ctx)
    assert page.detail.currentWidget() is page.editor
    list_width, editor_width = page.splitter.sizes()
    assert list_width >= 520 and editor_width >= page.editor.minimumSizeHint().width()
    option = QStyleOptionViewItem()
    page.table.itemDelegate().initStyleOption(option, page.model.index(0, 0))
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    shown = option.fontMetrics.elidedText(
        option.text, option.textElideMode, page.table.columnWidth(0) - 8
    )
    assert shown.endswith("March 2026") and "…" in shown
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) in NAMES  # whole
    page.table.itemDelegate().initStyleOption(option, page.model.index(0, 3))
    assert option.textElideMode == Qt.TextElideMode.ElideRight  # the others: at the end


def test_meetings_list_beside_the_editor(qtbot: QtBot, ctx: AppContext) -> None:
    meeting = ctx.records.create("meeting", {"title": "Pitch day", "time_zone": "UTC",
                                             "starts_at": "2026-03-02T02:00:00+00:00"})  # fmt: skip
    page = MeetingsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    page.open_record("meeting", meeting)
    settle(qtbot, ctx)
    list_width, editor_width = page.splitter.sizes()
    assert list_width >= 440 and editor_width >= 600


def test_a_lead_card_keeps_its_counterpart(qtbot: QtBot) -> None:
    metrics = QFontMetrics(QApplication.font())
    parties = ("Kiinteistöäly Oy", "South China Institute of Urban Planning")
    text = fitted_parties(metrics, *parties, 140)
    sme, counterpart = text.split(" → ")
    assert sme == "Kiinteistöäly Oy" or sme.endswith("…")
    assert counterpart.startswith("South") and metrics.horizontalAdvance(text) <= 140
    long_sme = fitted_parties(metrics, "Rattaringlus Analüütika OÜ Tartu", "Da Nang DOST", 140)
    assert long_sme.endswith(" → Da Nang DOST")  # a long SME name no longer hides it
    assert fitted_parties(metrics, "Lumigrid AB", None, 140) == "Lumigrid AB"


def test_a_first_start_fits_the_screen(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_window(tmp_path / "profile")
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    screen = window.screen()
    assert screen is not None
    area = screen.availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    assert window.opens_maximized == (area.width() < 1440 or area.height() < 880)
    window.close()
    window.ctx.profile.close() if window.is_ready else None


def test_organizations_differ_where_they_end_and_say_their_kind(
    qtbot: QtBot, ctx: AppContext
) -> None:
    from smartgrowth_desktop.ui.pages.organizations import OrganizationsPage

    for name in ("Ho Chi Minh City Department of Construction",
                 "Ho Chi Minh City Department of Science and Technology"):  # fmt: skip
        ctx.records.create("organization", {"name": name, "kind": "municipality"})
    ctx.records.create("organization", {"name": "Lumigrid AB", "kind": "sme"})
    page = OrganizationsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    kinds = [page.model.index(row, 2).data() for row in range(3)]
    assert kinds == ["Municipality", "Municipality", "SME"]  # not "sme"
    option = QStyleOptionViewItem()
    page.table.itemDelegate().initStyleOption(option, page.model.index(1, 0))
    shown = option.fontMetrics.elidedText(
        option.text, option.textElideMode, page.table.columnWidth(0) - 8
    )
    assert shown.endswith("Technology")
