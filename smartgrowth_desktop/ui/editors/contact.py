"""The contact card: names in two scripts, organization, reach, GDPR, business card.

The romanized name follows the native-script name as it is typed (pinyin for Chinese,
unmarked letters for Vietnamese) until the user writes their own. Phones are read in
the organization's country. A business-card image dropped anywhere on the card is
stored with it.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

from smartgrowth_desktop.core.rules import romanized_form
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import FormField, RecordEditor
from smartgrowth_desktop.ui.fields import FieldInput
from smartgrowth_desktop.ui.widgets.card_extras import CardExtras
from smartgrowth_desktop.ui.widgets.card_image import BusinessCardPanel, dropped_images
from smartgrowth_desktop.ui.widgets.org_picker import OrganizationPicker
from smartgrowth_desktop.ui.widgets.phones import PhoneList
from smartgrowth_desktop.ui.widgets.review_banner import ReviewBanner

PHONES_TIP = "National numbers are read in the organization's country; shown as +country"
#: the card's order and what its inputs say (labels and inputs: core/schema.py)
CONTACT_FIELDS = (
    FormField("family_name"),
    FormField("given_name"),
    FormField("native_name", placeholder="Nguyễn Thị Minh Khai, 李伟…"),
    FormField(
        "romanized_name",
        placeholder="filled in as you type the native name",
        tooltip="Pinyin for Chinese, plain letters for Vietnamese; overwrite it if you like",
    ),
    FormField("name_order"),
    FormField("title"),
    FormField("organization_id", "custom"),
    FormField("phones", "custom", tooltip=PHONES_TIP),
    FormField("emails", placeholder="name@example.com, …"),
    FormField("wechat"),
    FormField("zalo"),
    FormField("linkedin", placeholder="https://www.linkedin.com/in/…"),
    FormField("languages", placeholder="vi, en"),
    FormField("tags", placeholder="counterpart, water, …"),
    FormField("notes"),
    FormField("source", placeholder="Da Nang mission, March 2026"),
    FormField("legal_basis", placeholder="Legitimate interest, consent…"),
    FormField("review_by", tooltip="When to check we still need this card"),
)
#: Section titles, shown above the field named.
SECTIONS = {
    "family_name": "Name",
    "title": "Work",
    "phones": "Reach",
    "languages": "About",
    "source": "Personal data (GDPR)",
}

_warmed = False


def section_label(text: str) -> QLabel:
    """A bold heading between groups of fields."""
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600; padding-top: 8px;")
    return label


class ContactEditor(RecordEditor):
    """A ``RecordEditor`` for contacts, with the card's special inputs."""

    open_requested = Signal(str, object)  # kind, record id

    def __init__(self, ctx: AppContext, defaults: dict[str, Any] | None = None) -> None:
        super().__init__(ctx, "contact", CONTACT_FIELDS, defaults)
        self._auto_romanized: str | None = ""
        self.card = BusinessCardPanel(ctx)
        self._add_sections()
        self.extras = CardExtras()
        self._add_extras_row()
        self.form_layout.insertRow(0, self.card)
        self.review = ReviewBanner(ctx)  # shown while the card is due for review
        self.form_layout.insertRow(0, self.review)
        self.setAcceptDrops(True)
        self.organization.region_changed.connect(self.phones.set_region)
        self.organization.open_requested.connect(
            lambda org_id: self.open_requested.emit("organization", org_id)
        )
        native = self.inputs["native_name"]
        assert isinstance(native, QLineEdit)
        native.textEdited.connect(self._native_typed)
        self.saved.connect(self.card.contact_saved)
        notes = self.inputs["notes"]
        assert isinstance(notes, QPlainTextEdit)
        notes.viewport().installEventFilter(self)  # a card dropped on the notes is a card

    def custom_input(self, spec: FormField) -> FieldInput | None:
        if spec.name == "organization_id":
            self.organization = OrganizationPicker(self.ctx)
            return self.organization
        if spec.name == "phones":
            self.phones = PhoneList()
            return self.phones
        return None

    def _add_sections(self) -> None:
        for name, title in SECTIONS.items():
            holder = self.inputs[name].parentWidget()
            assert holder is not None
            position = cast(tuple[int, object], self.form_layout.getWidgetPosition(holder))
            self.form_layout.insertRow(position[0], section_label(title))

    def _add_extras_row(self) -> None:
        """Addresses and phone kinds from an imported card, after the LinkedIn row."""
        holder = self.inputs["linkedin"].parentWidget()
        assert holder is not None
        position = cast(tuple[int, object], self.form_layout.getWidgetPosition(holder))
        self.form_layout.insertRow(position[0] + 1, "From the card", self.extras)
        self.form_layout.setRowVisible(self.extras, False)

    def load(self, record_id: uuid.UUID | None) -> None:
        """Show a contact and its business card."""
        self._warm_up()
        super().load(record_id)
        self.card.show_for(record_id)
        self.review.show_for(record_id)

    def values_shown(self) -> None:
        self._auto_romanized = None  # worked out at the first keystroke, not on every show
        extra = self.values.get("extra")
        shown = self.extras.show_extra(extra if isinstance(extra, dict) else None)
        self.form_layout.setRowVisible(self.extras, shown)

    def _native_typed(self, text: str) -> None:
        """Keep the romanized name in step while the user has not written their own."""
        romanized = self.inputs["romanized_name"]
        assert isinstance(romanized, QLineEdit)
        if self._auto_romanized is None:
            shown = self.values.get("native_name")
            self._auto_romanized = (romanized_form(str(shown)) if shown else None) or ""
        if romanized.text() not in ("", self._auto_romanized):
            return
        suggestion = (romanized_form(text) if text.strip() else None) or ""
        self._auto_romanized = suggestion
        if romanized.text() != suggestion:
            romanized.setText(suggestion)
            self.mark_edited("romanized_name")

    def _warm_up(self) -> None:
        """Load the pinyin dictionary in the worker before the first Chinese keystroke."""
        global _warmed
        if not _warmed:
            _warmed = True
            self.ctx.operations.run(lambda: romanized_form("李"))

    # -- a card image dropped anywhere on the card ----------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Image files dragged over the notes go to the card, not into the text."""
        if isinstance(event, QDropEvent) and dropped_images(event.mimeData()):
            if event.type() == QEvent.Type.Drop:
                self.dropEvent(event)
            else:
                event.acceptProposedAction()
            return True
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.isEnabled() and self.card.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.card.take(event.mimeData()):
            event.acceptProposedAction()
