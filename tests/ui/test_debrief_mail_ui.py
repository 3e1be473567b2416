"""Debriefs and follow-up e-mails in the window, driven as a delegate would: the mission's
menu, the e-mail preview (edit, open in the mail client, mark as sent), Settings → E-mail."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from smartgrowth_desktop.core.models import FollowUp
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.ui.actions import ActionId
from smartgrowth_desktop.ui.bus import ChangeBus
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.debrief_export import DebriefExporter
from smartgrowth_desktop.ui.mail_preview import FollowUpMails, MailPreview
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.operations import Operations
from smartgrowth_desktop.ui.pages.missions import MissionsPage
from smartgrowth_desktop.ui.settings_mail import MailSettingsTab
from tests.debrief_world import World, copy_of_world
from tests.ui.conftest import settle, type_text


class MailClient(QObject):
    """Stands where the laptop's mail program would: receives the files Qt opens."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[Path] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(Path(url.toLocalFile()))


@pytest.fixture
def world_ctx(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[AppContext, World]]:
    world = copy_of_world(tmp_path)
    errors: list[BaseException] = []
    profile = Profile(world.folder)
    profile.set_user("Karin Lindqvist", "Vesivahti Oy")
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    operations = Operations(errors.append)
    yield AppContext(profile, operations, ChangeBus(), settings, QUndoStack(), None), world
    operations.shutdown()
    profile.close()
    assert errors == []


@pytest.fixture
def mail_client() -> Iterator[MailClient]:
    client = MailClient()
    for scheme in ("file", "mailto"):
        QDesktopServices.setUrlHandler(scheme, client, "open")
    yield client
    for scheme in ("file", "mailto"):
        QDesktopServices.unsetUrlHandler(scheme)


def test_the_e_mail_preview(
    qtbot: QtBot, world_ctx: tuple[AppContext, World], mail_client: MailClient
) -> None:
    ctx, world = world_ctx
    parent = QWidget()
    qtbot.addWidget(parent)
    mails = FollowUpMails(ctx, parent)
    mails.open(world.ids["m1"])
    settle(qtbot, ctx)
    dialog = mails.dialog
    assert isinstance(dialog, MailPreview)
    qtbot.waitExposed(dialog)
    assert dialog.recipient.currentText() == "Nguyễn Thị Minh Khai <khai@dost.example>"
    assert dialog.body.toPlainText().startswith("Dear Nguyễn Thị Minh Khai,")
    dialog.grab().save("/tmp/debrief-mail-preview.png")
    dialog.subject.selectAll()
    type_text(qtbot, dialog.subject, "Cảm ơn — thank you")
    dialog.attach.setCurrentIndex(dialog.attach.findData("pack"))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(mail_client.opened), timeout=20_000)
    message = message_from_bytes(mail_client.opened[0].read_bytes(), policy=policy.default)
    assert message["Subject"] == "Cảm ơn — thank you"
    (pack,) = list(message.iter_attachments())
    assert pack.get_content().startswith(b"%PDF")
    qtbot.mouseClick(dialog.sent_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    assert "Marked as sent" in dialog.status.text() and not dialog.sent_button.isEnabled()
    with ctx.profile.database.read() as session:
        texts = session.scalars(
            select(FollowUp.text).where(FollowUp.meeting_id == world.ids["m1"], FollowUp.done)
        ).all()
    assert (
        "Follow-up e-mail sent to Nguyễn Thị Minh Khai <khai@dost.example>: “Cảm ơn — thank you”"
        in texts
    )


def test_a_debrief_from_the_mission_menu(
    qtbot: QtBot, world_ctx: tuple[AppContext, World], tmp_path: Path
) -> None:
    ctx, world = world_ctx
    page = MissionsPage(ctx)
    qtbot.addWidget(page)
    menu = QMenu()
    page.fill_record_menu(menu, world.ids["mission"])
    (action,) = [a for a in menu.actions() if a.text() == "Write debrief…"]
    with qtbot.waitSignal(page.debrief_requested) as asked:
        action.trigger()
    assert asked.args == [world.ids["mission"]]
    exporter = DebriefExporter(ctx, page)
    exporter.export(world.ids["mission"])
    settle(qtbot, ctx)
    assert exporter.dialog is not None
    scope = exporter.dialog.scope
    assert [scope.itemText(i) for i in range(scope.count())] == [
        "The whole mission",
        "Only Linnaandur OÜ",
        "Only Vesivahti Oy",
    ]
    exporter.dialog.reject()
    target = tmp_path / "debrief.docx"
    exporter.write(world.ids["mission"], str(target), "docx", str(world.ids["sme_b"]))
    qtbot.waitUntil(lambda: exporter.last_result is not None, timeout=20_000)
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "SME debrief · Linnaandur OÜ" in text and "Pilot scoping at DOST" not in text


def test_settings_name_an_unknown_placeholder(
    qtbot: QtBot, world_ctx: tuple[AppContext, World]
) -> None:
    ctx, _ = world_ctx
    tab = MailSettingsTab(ctx.profile)
    qtbot.addWidget(tab)
    tab.body.moveCursor(tab.body.textCursor().MoveOperation.End)
    type_text(qtbot, tab.body, "P.S. {nickname}")
    assert "unknown placeholder {nickname}" in tab.problem.text()
    tab.body.undo()
    tab.body.setPlainText("Kính gửi {salutation},\n{agreed}")
    assert tab.problem.text() == ""
    tab.apply()
    from smartgrowth_desktop.services.mail_templates import load_template

    assert load_template(ctx.profile).body == "Kính gửi {salutation},\n{agreed}"


def test_the_file_menu_asks_for_a_selection(qtbot: QtBot, window: MainWindow) -> None:
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Write &debrief…" in menu_texts and "Follow-up &e-mails…" in menu_texts
    window.show_page("Contacts")
    window.actions_by_id[ActionId.EXPORT_DEBRIEF].trigger()
    assert "Select a mission first" in window.statusBar().currentMessage()
    window.actions_by_id[ActionId.FOLLOW_UP_MAILS].trigger()
    assert "Select a meeting first" in window.statusBar().currentMessage()
