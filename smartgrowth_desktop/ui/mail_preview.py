"""Follow-up e-mails of a meeting: a preview per counterpart to edit, then open in the mail
client (an .eml file), save, copy, and mark as sent. Drafts, files and the record of a
sent e-mail are made in the worker; the dialog only shows and edits text."""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import copy_to_clipboard, show_error

if TYPE_CHECKING:
    from smartgrowth_desktop.services.follow_up_mail import CounterpartDraft

ATTACH = (
    ("Nothing", "none"),
    ("The mission's briefing pack (PDF)", "pack"),
    ("The SMEs' one-pagers (PDF)", "one_pager"),
)


def _outbox() -> Path:
    """A private temporary folder for the .eml files handed to the mail client."""
    return Path(tempfile.mkdtemp(prefix="smartgrowth-mail-"))


class MailPreview(QDialog):
    """One meeting's drafts: pick a counterpart, edit, then open, save, copy or mark sent."""

    def __init__(self, ctx: AppContext, drafts: list[CounterpartDraft], parent: QWidget) -> None:
        super().__init__(parent)
        from smartgrowth_desktop.services.follow_up_mail import FollowUpMailService

        self.ctx, self.drafts = ctx, list(drafts)
        self.service = FollowUpMailService(ctx.profile)
        self.sent: set[int] = set()
        self.last_file: Path | None = None
        self._outbox: Path | None = None
        self.setObjectName("mail-preview")
        self.setWindowTitle("Follow-up e-mails")
        self.recipient = QComboBox()
        self.recipient.setObjectName("mail-recipient")
        self.recipient.setAccessibleName("E-mail to")
        for draft in drafts:
            self.recipient.addItem(f"{draft.name} <{draft.address or 'no address'}>")
        self.subject = QLineEdit()
        self.subject.setObjectName("mail-subject")
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("mail-body")
        self.body.setAccessibleName("Message")
        self.attach = QComboBox()
        self.attach.setObjectName("mail-attach")
        self.attach.setAccessibleName("Attach")
        for label, key in ATTACH:
            self.attach.addItem(label, key)
        self.notes = QLabel()
        self.notes.setObjectName("mail-notes")
        self.notes.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("mail-status")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("To", self.recipient)
        form.addRow("Subject", self.subject)
        form.addRow("Attach", self.attach)
        buttons = QHBoxLayout()
        self.open_button = self._button(
            buttons, "Open in mail client", "mail-open", self.open_in_client
        )
        self.save_button = self._button(buttons, "Save .eml…", "mail-save", self.save_as)
        self.copy_button = self._button(buttons, "Copy text", "mail-copy", self.copy)
        self.sent_button = self._button(buttons, "Mark as sent", "mail-mark-sent", self.mark_sent)
        buttons.addStretch(1)
        self._button(buttons, "Close", "mail-close", self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._shown = 0
        self.recipient.currentIndexChanged.connect(self._show)
        self._show(0)
        self.resize(720, 620)

    @staticmethod
    def _button(row: QHBoxLayout, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    # -- the draft shown ------------------------------------------------------------------

    def _keep(self) -> None:
        """Keep the edits of the draft shown."""
        draft = self.drafts[self._shown]
        mail = replace(draft.draft, subject=self.subject.text(), body=self.body.toPlainText())
        self.drafts[self._shown] = replace(draft, draft=mail)

    def _show(self, index: int) -> None:
        if index < 0:
            return
        if index != self._shown:
            self._keep()
        self._shown = index
        draft = self.drafts[index]
        self.subject.setText(draft.draft.subject)
        self.body.setPlainText(draft.draft.body)
        self.notes.setText("\n".join(f"⚠ {w}" for w in draft.warnings))
        self.sent_button.setEnabled(index not in self.sent)
        self.status.setText("Marked as sent." if index in self.sent else "")

    def current(self) -> CounterpartDraft:
        """The draft shown, with its edits."""
        self._keep()
        return self.drafts[self._shown]

    # -- what the buttons do --------------------------------------------------------------

    def _write(self, path: Path | None, then: Any) -> None:
        """Write the shown draft (with the chosen attachment) in the worker, then ``then``."""
        draft, which, service = self.current(), str(self.attach.currentData()), self.service
        if path is None:
            self._outbox = self._outbox or _outbox()
            from smartgrowth_desktop.services.follow_up_mail import file_name

            unique = f"{draft.name or 'e-mail'} {uuid.uuid4().hex[:6]}"
            path = self._outbox / file_name(unique, ".eml")  # a name is never a path
        target = path
        self.status.setText("Writing the e-mail…")

        def work() -> Path:
            files = service.attachments(draft.meeting_id, which)
            return service.write_eml(draft, target, files)

        self.ctx.operations.run(work, then, self._failed)

    def open_in_client(self) -> None:
        """Write the .eml and open it with the laptop's mail program."""
        self._write(None, self._opened)

    def _opened(self, path: Path) -> None:
        self.last_file = path
        self.status.setText(f"Opened in your mail client ({path.name}).")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def save_as(self, path: str | None = None) -> None:
        """Save the .eml where the delegate says."""
        if path is None:
            from smartgrowth_desktop.services.follow_up_mail import file_name

            suggested = file_name(self.current().name or "e-mail", ".eml")
            path, _ = QFileDialog.getSaveFileName(self, "Save e-mail", suggested, "E-mail (*.eml)")
            if not path:
                return
        self._write(Path(path), self._saved)

    def _saved(self, path: Path) -> None:
        self.last_file = path
        self.status.setText(f"Saved: {path}")

    def copy(self) -> None:
        """Copy subject and text to the clipboard (for a webmail or a messenger)."""
        draft = self.current().draft
        copy_to_clipboard(f"{draft.subject}\n\n{draft.body}")
        self.status.setText("Copied to the clipboard.")

    def mark_sent(self) -> None:
        """Record on the meeting that this e-mail went out."""
        index, draft, service = self._shown, self.current(), self.service
        self.sent_button.setEnabled(False)

        def done(_made: object) -> None:
            self.sent.add(index)
            if self._shown == index:
                self.status.setText("Marked as sent: noted among the meeting's follow-ups.")

        def failed(error: BaseException) -> None:
            self.sent_button.setEnabled(True)
            self._failed(error)

        self.ctx.operations.run(lambda: service.mark_sent(draft), done, failed)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(f"Not done: {error}")
        show_error(self, error)


class FollowUpMails:
    """Opens the preview of a meeting's follow-up e-mails for the window."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        self.ctx, self.parent = ctx, parent
        self.dialog: MailPreview | None = None

    def open(self, meeting_id: uuid.UUID) -> None:
        """Make the drafts in the worker, then show them."""
        from smartgrowth_desktop.services.follow_up_mail import FollowUpMailService

        service = FollowUpMailService(self.ctx.profile)
        self.ctx.operations.run(
            lambda: service.drafts(meeting_id),
            self._show,
            lambda error: show_error(self.parent, error),
        )

    def _show(self, drafts: list[CounterpartDraft]) -> None:
        self.dialog = MailPreview(self.ctx, drafts, self.parent)
        self.dialog.open()
