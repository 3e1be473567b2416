"""The leads pipeline board, driven as a user: drag and drop, keyboard moves, history."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.pipeline import load_pipeline
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.leads import LeadsPage
from smartgrowth_desktop.ui.widgets.pipeline_model import StageModel, lead_id_of
from smartgrowth_desktop.ui.widgets.stage_column import StageView
from tests.ui.conftest import settle


def make_lead(
    window: MainWindow, title: str, stage: str = "identified", **values: object
) -> uuid.UUID:
    sme = window.ctx.records.create("organization", {"name": "Lumigrid AB", "kind": "sme"})
    city = window.ctx.records.create("organization", {"name": "Da Nang DOST", "kind": "agency"})
    fields = {"title": title, "kind": "pilot", "stage": stage, "sme_id": str(sme)}
    fields |= {"organization_id": str(city), "value": "120000", "currency": "EUR"}
    return window.ctx.records.create("lead", {**fields, **values})


def open_board(qtbot: QtBot, window: MainWindow) -> LeadsPage:
    page = window.show_page("Leads")
    assert isinstance(page, LeadsPage)
    qtbot.mouseClick(page.board_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    return page


def drop(view: StageView, mime: QMimeData) -> bool:
    """Deliver a drag enter, move and drop on ``view``'s viewport, as Qt does for a drag."""
    target = view.viewport()
    where = target.rect().center()
    actions = Qt.DropAction.MoveAction
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, actions, mime, left, none)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(target, QDragMoveEvent(QPoint(where), actions, mime, left, none))
    dropped = QDropEvent(QPointF(where), actions, mime, left, none)
    QApplication.sendEvent(target, dropped)
    return dropped.isAccepted()


def stages(window: MainWindow, lead: uuid.UUID) -> list[str]:
    return [str(change.stage) for change in window.ctx.leads.history(lead)]


def test_drag_a_card_to_another_stage(qtbot: QtBot, window: MainWindow) -> None:
    lead = make_lead(window, "Smart street lighting pilot")
    settle(qtbot, window)
    board = open_board(qtbot, window).board
    source = board.columns["identified"]
    assert source.model.rowCount() == 1
    assert source.count.text() == "1"
    mime = source.model.mimeData([source.model.index(0, 0)])  # what a drag carries
    assert lead_id_of(mime) == lead
    assert not drop(source.view, mime), "a card cannot be dropped on its own stage"
    assert drop(board.columns["meeting"].view, mime)
    assert board.columns["meeting"].model.row_of(lead) == 0  # shown at once
    settle(qtbot, window)
    assert window.ctx.records.get("lead", lead).stage == "meeting"
    assert stages(window, lead) == ["identified", "meeting"]
    assert source.model.rowCount() == 0
    assert board.columns["meeting"].count.text() == "1"
    assert board.columns["meeting"].total.text() == "120k EUR"
    assert board.columns["meeting"].title.text() == "Meeting"  # short: a column is narrow
    assert board.columns["meeting"].title.toolTip() == "Meeting held"
    window.actions_by_id[ActionId.UNDO].trigger()
    settle(qtbot, window)
    assert window.ctx.records.get("lead", lead).stage == "identified"
    assert source.model.row_of(lead) == 0


def test_keyboard_moves_a_card_and_the_focus_follows(qtbot: QtBot, window: MainWindow) -> None:
    lead = make_lead(window, "Flood early-warning sensors")
    settle(qtbot, window)
    board = open_board(qtbot, window).board
    view = board.columns["identified"].view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    moved = board.columns["contacted"].view
    assert moved.current_lead() == lead
    qtbot.keyClick(moved, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.ctx.records.get("lead", lead).stage == "meeting"
    qtbot.keyClick(
        board.columns["meeting"].view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier
    )
    settle(qtbot, window)
    assert window.ctx.records.get("lead", lead).stage == "contacted"
    assert stages(window, lead) == ["identified", "contacted", "meeting", "contacted"]
    contacted = board.columns["contacted"].view
    assert "Ctrl+→" in contacted.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    contacted.setFocus()
    qtbot.keyClick(contacted, Qt.Key.Key_Right)  # plain arrows walk between columns
    assert board.columns["meeting"].view.hasFocus()


def test_enter_opens_the_lead_with_its_stage_history(qtbot: QtBot, window: MainWindow) -> None:
    lead = make_lead(window, "Digital twin proof of concept")
    window.ctx.leads.move(lead, "proposal", note="sent after the site visit")
    settle(qtbot, window)
    page = open_board(qtbot, window)
    view = page.board.columns["proposal"].view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert not page.showing_board()
    assert page.editor.record_id == lead
    history = page.editor.history.model  # type: ignore[attr-defined]
    assert [history.item(r).text() for r in range(history.rowCount())] == ["Proposal", "Identified"]
    assert "sent after the site visit" in str(history.item(0).data(Qt.ItemDataRole.UserRole + 10))
    qtbot.mouseClick(page.board_button, Qt.MouseButton.LeftButton)
    assert page.showing_board()


def test_columns_are_capped_but_counts_cover_every_lead(qtbot: QtBot, profile: Profile) -> None:
    records = RecordService(profile)
    for number in range(7):
        records.create("lead", {"title": f"Lead {number}", "kind": "sales", "stage": "mou"})
    snapshot = load_pipeline(profile, cap=3)
    assert len(snapshot.cards["mou"]) == 3
    assert snapshot.summaries["mou"].count == 7
    model = StageModel("mou")
    model.set_cards(snapshot.cards["mou"], snapshot.summaries["mou"])
    assert model.hidden == 4


def test_stage_model_passes_the_model_tester(qtmodeltester: object, profile: Profile) -> None:
    RecordService(profile).create("lead", {"title": "One", "kind": "sales", "stage": "proposal"})
    snapshot = load_pipeline(profile)
    model = StageModel("proposal")
    model.set_cards(snapshot.cards["proposal"], snapshot.summaries["proposal"])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
