"""The card parser on OCR text with the usual errors (no Tesseract needed here)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from smartgrowth_desktop.capture.fields import emails_in, parse_text, phone_texts, websites_in
from smartgrowth_desktop.capture.vietnamese_names import restore, restore_capitals
from tests.conftest import examples

VIETNAMESE = """\
SỞ THÔNG TIN VÀ TRUYỀN THÔNG TP. HỒ CHÍ MINH
Department of Information and Communications of HCMC
NGUYÊN VAN HÙNG
Phó Giám đốc
Deputy Director
ĐT: (028) 3822 1234   DĐ: 0903 123 456
Fax: 028 3822 1235
Email: hung.nv @ ict-hcm.gov.vn
Zalo: 0903123456
Địa chỉ: 59 Lý Tự Trọng, Quận 1, TP. Hồ Chí Minh
"""

CHINESE = """\
广 州 市 工 业 和 信 息 化 局
Guangzhou Municipal Bureau of Industry and Information Technology
李 伟
Li Wei
处 长 Division Director
电 话 : +86 20 8312 3456
手机: 138 0013 8000
邮箱 : liwei@gz.gov.cn
微信: liwei gz
地址: 广州市越秀区府前路 1 号
"""

ESTONIAN = """\
Targad Tänavad OU
Märt Kõiv
Sales Director
Tel: +372 321 0624
Mobile: +372 5123 5319
mart.koiv®targadtanavad.ee
WwWww.targadtanavad.ee
"""


def test_vietnamese_card_in_capitals_gets_its_diacritics() -> None:
    card = parse_text(VIETNAMESE)
    assert card.native_name.value == "Nguyễn Văn Hùng"
    assert (card.family_name.value, card.given_name.value) == ("Nguyễn", "Văn Hùng")
    assert card.romanized_name.value == "Nguyen Van Hung"
    assert card.native_name.source_text == "NGUYÊN VAN HÙNG"
    assert card.country == "VN"
    assert card.native_organization.value == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TP. HỒ CHÍ MINH"
    assert card.organization.value.startswith("Department of Information")
    assert (card.native_title.value, card.title.value) == ("Phó Giám đốc", "Deputy Director")
    phones = [(p.value, p.kind) for p in card.phones]
    assert phones == [("+842838221234", "phone"), ("+84903123456", "mobile"),
                      ("+842838221235", "fax")]  # fmt: skip
    assert [e.value for e in card.emails] == ["hung.nv@ict-hcm.gov.vn"]
    assert card.zalo.value == "+84903123456"
    assert card.address.value == "59 Lý Tự Trọng, Quận 1, TP. Hồ Chí Minh"


def test_chinese_card_with_spaced_hanzi() -> None:
    card = parse_text(CHINESE)
    assert card.native_name.value == "李伟"
    assert card.romanized_name.value == "Li Wei"
    assert (card.family_name.value, card.given_name.value) == ("Li", "Wei")
    assert card.native_organization.value == "广州市工业和信息化局"
    assert card.organization.value.startswith("Guangzhou Municipal Bureau")
    assert (card.native_title.value, card.title.value) == ("处长", "Division Director")
    assert [(p.value, p.kind) for p in card.phones] == [
        ("+862083123456", "phone"),
        ("+8613800138000", "mobile"),
    ]
    assert card.wechat.value == "liwei_gz" and card.wechat.uncertain  # a lost underscore
    assert card.address.value == "广州市越秀区府前路1号"
    assert card.country == "CN"


def test_estonian_card_with_ocr_slips() -> None:
    card = parse_text(ESTONIAN)
    assert card.organization.value == "Targad Tänavad OÜ"
    assert card.organization.uncertain  # OU was read as OÜ: a guess
    assert (card.given_name.value, card.family_name.value) == ("Märt", "Kõiv")
    assert [e.value for e in card.emails] == ["mart.koiv@targadtanavad.ee"]
    assert [w.value for w in card.websites] == ["www.targadtanavad.ee"]
    assert [p.kind for p in card.phones] == ["phone", "mobile"]
    assert card.country == "EE"


def test_phone_labels_are_kept_as_kinds() -> None:
    assert phone_texts("ĐT: 028 3822 1234 DĐ: 0903 123 456") == [
        ("028 3822 1234", "phone"),
        ("0903 123 456", "mobile"),
    ]
    assert phone_texts("电 话: 020 8312 3456 / 手机: 138 0013 8000")[1][1] == "mobile"
    assert phone_texts("Fax: +46 8 123 456")[0][1] == "fax"
    assert phone_texts("Mobile: +358 4O 123 4567") == [("+358 40 123 4567", "mobile")]


def test_a_national_number_without_a_country_is_kept_as_written() -> None:
    card = parse_text("Anna Berg\nTel: 0903 123 456")
    assert card.phones[0].value.startswith("~") and card.phones[0].uncertain


def test_email_and_web_look_alikes() -> None:
    assert emails_in("E-mail: jussỉ.virtanen@alykaupunkioy.fi") == [
        "jussi.virtanen@alykaupunkioy.fi"
    ]
    assert emails_in("ingrid.lindstrom@vattenteknikost.S€") == [
        "ingrid.lindstrom@vattenteknikost.se"
    ]
    assert emails_in("邮箱：wang.wei ＠ gz.gov.cn") == ["wang.wei@gz.gov.cn"]
    assert websites_in("'WwWww.brightgrid.co.uk") == ["www.brightgrid.co.uk"]


def test_vietnamese_name_restoration() -> None:
    assert restore("NGUYEN", family=True) == ("Nguyễn", True)
    assert restore("NGUYÊN", family=True) == ("Nguyễn", True)
    assert restore("HƯU") == ("Hữu", True)
    assert restore("HƯNG") == ("Hưng", True)
    assert restore("HUNG")[1] is False  # Hùng or Hưng: the commoner, unsure
    assert restore("XYZ") == ("Xyz", False)
    assert restore_capitals("CÔNG TY CỐ PHẦN")[0] == "CÔNG TY CỔ PHẦN"


def test_empty_and_noise_give_an_empty_card() -> None:
    assert parse_text("").is_empty
    assert parse_text("|\n_ _\n~~~").is_empty


CARD_BITS = [*VIETNAMESE.splitlines(), *CHINESE.splitlines(), *ESTONIAN.splitlines()]


@settings(max_examples=examples(150))
@given(
    st.lists(
        st.one_of(
            st.sampled_from(CARD_BITS),
            st.text(max_size=60),
            st.text(alphabet="0123456789 +-()./:ĐTDđ电话手机@.wW", max_size=40),
        ),
        max_size=12,
    )
)
def test_parser_never_crashes(lines: list[str]) -> None:
    card = parse_text("\n".join(lines))
    card.to_json()
    for phone in card.phones:
        assert phone.value.startswith(("+", "~"))
