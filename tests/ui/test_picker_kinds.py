"""Every reference field is one searchable picker (#16): it lists the right kind first (a
lead's SME picker its SMEs, its counterpart picker the others) and creates a record of the
name typed when none matches, typed and chosen with the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.contact import ContactEditor
from smartgrowth_desktop.ui.editors.meeting import MeetingEditor
from smartgrowth_desktop.ui.pages.leads import LeadsPage
from smartgrowth_desktop.ui.widgets.record_picker import RecordPicker
from smartgrowth_desktop.ui.widgets.ref_picker import RecordField
from tests.ui.conftest import settle, show

#: at 1366×768 with the fonts the app ships (Noto Sans first)
pytestmark = pytest.mark.usefixtures("shipped_fonts")

popup_on_offscreen = pytest.mark.qt_log_ignore("This plugin does not support grabbing")


def _shown(picker: RecordField) -> list[str]:
    return [picker.results.item(r).text() for r in range(picker.results.rowCount())]


def _type(qtbot: QtBot, ctx: AppContext, picker: RecordField, text: str) -> list[str]:
    picker.line.setFocus()
    qtbot.keyClicks(picker.line, text)
    popup = picker.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    settle(qtbot, ctx)
    return _shown(picker)


@popup_on_offscreen
def test_the_lead_form_lists_smes_first_and_counterparts_first(
    qtbot: QtBot, ctx: AppContext
) -> None:
    ctx.records.create("organization", {"name": "Da Nang Department of Science",
                                        "kind": "municipality"})  # fmt: skip
    sme = ctx.records.create("organization", {"name": "Da Nang Sensor AB", "kind": "sme"})
    page = LeadsPage(ctx)
    show(qtbot, ctx, page)
    page.new_record()
    sme_field = page.editor.inputs["sme_id"]
    counterpart = page.editor.inputs["organization_id"]
    assert isinstance(sme_field, RecordField) and isinstance(counterpart, RecordField)
    shown = _type(qtbot, ctx, sme_field, "da nang")
    assert shown[0].startswith("Da Nang Sensor AB")
    assert shown[1].startswith("Da Nang Department of Science")
    assert shown[-1] == "＋ Create SME “da nang”"
    popup = sme_field.completer.popup()
    assert popup is not None
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert sme_field.value() == str(sme)
    shown = _type(qtbot, ctx, counterpart, "da nang")
    assert shown[0].startswith("Da Nang Department of Science")
    assert shown[-1] == "＋ Create counterpart “da nang”"


@popup_on_offscreen
def test_the_contact_card_creates_the_organization_typed(qtbot: QtBot, ctx: AppContext) -> None:
    editor = ContactEditor(ctx)
    show(qtbot, ctx, editor)
    editor.load(None)
    picker = editor.organization
    shown = _type(qtbot, ctx, picker, "Hoa Khanh Water")
    assert shown == ["No organization matches “Hoa Khanh Water”",
                     "＋ Create organization “Hoa Khanh Water”"]  # fmt: skip
    popup = picker.completer.popup()
    assert popup is not None
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # the create row is the current one
    settle(qtbot, ctx)
    made = [o for o in ctx.records.list("organization") if o.name == "Hoa Khanh Water"]
    assert len(made) == 1 and picker.value() == str(made[0].id)
    assert picker.line.text() == "Hoa Khanh Water"
    qtbot.keyClicks(editor.inputs["family_name"], "Le")
    editor.flush()
    settle(qtbot, ctx)
    assert ctx.records.list("contact")[0].organization_id == made[0].id


@popup_on_offscreen
def test_a_meeting_creates_an_sme_by_name(qtbot: QtBot, ctx: AppContext) -> None:
    meeting = ctx.records.create("meeting", {"title": "Pitch day", "time_zone": "Asia/Ho_Chi_Minh",
                                             "starts_at": "2026-03-02T02:00:00+00:00"})  # fmt: skip
    editor = MeetingEditor(ctx)
    show(qtbot, ctx, editor)
    editor.load(meeting)
    settle(qtbot, ctx)
    smes = editor.inputs["sme_ids"]
    assert isinstance(smes, RecordPicker)
    smes.line.setFocus()
    qtbot.keyClicks(smes.line, "Valo Oy")
    qtbot.keyClick(smes.line, Qt.Key.Key_Return)  # before the results came: picked on arrival
    settle(qtbot, ctx)
    made = [o for o in ctx.records.list("organization") if o.name == "Valo Oy"]
    assert len(made) == 1 and made[0].kind == "sme"
    assert smes.value() == [str(made[0].id)]
