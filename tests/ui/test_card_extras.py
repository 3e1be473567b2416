"""A card's postal address and phone kinds, kept from an imported vCard, are shown on
the contact (read-only): nothing kept is invisible."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.contact_import import import_cards, preview_files
from smartgrowth_desktop.ui.editors.contact import ContactEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.widgets.card_extras import address_text, extras_text
from tests.ui.conftest import settle

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "vcard"


def test_an_imported_address_shows_on_the_card(qtbot: QtBot, window: MainWindow) -> None:
    profile = window.ctx.profile
    import_cards(profile, preview_files(profile, [FIXTURES / "google-contacts.vcf"]))
    records = window.ctx.records
    with_address = next(
        contact.id for contact in records.list("contact") if (contact.extra or {}).get("addresses")
    )
    page = window.show_page("Contacts")
    settle(qtbot, window)
    page.open_record("contact", with_address)
    settle(qtbot, window)
    editor = page.editor  # type: ignore[attr-defined]
    assert isinstance(editor, ContactEditor)
    assert editor.form_layout.isRowVisible(editor.extras)
    assert "244 Điện Biên Phủ" in editor.extras.text()
    assert "Work: " in editor.extras.text()
    blank = records.create("contact", {"family_name": "Lindqvist"})
    page.open_record("contact", blank)
    settle(qtbot, window)
    assert not editor.form_layout.isRowVisible(editor.extras)


def test_addresses_and_kinds_read_as_a_delegate_writes_them() -> None:
    address = {
        "street": "24 Trần Phú",
        "city": "Da Nang",
        "postal_code": "550000",
        "country": "Việt Nam",
        "type": "work",
    }
    assert address_text(address) == "Work: 24 Trần Phú, Da Nang 550000, Việt Nam"
    assert address_text({"city": "Guangzhou"}) == "Guangzhou"
    text = extras_text(
        {"addresses": [address], "phone_types": {"+84905123456": "cell,work"}, "other": 1}
    )
    assert text.splitlines() == [
        "Work: 24 Trần Phú, Da Nang 550000, Việt Nam",
        "Kinds: +84 905 123 456 (cell, work)",
    ]
    assert extras_text(None) == "" and extras_text({"addresses": "garbage"}) == ""
