"""The Contacts page: the list a delegate scans, and the contact card beside it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.services.lists import NameOf
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.contact import CONTACT_FIELDS, ContactEditor
from smartgrowth_desktop.ui.editors.form import RecordEditor
from smartgrowth_desktop.ui.models.record_table import Column, Row
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of
from smartgrowth_desktop.ui.widgets.phones import international


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
    empty_text = "No contacts yet. Press “New contact”, or import a vCard or the demo data."

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        header = self.table.horizontalHeader()
        for column, width in enumerate((200, 160, 130, 136, 190, 110)):
            header.resizeSection(column, width)

    def make_editor(self) -> RecordEditor:
        editor = ContactEditor(self.ctx, dict(self.defaults))
        editor.open_requested.connect(self.open_record_requested)
        return editor
