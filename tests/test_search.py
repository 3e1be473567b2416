"""Search as a delegate types: diacritics folded, Chinese substrings, pinyin, prefixes."""

from __future__ import annotations

import pytest

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.search import SearchService


@pytest.fixture
def records(profile: Profile) -> RecordService:
    return RecordService(profile)


def _found(profile: Profile, query: str, kind: str | None = None) -> set[str]:
    results = SearchService(profile).search(query, kinds=[kind] if kind else None)
    return {r.label for r in results}


def test_vietnamese_without_diacritics(profile: Profile, records: RecordService) -> None:
    records.create(
        "contact",
        {
            "family_name": "Nguyễn",
            "given_name": "Thị Minh Khai",
            "native_name": "Nguyễn Thị Minh Khai",
            "name_order": "family_first",
        },
    )
    records.create("contact", {"family_name": "Trần", "given_name": "Văn Nam"})
    assert _found(profile, "nguyen thi") == {"Nguyễn Thị Minh Khai"}
    assert _found(profile, "Nguyễn Thị Minh") == {"Nguyễn Thị Minh Khai"}
    assert _found(profile, "NGUY") == {"Nguyễn Thị Minh Khai"}


def test_d_with_stroke_is_found_by_d(profile: Profile, records: RecordService) -> None:
    records.create(
        "contact",
        {
            "native_name": "Đặng Đức Anh",
            "family_name": "Đặng",
            "given_name": "Đức Anh",
            "name_order": "family_first",
        },
    )
    assert _found(profile, "dang duc") == {"Đặng Đức Anh"}
    assert _found(profile, "đặng") == {"Đặng Đức Anh"}
    assert _found(profile, "Đ") == {"Đặng Đức Anh"}


def test_two_character_chinese_substring(profile: Profile, records: RecordService) -> None:
    records.create(
        "organization",
        {
            "name": "Guangzhou Smart City Office",
            "kind": "municipality",
            "native_name": "广州市智慧城市办公室",
        },
    )
    records.create(
        "organization",
        {
            "name": "Hebei Housing Department",
            "kind": "agency",
            "native_name": "河北省住房和城乡建设厅",
        },
    )
    assert _found(profile, "广州") == {"Guangzhou Smart City Office"}
    assert _found(profile, "智慧") == {"Guangzhou Smart City Office"}
    assert _found(profile, "智慧城市") == {"Guangzhou Smart City Office"}
    assert _found(profile, "河北") == {"Hebei Housing Department"}
    assert _found(profile, "城") == {"Guangzhou Smart City Office", "Hebei Housing Department"}
    assert _found(profile, "市办公") == {"Guangzhou Smart City Office"}
    assert _found(profile, "广北") == set()


def test_pinyin_is_filled_in_and_found(profile: Profile, records: RecordService) -> None:
    li_wei = records.create("contact", {"native_name": "李伟", "name_order": "family_first"})
    assert records.get("contact", li_wei).romanized_name == "Li Wei"
    records.create("contact", {"native_name": "王芳", "romanized_name": "Wang Fang"})
    for query in ("li wei", "liwei", "Li Wei", "李伟", "李"):
        assert "李伟 (Li Wei)" in _found(profile, query), query
    assert "李伟 (Li Wei)" not in _found(profile, "wang")


def test_vietnamese_romanized_name_is_prefilled(profile: Profile, records: RecordService) -> None:
    contact = records.create("contact", {"native_name": "Phạm Thị Hồng Nhung"})
    assert records.get("contact", contact).romanized_name == "Pham Thi Hong Nhung"


def test_meetings_by_title_notes_and_agenda(profile: Profile, records: RecordService) -> None:
    records.create(
        "meeting",
        {
            "title": "Flood sensors",
            "agenda": "- tender calendar",
            "notes": "Ask about the Nhiêu Lộc canal & <drains>",
        },
    )
    assert _found(profile, "tender") == {"Flood sensors"}
    assert _found(profile, "nhieu loc canal") == {"Flood sensors"}
    assert _found(profile, "flood", kind="contact") == set()


def test_leads_and_missions_are_searchable(profile: Profile, records: RecordService) -> None:
    records.create("lead", {"title": "Smart lighting pilot", "kind": "pilot", "stage": "mou"})
    records.create("mission", {"name": "Guangzhou smart mobility mission"})
    assert _found(profile, "lighting pil") == {"Smart lighting pilot"}
    assert _found(profile, "mobility") == {"Guangzhou smart mobility mission"}


def test_deleted_is_not_found_and_restored_is(profile: Profile, records: RecordService) -> None:
    contact = records.create("contact", {"family_name": "Hoàng", "given_name": "Lan"})
    records.delete("contact", contact)
    assert _found(profile, "hoang") == set()
    records.restore("contact", contact)
    assert _found(profile, "hoang") == {"Hoàng Lan"}  # family name first (#16)


def test_edited_record_is_found_by_its_new_text_at_once(
    profile: Profile, records: RecordService
) -> None:
    meeting = records.create("meeting", {"title": "Kick-off", "notes": "district heating"})
    records.update("meeting", meeting, {"notes": "air quality sensors"})
    assert _found(profile, "air quality") == {"Kick-off"}
    assert _found(profile, "heating") == set()


@pytest.mark.parametrize("query", ['"', "*", "AND OR NOT", "(((", "^", "-", "a:b", "'; DROP", ""])
def test_query_syntax_never_breaks_search(
    profile: Profile, records: RecordService, query: str
) -> None:
    records.create("contact", {"family_name": "Bùi", "given_name": "An"})
    SearchService(profile).search(query)


def test_results_are_ranked_names_before_notes(profile: Profile, records: RecordService) -> None:
    records.create("meeting", {"title": "Lunch", "notes": "met Khai from the department"})
    records.create("contact", {"native_name": "Nguyễn Thị Minh Khai"})
    results = SearchService(profile).search("khai")
    assert [r.kind for r in results] == ["contact", "meeting"]


def test_first_keystrokes_match_names_quickly(profile: Profile, records: RecordService) -> None:
    records.create("contact", {"family_name": "Đặng", "given_name": "Văn Hùng"})
    records.create("meeting", {"title": "Lunch", "notes": "dang cai tien: improvements"})
    assert _found(profile, "d") == {"Đặng Văn Hùng"}
    assert _found(profile, "da") == {"Đặng Văn Hùng"}
    assert _found(profile, "dang") == {"Đặng Văn Hùng", "Lunch"}


def test_broad_query_lists_name_matches_first_then_the_rest(
    profile: Profile, records: RecordService
) -> None:
    """A word most records contain is not ranked (too costly), but names still lead."""
    from smartgrowth_desktop.core import search as index

    for number in range(4):
        records.create("meeting", {"title": f"Visit {number}", "notes": "water metering pilot"})
    records.create("organization", {"name": "Water Works Da Nang", "kind": "municipality"})
    with profile.database.raw_read() as conn:
        hits = index.search(conn, "water", broad=3)
        narrow = index.search(conn, "water", broad=100)
    assert len(hits) == 5
    assert hits[0].kind == "organization"
    assert {h.record_id for h in hits} == {h.record_id for h in narrow}
    assert narrow[0].kind == "organization"  # ranked: the name match is also first
