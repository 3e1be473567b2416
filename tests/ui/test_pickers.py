"""One way to pick a record: a reference field searches in the worker, so a record made
after the editor opened can be picked, and one not on this laptop yet says so."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.pages.leads import LeadsPage
from smartgrowth_desktop.ui.widgets.ref_picker import RecordField
from tests.ui.conftest import settle, show
from tests.work_orders import publish_record

#: the offscreen platform cannot grab the keyboard for a popup; not a problem of ours
popup_on_offscreen = pytest.mark.qt_log_ignore("This plugin does not support grabbing")


def leads_page(qtbot: QtBot, ctx: AppContext) -> LeadsPage:
    page = LeadsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    return page


def field(page: LeadsPage, name: str) -> RecordField:
    widget = page.editor.inputs[name]
    assert isinstance(widget, RecordField)
    return widget


@popup_on_offscreen
def test_a_record_made_after_the_editor_opened_can_be_picked(qtbot: QtBot, ctx: AppContext) -> None:
    lead = ctx.records.create("lead", {"title": "Smart lighting", "kind": "pilot",
                                       "stage": "identified"})  # fmt: skip
    page = leads_page(qtbot, ctx)
    page.open_record("lead", lead)
    settle(qtbot, ctx)
    sme = field(page, "sme_id")
    made = ctx.records.create("organization", {"name": "Valo Oy", "kind": "sme"})  # the CLI
    settle(qtbot, ctx)
    sme.line.setFocus()
    qtbot.keyClicks(sme.line, "valo")
    popup = sme.completer.popup()
    assert popup is not None
    qtbot.waitUntil(lambda: popup.isVisible() and sme.results.rowCount() == 2, timeout=5000)
    assert sme.results.item(1).text() == "＋ Create SME “valo”"  # after the one found
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert sme.value() == str(made) and sme.line.text() == "Valo Oy"
    page.flush()
    settle(qtbot, ctx)
    assert ctx.records.get_wire("lead", lead)["sme_id"] == str(made)
    assert page.model.index(0, 2).data() == "Valo Oy"  # the row, refreshed in place


@popup_on_offscreen
def test_down_on_an_empty_field_lists_the_first_records(qtbot: QtBot, ctx: AppContext) -> None:
    for name in ("Hebei Metro", "Ánh Dương Solar", "Zinc Grid"):
        ctx.records.create("organization", {"name": name, "kind": "company"})
    page = leads_page(qtbot, ctx)
    page.new_record()
    counterpart = field(page, "organization_id")
    counterpart.line.setFocus()
    qtbot.keyClick(counterpart.line, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: counterpart.results.rowCount() == 3, timeout=5000)
    shown = [counterpart.results.item(row).text() for row in range(3)]
    assert shown == ["Ánh Dương Solar", "Hebei Metro", "Zinc Grid"]  # folded order


def test_a_lead_ahead_of_its_sme_says_it_is_not_here_yet(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    shared, lead, sme = tmp_path / "shared", str(uuid.uuid4()), str(uuid.uuid4())
    stamp = "2026-12-04T08:00:00+00:00"
    publish_record(shared, str(uuid.uuid4()), "lead", lead,
                   {"title": "Smart parking pilot", "kind": "pilot", "stage": "meeting",
                    "sme_id": sme, "created_at": stamp, "updated_at": stamp})  # fmt: skip
    SyncService(ctx.profile).sync_folder(shared)
    page = leads_page(qtbot, ctx)
    page.open_record("lead", uuid.UUID(lead))
    settle(qtbot, ctx)
    shown = field(page, "sme_id").line.text()
    assert shown == "(not on this laptop yet)"
    assert sme not in shown
    assert page.model.index(0, 2).data() == "(not on this laptop yet)"  # in the list too
