"""Times, labels and empty pages as people write them (#16): the Trash's times in the home
zone, the lead form's stages and amounts as the board says them, undo steps named with an
ellipsis, the stage history in the home zone, and the Trash and Sync pages saying what
they are for when there is nothing in them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.core.labels import counted_list, shortened
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.leads import LeadsPage
from smartgrowth_desktop.ui.pages.sync import SYNC_HELP, SyncPage
from smartgrowth_desktop.ui.pages.trash import TrashPage
from tests.ui.conftest import settle, show
from tests.ui.test_leads_board import make_lead, open_board

#: at 1366×768 with the fonts the app ships (Noto Sans first)
pytestmark = pytest.mark.usefixtures("shipped_fonts")


def test_counts_and_cut_labels_read_as_written() -> None:
    assert counted_list({"market": 4, "organization": 54, "follow_up": 102, "lead": 1}) == (
        "4 markets, 54 organizations, 102 follow-ups, 1 lead"
    )
    assert shortened("Smart street-lighting pilot: Linnaandur OÜ × Hebei Provincial") == (
        "Smart street-lighting pilot: Linnaandur…"
    )
    assert shortened("Short title") == "Short title"


def test_the_trash_says_when_in_the_home_zone(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.home.choose("Asia/Ho_Chi_Minh")
    contact = ctx.records.create("contact", {"family_name": "Phạm", "given_name": "Lan"})
    ctx.records.delete("contact", contact)
    page = TrashPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    assert page.model is not None and page.model.rowCount() == 1
    deleted = page.model.index(0, 1).data()
    now = datetime.now(UTC).astimezone(ctx.home.zone)
    assert deleted == f"today {now:%H:%M}" or deleted.startswith("today ")  # not "2026-12-04…"
    assert "+00:00" not in page.model.index(0, 2).data()
    assert page.stack.currentWidget() is page.table
    box = page.findChild(QComboBox, "trash-kind")
    assert box is not None
    box.setFocus()
    for _ in range(box.count()):  # down to Markets, as a user would
        qtbot.keyClick(box, Qt.Key.Key_Down)
    settle(qtbot, ctx)
    assert box.currentData() == "market"
    empty = page.findChild(QLabel, "empty-state")
    assert empty is not None and empty.isVisible()
    assert empty.text().startswith("No deleted markets.") and "Restore" in empty.text()
    assert not page.restore_button.isEnabled()


def test_the_sync_page_says_what_it_is_for(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("Sync")
    assert isinstance(page, SyncPage)
    settle(qtbot, window)
    results = page.findChild(QListWidget, "sync-results")
    assert results is not None
    assert [results.item(r).text() for r in range(results.count())] == list(SYNC_HELP)
    no_peers = page.findChild(QLabel, "no-peers")
    assert no_peers is not None and no_peers.isVisible()


def test_the_lead_form_says_what_the_board_says(qtbot: QtBot, window: MainWindow) -> None:
    lead = make_lead(window, "Smart parking pilot", stage="mou")
    settle(qtbot, window)
    page = window.show_page("Leads")
    assert isinstance(page, LeadsPage)
    page.open_record("lead", lead)
    settle(qtbot, window)
    stage, kind = page.editor.inputs["stage"], page.editor.inputs["kind"]
    assert isinstance(stage, QComboBox) and isinstance(kind, QComboBox)
    assert stage.currentText() == "MoU / letter of intent" and kind.currentText() == "Pilot"
    assert [stage.itemText(i) for i in range(1, 3)] == ["Identified", "Contacted"]
    value = page.editor.inputs["value"]
    assert isinstance(value, QLineEdit) and value.text() == "120,000"
    value.setFocus()
    value.selectAll()
    qtbot.keyClicks(value, "250,500")
    qtbot.keyClick(value, Qt.Key.Key_Tab)
    settle(qtbot, window)
    assert window.ctx.records.get_wire("lead", lead)["value"] == "250500.00"
    assert value.text() == "250,500"
    undo = window.actions_by_id[ActionId.UNDO]
    assert undo.text() == "&Undo Edit value"


def test_undo_names_a_long_step_with_an_ellipsis(qtbot: QtBot, window: MainWindow) -> None:
    make_lead(window, "Smart street-lighting pilot: Linnaandur OÜ × Hebei Provincial")
    settle(qtbot, window)
    board = open_board(qtbot, window).board
    view = board.columns["identified"].view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    undo = window.actions_by_id[ActionId.UNDO]
    assert undo.text() == "&Undo Move “Smart street-lighting pilot: Linnaandur…” to Contacted"
    assert window.actions_by_id[ActionId.REDO].text() == "&Redo"


def test_the_stage_history_is_in_the_home_zone(qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.home.choose("Asia/Shanghai")
    lead = make_lead(window, "Heat meters")
    settle(qtbot, window)
    page = window.show_page("Leads")
    assert isinstance(page, LeadsPage)
    page.open_record("lead", lead)
    settle(qtbot, window)
    from smartgrowth_desktop.ui.widgets.rows import ASIDE_ROLE

    when = page.editor.history.model.index(0, 0).data(ASIDE_ROLE)
    now = datetime.now(UTC).astimezone(window.ctx.home.zone)
    assert when[1] in {f"{now:%H:%M}", f"{now.replace(minute=(now.minute - 1) % 60):%H:%M}"}


def test_an_edit_step_names_its_fields_as_the_form_does(qtbot: QtBot, ctx: AppContext) -> None:
    lead = ctx.records.create("lead", {"title": "Heat meters", "kind": "pilot",
                                       "stage": "identified"})  # fmt: skip
    page = LeadsPage(ctx)
    show(qtbot, ctx, page)
    page.open_record("lead", lead)
    settle(qtbot, ctx)
    line = page.editor.inputs["next_step"]
    assert isinstance(line, QLineEdit)
    line.setFocus()
    qtbot.keyClicks(line, "Send the offer")
    qtbot.keyClick(line, Qt.Key.Key_Tab)  # leaving it saves it: one step
    settle(qtbot, ctx)
    assert ctx.undo.undoText() == "Edit next step"  # not "Edit next_step"
