"""The direct vCard writer gives byte for byte what vobject gave (``vobject_card_text``)."""

from __future__ import annotations

import random
import uuid
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from smartgrowth_desktop.exchange.vcard_write import CardData, card_text, vobject_card_text

NAMES = ["Nguyễn", "Trần Thị", "Lê", "李", "王小明", "Åström", "Õunapuu", "O'Brien",
         "Smith; Jr", "a,b", "back\\slash", "line\nbreak", "Đặng Văn Lâm", "", "x" * 90,
         "Phạm " * 20, "张伟" * 30, "tab\there", "colon:name"]  # fmt: skip
PHONES = ["+84901234567", "+4670123456;ext=12", "~0903 12 34 56", "~ext, 5; or 6",
          "+8613800138000", "~" + "9" * 80]  # fmt: skip
TEXTS = ["", "plain", "Giám đốc, Sở Thông tin", "semi;colon", "line1\r\nline2\rline3",
         "混合 text, 中文；标点", "quote\"d", "ü" * 40, "a" * 200]  # fmt: skip
JPEG = bytes(range(256)) * 3


def _values(rng: random.Random, index: int) -> dict[str, Any]:
    pick = rng.choice
    phones = rng.sample(PHONES, rng.randrange(0, 4))
    emails = [f"p{index}@example.{pick(['com', 'vn', 'cn'])}" for _ in range(rng.randrange(3))]
    extra: dict[str, Any] = {}
    if phones and rng.random() < 0.5:
        extra["phone_types"] = {phones[0]: pick(["cell", "work,voice", "fax", ""])}
    if emails and rng.random() < 0.5:
        extra["email_types"] = {emails[0]: pick(["work", "home,pref"])}
    if rng.random() < 0.3:
        extra["addresses"] = [
            {"street": pick(TEXTS), "city": pick(["Hà Nội", "Đà Nẵng", "广州"]),
             "country": "VN", "type": pick(["home", "work,postal", ""])},
            "not an address",
        ]  # fmt: skip
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "family_name": pick(NAMES) or None,
        "given_name": pick(NAMES) or None,
        "native_name": pick([None, "李小龍", "Nguyễn Văn A", "王"]),
        "romanized_name": pick([None, "Li Xiaolong"]),
        "name_order": pick([None, "family_first", "given_first"]),
        "title": pick(TEXTS) or None,
        "phones": phones,
        "emails": emails,
        "wechat": pick([None, "wx_id", "we,chat;id"]),
        "zalo": pick([None, "0903123456"]),
        "linkedin": pick([None, "https://www.linkedin.com/in/someone"]),
        "languages": rng.sample(["vi", "zh", "en", "sv"], rng.randrange(3)),
        "tags": rng.sample(["smart city", "a,b", "水务", "x;y", "energy"], rng.randrange(4)),
        "notes": pick(TEXTS) or None,
        "source": pick([None, "Met at the Da Nang fair, 2026"]),
        "legal_basis": pick([None, "legitimate_interest", "consent"]),
        "review_by": pick([None, "2027-01-31"]),
        "updated_at": pick([None, "2026-03-01T08:00:00+00:00", "2026-03-01T08:00:00.123Z"]),
        "extra": extra or None,
    }


def _cards(count: int) -> list[CardData]:
    rng = random.Random(19)
    cards = []
    for index in range(count):
        images = []
        if rng.random() < 0.15:
            images.append(("photo", "image/jpeg", JPEG[: rng.randrange(1, len(JPEG))]))
        if rng.random() < 0.1:
            images.append(("business_card", "image/png", JPEG[: rng.randrange(1, 300)]))
        organization = rng.choice([None, "Da Nang DOST", "Sở KH&CN; Đà Nẵng", "广州市, 科技局"])
        cards.append(CardData(_values(rng, index), organization, images))
    return cards


def test_the_same_bytes_as_vobject_for_varied_cards() -> None:
    for data in _cards(400):
        for version in ("3.0", "4.0"):
            assert card_text(data, version) == vobject_card_text(data, version), data.values


@settings(max_examples=60)
@given(
    texts=st.lists(st.text(max_size=120), min_size=6, max_size=6),
    tags=st.lists(st.text(min_size=1, max_size=20), max_size=3),
    four=st.booleans(),
)
def test_the_same_bytes_for_any_text(texts: list[str], tags: list[str], four: bool) -> None:
    family, given_name, native, title, notes, organization = texts
    values = {
        "id": "00000000-0000-4000-8000-000000000001",
        "family_name": family or None,
        "given_name": given_name or None,
        "native_name": native or None,
        "title": title or None,
        "notes": notes or None,
        "tags": tags,
        "phones": [f"~{title}"] if title else [],
        "extra": {"phone_types": {f"~{title}": notes}} if title and notes else None,
    }
    data = CardData(values, organization or None)
    version = "4.0" if four else "3.0"
    try:
        expected = vobject_card_text(data, version)
    except Exception as error:  # vobject refuses it: so does the direct writer
        try:
            card_text(data, version)
        except Exception as mine:
            assert type(mine) is type(error)
        return
    assert card_text(data, version) == expected
