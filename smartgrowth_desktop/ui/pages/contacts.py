"""The Contacts page."""

from __future__ import annotations

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.schema import (
    NAME_ORDERS,
)
from smartgrowth_desktop.ui.editors.form import FormField
from smartgrowth_desktop.ui.models.record_table import Column, Row
from smartgrowth_desktop.ui.pages.columns import add_organization_names
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of


class ContactsPage(RecordListPage):
    title = "Contacts"
    kind = "contact"
    noun = "contact"
    default_sort = "sort_name"
    columns = (
        Column("Name", contact_display_name, "sort_name"),
        Column("Organization", text_of("organization_id_name")),
        Column("Title", text_of("title"), "title"),
        Column("E-mail", lambda r: (r.get("emails") or [""])[0]),
        Column("Phone", lambda r: (r.get("phones") or [""])[0]),
        Column("Tags", text_of("tags")),
        Column("Review by", text_of("review_by"), "review_by"),
    )
    form = (
        FormField("family_name", "Family name"),
        FormField("given_name", "Given name"),
        FormField("native_name", "Native script", placeholder="Nguyễn Thị Minh Khai, 李伟…"),
        FormField("romanized_name", "Romanized", placeholder="filled in from the native name"),
        FormField("name_order", "Name order", "choice", NAME_ORDERS),
        FormField("title", "Title"),
        FormField("organization_id", "Organization", "ref", ref_kind="organization"),
        FormField("emails", "E-mails", "list"),
        FormField("phones", "Phones", "list", placeholder="+84 912 345 678, …"),
        FormField("wechat", "WeChat"),
        FormField("zalo", "Zalo"),
        FormField("linkedin", "LinkedIn"),
        FormField("languages", "Languages", "list", placeholder="vi, en"),
        FormField("tags", "Tags", "list"),
        FormField("notes", "Notes", "text"),
        FormField("source", "Where we met"),
        FormField("legal_basis", "Legal basis", placeholder="Legitimate interest, consent…"),
        FormField("review_by", "Review by", "date"),
    )
    empty_text = "No contacts yet. Press “New contact”, or import a vCard or the demo data."

    def decorate(self, rows: list[Row]) -> None:
        add_organization_names(rows, self.ctx.profile, "organization_id")
