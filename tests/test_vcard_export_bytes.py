"""The direct vCard writer gives byte for byte what vobject gave (``vobject_card_text``)."""

from __future__ import annotations

import random
import uuid
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from smartgrowth_desktop.core.models import Contact
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.wire import to_wire
from smartgrowth_desktop.exchange.vcard_write import CardData, card_text, vobject_card_text
from smartgrowth_desktop.services.contacts_export import load_cards
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService

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
    for data in _cards(200):
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


def test_cards_load_the_values_of_the_records(profile: Profile) -> None:
    records = RecordService(profile)
    org = records.create("organization", {"name": "Sở KH&CN", "kind": "agency"})
    rng = random.Random(7)
    for index in range(12):
        values = _values(rng, index)
        keep = ("family_name", "given_name", "native_name", "title", "phones", "emails",
                "wechat", "languages", "tags", "notes", "review_by", "extra")  # fmt: skip
        wanted = {k: values[k] for k in keep if values[k] not in (None, [])}
        if not any(wanted.get(k) for k in ("family_name", "given_name", "native_name")):
            wanted["family_name"] = "Lê"
        wanted["phones"] = [p for p in wanted.get("phones", []) if "ext" not in p]
        records.create("contact", {**wanted, "organization_id": str(org)})
    with profile.database.read() as session:
        query = select(Contact).where(Contact.deleted_at.is_(None))
        stored = session.scalars(query.order_by(Contact.sort_name, Contact.id)).all()
        expected = [to_wire(KINDS["contact"], c) for c in stored]
    cards = load_cards(profile)
    assert [c.values for c in cards] == expected
    assert {c.organization for c in cards} == {"Sở KH&CN"}
