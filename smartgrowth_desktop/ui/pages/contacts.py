"""The Contacts page: the list a delegate scans, and the contact card beside it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QMenu, QWidget

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.services.lists import NameOf
from smartgrowth_desktop.services.review import ReviewService
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.contact import CONTACT_FIELDS, ContactEditor
from smartgrowth_desktop.ui.editors.form import RecordEditor
from smartgrowth_desktop.ui.models.record_table import Column, Row
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of
from smartgrowth_desktop.ui.person_actions import PersonActions
from smartgrowth_desktop.ui.widgets.phones import international

#: the name of the list of cards due for review (``Page.open_list``)
TO_REVIEW = "to-review"
ALL_EMPTY = "No contacts yet. Press “New contact”, or import a vCard or the demo data."
REVIEW_EMPTY = (
    "No cards to review. A card is due when its review date has come, or when it has "
    "none and has not changed for the months set in Settings → Privacy."
)


def first_phone(row: Row) -> str:
    """The first number, internationally formatted."""
    phones = row.get("phones") or []
    return international(str(phones[0])) if phones else ""


def all_phones(row: Row) -> str:
    return "\n".join(international(str(p)) for p in row.get("phones") or [])


def first_email(row: Row) -> str:
    return str((row.get("emails") or [""])[0])


def review_by(row: Row) -> str:
    """The review-by date, marked when it has passed."""
    day = row.get("review_by")
    if not isinstance(day, date):
        return ""
    return f"{day.isoformat()}  · due" if day <= date.today() else day.isoformat()


class ContactsPage(RecordListPage):
    title = "Contacts"
    kind = "contact"
    noun = "contact"
    follows = ("organization",)  # its name shows (and sorts) in the list
    default_sort = "sort_name"
    # The organization, first phone and first e-mail sort by derived, indexed keys kept by
    # the writer (core/sort_keys.py); tags (a set) do not sort.
    columns = (
        Column("Name", contact_display_name, "sort_name", contact_display_name),
        Column("Organization", text_of("organization_id_name"), "sort_organization"),
        Column("Title", text_of("title"), "title", text_of("title")),
        Column("Phone", first_phone, "sort_phone", all_phones),
        Column("E-mail", first_email, "sort_email", text_of("emails")),
        Column("Tags", text_of("tags"), None, text_of("tags")),
        Column("Review by", review_by, "review_by"),
    )
    load_fields = ("family_name", "given_name", "native_name", "romanized_name", "name_order",
                   "organization_id", "title", "phones", "emails", "tags", "review_by",
                   "sort_name")  # fmt: skip
    joins = (NameOf("organization_id", "organization"),)
    form = CONTACT_FIELDS
    empty_text = ALL_EMPTY

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.person = PersonActions(ctx, self)
        self.person.erased.connect(self._erased)
        self.setAcceptDrops(True)  # card photos (ui/card_photos.py)
        self.card_review: QDialog | None = None
        header = self.table.horizontalHeader()
        for column, width in enumerate((200, 160, 130, 136, 190, 110)):
            header.resizeSection(column, width)

    def _build(self) -> None:
        super()._build()
        self.to_review = QCheckBox("To review")
        self.to_review.setObjectName("to-review")
        self.to_review.setToolTip(
            "Only the cards due for review: review date passed, or untouched for the "
            "months set in Settings → Privacy"
        )
        self.to_review.toggled.connect(self._filter_review)
        left = self.splitter.widget(0)
        layout = left.layout() if left is not None else None
        item = layout.itemAt(0) if layout is not None else None
        bar = item.layout() if item is not None else None
        assert isinstance(bar, QHBoxLayout)
        bar.insertWidget(1, self.to_review)

    def open_list(self, name: str) -> None:
        """``to-review``: the cards due for review (Today's "N cards to review")."""
        if name == TO_REVIEW:
            self.filter_edit.clear()
            if self.to_review.isChecked():
                self._filter_review(True)  # as of now: the months may have changed
            self.to_review.setChecked(True)

    def _filter_review(self, on: bool) -> None:
        """Only the cards due (the conditions, as of today, read in the worker)."""
        self.empty_text = REVIEW_EMPTY if on else ALL_EMPTY
        if not on:
            self.model.set_conditions([])
            return
        service = ReviewService(self.ctx.profile)
        self.ctx.operations.query(service.conditions, self._review_conditions)

    def _review_conditions(self, conditions: Any) -> None:
        if self.to_review.isChecked():
            self.model.set_conditions(conditions)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from smartgrowth_desktop.ui.card_photos import photo_paths

        if photo_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Card photos dropped here open the review screen, as File → Add contacts from
        card photos… does."""
        from smartgrowth_desktop.ui.card_photos import photo_paths, start_review

        photos = photo_paths(event.mimeData())
        if photos:
            event.acceptProposedAction()
            self.card_review = start_review(self.ctx, self, photos)

    def make_editor(self) -> RecordEditor:
        editor = ContactEditor(self.ctx, dict(self.defaults))
        editor.open_requested.connect(self.open_record_requested)
        editor.review.erased.connect(self._erased)
        return editor

    def fill_record_menu(self, menu: QMenu, record_id: uuid.UUID) -> None:
        """A contact's right-click menu: what we hold on the person, and erasing them."""
        row = self.model.row_of(record_id)
        name = str(self.model.index(row, 0).data()) if row is not None else "this person"
        self.person.fill(menu, record_id, name)

    def _erased(self, _contact_id: object) -> None:
        """An erased card leaves the editor (it is gone, not in the Trash)."""
        self.editor.record_id = None
        self.detail.setCurrentWidget(self.no_selection)
