"""Typing is never lost while an autosave lands (#16).

On every editor of every list page, into every input one types in (lines, long texts,
the search line of a picker, a phone row, a meeting's follow-ups): the user leaves a
field just edited (its save goes out), types at full speed (``QTest.keyClicks``, no
delay) while that save lands and the editor refreshes, and while a colleague's change
to another field of the same record lands too; every character typed is still there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import RecordEditor
from smartgrowth_desktop.ui.editors.meeting import MeetingEditor
from smartgrowth_desktop.ui.pages.record_list import RecordListPage
from smartgrowth_desktop.ui.pages.registry import PAGES
from smartgrowth_desktop.ui.widgets.phones import PhoneList
from smartgrowth_desktop.ui.widgets.record_picker import RecordPicker
from smartgrowth_desktop.ui.widgets.ref_picker import RecordField
from tests.ui.conftest import settle, show

#: the offscreen platform cannot grab the keyboard for a picker's popup
pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support grabbing"),
    pytest.mark.usefixtures("shipped_fonts"),
]

ZONE = "Asia/Ho_Chi_Minh"
RECORDS: dict[str, dict[str, Any]] = {
    "market": {"name": "Da Nang", "country": "VN", "time_zone": ZONE},
    "organization": {"name": "Lumigrid AB", "kind": "sme"},
    "contact": {"family_name": "Pham", "given_name": "Lan"},
    "mission": {"name": "Smart Water", "start_date": "2026-03-02", "end_date": "2026-03-06"},
    "meeting": {"title": "Pitch day", "time_zone": ZONE,
                "starts_at": "2026-03-02T02:00:00+00:00"},
    "lead": {"title": "Smart lighting", "kind": "pilot", "stage": "identified"},
    "follow_up": {"text": "Send the sheet"},
}  # fmt: skip
#: what is typed, in three bursts (a save lands after the first, a colleague's after the second)
BURSTS = ("Da", " Nang", " Dep 12")
NAME_FIELDS = ("family_name", "name", "title", "text")


def _targets(editor: RecordEditor) -> Iterator[tuple[str, QLineEdit | QPlainTextEdit]]:
    """Every input of the editor one types text into, by the field it belongs to."""
    for name, widget in editor.inputs.items():
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            yield name, widget
        elif isinstance(widget, RecordField | RecordPicker):
            yield name, widget.line
        elif isinstance(widget, PhoneList):
            yield name, widget.rows[-1].line
    if isinstance(editor, MeetingEditor):
        rows = list(editor.follow_ups.rows.values())
        yield "follow-up text", rows[0].text
        yield "follow-up owner", rows[0].owner


def _text(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    """Put the focus in ``widget`` and the cursor at the end of its text (a picker's popup
    still open closes, as a click elsewhere closes it)."""
    while (popup := QApplication.activePopupWidget()) is not None:
        popup.close()
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5000)
    if isinstance(widget, QLineEdit):
        widget.end(False)
    elif isinstance(widget, QPlainTextEdit):
        widget.moveCursor(QTextCursor.MoveOperation.End)


def _page(qtbot: QtBot, ctx: AppContext, kind: str) -> tuple[RecordListPage, uuid.UUID]:
    record = ctx.records.create(kind, RECORDS[kind])
    if kind == "meeting":
        ctx.records.create("follow_up", {**RECORDS["follow_up"], "meeting_id": str(record)})
    entry = next(e for e in PAGES if kind in e.kinds)
    page = entry.create(ctx)
    assert isinstance(page, RecordListPage)
    show(qtbot, ctx, page)
    page.activated()
    if hasattr(page, "show_list"):
        page.show_list()  # the Leads page opens on its board
    page.open_record(kind, record)
    page.window().activateWindow()
    settle(qtbot, ctx)
    return page, record


@pytest.mark.parametrize(
    "kind", ["market", "organization", "contact", "mission", "meeting", "lead", "follow_up"]
)
def test_every_character_typed_while_saves_land_is_kept(
    qtbot: QtBot, ctx: AppContext, kind: str
) -> None:
    page, record = _page(qtbot, ctx, kind)
    editor = page.editor
    name_field = next(n for n in NAME_FIELDS if n in editor.inputs)
    name_line = editor.inputs[name_field]
    assert isinstance(name_line, QLineEdit)
    typed_into = []
    for field, target in list(_targets(editor)):
        if target is name_line:
            continue
        before = _text(target)
        _focus(qtbot, name_line)
        qtbot.keyClicks(name_line, "x")  # a field edited…
        _focus(qtbot, target)  # …and left: its save goes out as the user types on
        qtbot.keyClicks(target, BURSTS[0])
        settle(qtbot, ctx)  # the save lands: the editor shows what was saved
        qtbot.keyClicks(target, BURSTS[1])
        colleague = f"{RECORDS[kind][name_field]} (synced {len(typed_into)})"
        ctx.operations.run(lambda c=colleague: ctx.records.update(kind, record, {name_field: c}))
        settle(qtbot, ctx)  # a colleague's change to the same record lands
        qtbot.keyClicks(target, BURSTS[2])
        settle(qtbot, ctx)
        assert _text(target) == before + "".join(BURSTS), f"{kind}.{field}"
        typed_into.append(field)
    assert len(typed_into) >= 2, typed_into


def test_tab_into_the_organization_search_and_type_at_once(qtbot: QtBot, ctx: AppContext) -> None:
    """The issue's own steps: a name typed, Tab on to the organization, type at once."""
    ctx.records.create("organization", {"name": "Da Nang Department of Science", "kind": "agency"})
    page, _record = _page(qtbot, ctx, "contact")
    editor = page.editor
    family, organization = editor.inputs["family_name"], editor.inputs["organization_id"]
    assert isinstance(family, QLineEdit) and isinstance(organization, RecordField)
    _focus(qtbot, family)
    qtbot.keyClicks(family, "Nguyen")
    for _ in range(10):  # Tab, Tab… as far as the organization (each field left is saved)
        if organization.line.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert organization.line.hasFocus()
    qtbot.keyClicks(organization.line, "D")
    settle(qtbot, ctx)  # the family name's save lands after the first letter
    qtbot.keyClicks(organization.line, "a Nang Dep")
    settle(qtbot, ctx)
    assert organization.line.text() == "Da Nang Dep"
    popup = organization.completer.popup()
    assert popup is not None
    qtbot.waitUntil(lambda: organization.results.rowCount() > 0, timeout=3000)
    assert organization.results.item(0).text().startswith("Da Nang Department of Science")
