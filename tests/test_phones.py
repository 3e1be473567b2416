"""Phone numbers: national ones read in the country the hints imply, the rest kept as
written (never dropped); the stored forms, their sort key and the preview's wording."""

from __future__ import annotations

import pytest

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.fieldtypes import Phone
from smartgrowth_desktop.core.phones import (
    INTERNATIONAL,
    KEPT,
    NO_DIGITS,
    READ,
    TO_NOTES,
    Hint,
    PhoneTally,
    read_phone,
    shown,
    sort_key,
)
from smartgrowth_desktop.core.regions import country_code, language_region, script_region
from smartgrowth_desktop.core.sort_keys import first_phone_key

VN = Hint("VN", "address", 0)
CN_NAME = Hint("CN", "Chinese name", 3)
CN_MISSION = Hint("CN", "mission “Guangzhou 2026”", 4, own=False)
VN_MISSION = Hint("VN", "mission “Guangzhou 2026”", 4, own=False)


@pytest.mark.parametrize(
    ("text", "hints", "stored"),
    [
        ("0905 888 777", [VN], "+84905888777"),
        ("090 5888777", [VN], "+84905888777"),
        ("(028) 3822 1234", [VN], "+842838221234"),
        ("138 0013 8000", [CN_NAME], "+8613800138000"),
        ("020 8888 6666", [CN_NAME], "+862088886666"),
        ("０９０５ ８８８ ７７７", [VN], "+84905888777"),  # full-width digits
        ("0905 888 777 ext 12", [VN], "+84905888777;ext=12"),
        # a weaker hint wins where the stronger one does not fit the number
        ("138 0013 8000", [VN, CN_MISSION], "+8613800138000"),
        # the strongest hint wins where both fit (a landline valid in both countries)
        ("020 8888 6666", [VN, CN_MISSION], "+842088886666"),
    ],
)
def test_national_numbers_are_read_where_the_hints_say(
    text: str, hints: list[Hint], stored: str
) -> None:
    reading = read_phone(text, hints)
    assert (reading.outcome, reading.wire) == (READ, stored)


@pytest.mark.parametrize(
    ("text", "hints", "reason"),
    [
        ("0905 888 777", [], "country unknown"),
        ("138 0013 8000", [VN], "not a valid number in Vietnam"),
        ("020 8888 6666", [CN_MISSION, VN_MISSION], "could be in China or Vietnam"),
        ("Mobile: 0905 888 777 (after 6pm)", [VN], "words or two numbers in it"),
        ("1-800-FLOWERS", [CN_NAME], "words or two numbers in it"),
        ("0905 888 777 / 0913 111 222", [VN], "more digits than one number has"),
        ("+1 2", [], "not a complete number"),
    ],
)
def test_what_cannot_be_read_is_kept_as_written(text: str, hints: list[Hint], reason: str) -> None:
    reading = read_phone(text, hints)
    assert (reading.outcome, reading.wire, reading.reason) == (KEPT, f"~{text}", reason)


def test_international_forms_need_no_hint() -> None:
    for text in ("+84 905 888 777", "+84 (0) 905 888 777", "0084 905 888 777"):
        reading = read_phone(text, [])
        assert (reading.outcome, reading.wire, reading.region) == (
            INTERNATIONAL,
            "+84905888777",
            "VN",
        )


def test_white_space_is_tidied_text_without_digits_and_long_text_are_reported() -> None:
    assert read_phone("  555\t 0123 ").wire == "~555 0123"
    assert read_phone("n/a").outcome == NO_DIGITS
    long = "call 0905 888 777 " * 10
    assert (read_phone(long).outcome, read_phone(long).wire) == (TO_NOTES, None)
    # our own export's mark is honoured: kept as written, not read again
    assert read_phone("~0905 888 777", [VN]).wire == "~0905 888 777"


def test_the_field_type_takes_e164_extensions_and_the_as_written_form() -> None:
    phone = Phone()
    assert phone.normalize("+84 905 888 777 ext. 12", "p") == "+84905888777;ext=12"
    assert phone.normalize("+84905888777;ext=12", "p") == "+84905888777;ext=12"
    assert phone.normalize("~ 0905  888 777 ", "p") == "~0905 888 777"
    with pytest.raises(ValidationError, match="needs digits"):
        phone.normalize("~ext", "p")
    with pytest.raises(ValidationError):
        phone.normalize("0905 888 777", "p")  # typed without a country: still refused


def test_shown_and_sort_keys() -> None:
    assert shown("+84905888777") == "+84 905 888 777"
    assert shown("+84905888777;ext=12") == "+84 905 888 777 ext. 12"
    assert shown("~0905 888 777") == "0905 888 777"
    assert shown("~0905 888 777", note=True) == "0905 888 777 (as written, country unknown)"
    assert sort_key("~(028) 3822-1234") == "~02838221234"
    keys = [first_phone_key([p]) for p in ("~0905", "+8613800138000", "+46701234567")]
    assert sorted(keys) == ["+46701234567", "+8613800138000", "~0905"]  # unread ones last


def test_tally_says_what_was_kept_how() -> None:
    tally = PhoneTally("card")
    tally.add([read_phone("0905 888 777", [VN]), read_phone("090 5888777", [VN])])
    tally.add([read_phone("(028) 3822 1234", [Hint("VN", "organization", 2)])])
    tally.add([read_phone("138 0013 8000", [CN_MISSION]), read_phone("+46 70 123 45 67")])
    tally.add([read_phone("555 0123"), read_phone("n/a")])
    assert tally.lines() == [
        "3 phone numbers read as Vietnamese (+84) from the card's address/organization",
        "1 phone number read as Chinese (+86) from your mission “Guangzhou 2026”",
        "1 phone number international",
        "1 kept as written: country unknown",
        "1 without digits: not kept",
    ]
    assert tally.to_json()["as_written"] == {"country unknown": 1}


def test_countries_languages_and_scripts() -> None:
    for name in ("Việt Nam", "Vietnam", "VN", "vn", "越南"):
        assert country_code(name) == "VN", name
    for name in ("中国", "China", "P.R. China", "PRC", "Kina", "Trung Quốc"):
        assert country_code(name) == "CN", name
    assert country_code("Atlantis") is None
    tags = ("vi", "zh-Hans", "zh-Hant", "en-GB", "en", "Tiếng Việt")
    assert [language_region(t) for t in tags] == ["VN", "CN", "TW", "GB", None, "VN"]
    assert script_region("李伟") == ("CN", "Chinese name")
    assert script_region("Nguyễn Văn An") == ("VN", "Vietnamese name")
    assert script_region("Anna Svensson") is None


def test_packs_show_a_number_kept_as_written_and_its_qr_card_dials_the_text() -> None:
    from smartgrowth_desktop.reports.model import PackContact
    from smartgrowth_desktop.reports.vcard import vcard
    from smartgrowth_desktop.services.packs import _phone

    shown_in_pack = _phone("~0905 888 777")
    assert shown_in_pack == "0905 888 777 (as written, country unknown)"
    card = vcard(PackContact(id="x", name="Jo", phones=(shown_in_pack, _phone("+84905888777"))))
    assert "TEL:0905 888 777\r\nTEL:+84 905 888 777\r\n" in card
