"""Settings → E-mail: the follow-up e-mail template (subject and text with placeholders)
and the address it is sent from. Checked as it is typed: an unknown placeholder is named
at once and the template is not saved until it is fixed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.mail_templates import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    PLACEHOLDERS,
    MailTemplate,
    load_template,
    save_template,
)
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.ui.settings_dialog import SettingsTab


class MailSettingsTab(SettingsTab):
    """The template of follow-up e-mails and the sender's address."""

    title = "E-mail"

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        stored = load_template(profile)
        self.sender_edit = QLineEdit(stored.sender_address)
        self.sender_edit.setObjectName("settings-mail-from")
        self.sender_edit.setAccessibleName("Your e-mail address")
        self.sender_edit.setPlaceholderText("Left empty, your mail client fills it in")
        self.subject = QLineEdit(stored.subject)
        self.subject.setObjectName("settings-mail-subject")
        self.subject.setAccessibleName("Subject template")
        self.body = QPlainTextEdit(stored.body)
        self.body.setObjectName("settings-mail-body")
        self.body.setAccessibleName("Text template")
        self.problem = QLabel()
        self.problem.setObjectName("settings-mail-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e")
        names = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        help_text = QLabel(f"Placeholders: {names}. Write {{{{ or }}}} for a brace.")
        help_text.setWordWrap(True)
        help_text.setToolTip("\n".join(f"{{{k}}}: {v}" for k, v in PLACEHOLDERS.items()))
        reset = QPushButton("Back to the default text")
        reset.setObjectName("settings-mail-reset")
        reset.clicked.connect(self.reset)
        form = QFormLayout(self)
        form.addRow("Your address", self.sender_edit)
        form.addRow("Subject", self.subject)
        form.addRow("Text", self.body)
        form.addRow("", help_text)
        form.addRow("", self.problem)
        form.addRow("", reset)
        self.subject.textChanged.connect(self.check)
        self.body.textChanged.connect(self.check)
        self.check()

    def template(self) -> MailTemplate:
        """The template as typed."""
        return MailTemplate(
            self.subject.text(), self.body.toPlainText(), self.sender_edit.text().strip()
        )

    def check(self) -> bool:
        """Show what is wrong with the template typed, if anything; True when it is fine."""
        try:
            self.template().check()
        except ValidationError as error:
            self.problem.setText(f"Not saved until fixed — {error}")
            return False
        self.problem.setText("")
        return True

    def reset(self) -> None:
        self.subject.setText(DEFAULT_SUBJECT)
        self.body.setPlainText(DEFAULT_BODY)

    def apply(self) -> None:
        """Save the template (one that does not check is kept as it was, and said)."""
        if not self.check():
            from smartgrowth_desktop.ui.messages import show_error

            show_error(self, ValidationError("e-mail template", self.problem.text()))
            return
        try:
            save_template(self.profile, self.template())
        except ValidationError as error:
            from smartgrowth_desktop.ui.messages import show_error

            show_error(self, error)
