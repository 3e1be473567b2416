"""Names sort as their readers expect (#16): one collation per profile, chosen in
Settings; changing it makes the keys again without a change to sync."""

from __future__ import annotations

import functools
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartgrowth_desktop.core import migrate
from smartgrowth_desktop.core.collation import COLLATIONS, sort_key
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.services.lists import ListQuery, ListService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sorting import current_collation, set_collation
from tests.conftest import examples
from tests.sync_support import change_count, new_profile, sync


def ordered(names: list[str], collation: str) -> list[str]:
    return sorted(names, key=lambda name: sort_key(name, collation) or "")


SWEDES = ["Zorn", "Åberg", "Abel", "Öberg", "Ängel", "Ohlsson"]


@pytest.mark.parametrize(
    ("collation", "expected"),
    [
        ("root", ["Abel", "Åberg", "Ängel", "Öberg", "Ohlsson", "Zorn"]),
        ("sv", ["Abel", "Ohlsson", "Zorn", "Åberg", "Ängel", "Öberg"]),
        ("fi", ["Abel", "Ohlsson", "Zorn", "Åberg", "Ängel", "Öberg"]),
    ],
)
def test_nordic_letters_in_their_places(collation: str, expected: list[str]) -> None:
    assert ordered(SWEDES, collation) == expected


def test_swedish_and_finnish_sort_other_nordic_letters_with_their_own() -> None:
    names = ["Sørensen", "Söder", "Sütterlin", "Syrén", "Ærø", "Äng", "Zorn"]
    for collation in ("sv", "fi"):  # ø as ö, æ as ä, ü as y
        assert ordered(names, collation) == [
            "Syrén", "Sütterlin", "Söder", "Sørensen", "Zorn", "Äng", "Ærø",
        ]  # fmt: skip


def test_estonian_letters_in_their_places() -> None:
    names = ["Tamm", "Zimmer", "Šmidt", "Saar", "Žukov", "Õun", "Ülle", "Wiik", "Xander", "Äär"]
    assert ordered(names, "et") == [
        "Saar", "Šmidt", "Zimmer", "Žukov", "Tamm", "Wiik", "Õun", "Äär", "Ülle", "Xander",
    ]  # fmt: skip


def test_vietnamese_letters_and_tones_in_their_places() -> None:
    names = ["Đặng", "Dương", "Ân", "Ăn", "An", "Án", "Àn", "Ản", "Ãn", "Ạn", "Ơn", "Ôn", "On"]
    assert ordered(names, "vi") == [
        "An", "Àn", "Ản", "Ãn", "Án", "Ạn", "Ăn", "Ân", "Dương", "Đặng", "On", "Ôn", "Ơn",
    ]  # fmt: skip


@pytest.mark.parametrize("collation", list(COLLATIONS))
def test_chinese_sorts_by_pinyin_among_latin_names(collation: str) -> None:
    names = ["钱晓燕", "Anna", "李伟", "Wang Fang", "Mäkinen"]  # 钱: Qian
    assert ordered(names, collation) == ["Anna", "李伟", "Mäkinen", "钱晓燕", "Wang Fang"]


def test_case_and_marks_come_after_the_letters() -> None:
    names = ["nguyen", "Nguyễn", "Nguyen", "Nguyen An"]
    assert ordered(names, "root") == ["nguyen", "Nguyen", "Nguyễn", "Nguyen An"]
    # in Vietnamese ê is a letter of its own, after e
    assert ordered(names, "vi") == ["nguyen", "Nguyen", "Nguyen An", "Nguyễn"]


@functools.cache
def uca() -> Any:
    """pyuca's own collator (its table read once)."""
    import pyuca

    return pyuca.Collator()


LETTERS = st.text(alphabet="aAbBzZåÅäÄöÖõšžđăâơưe\u0301\u0300 ", min_size=0, max_size=12)


@settings(max_examples=examples(200))
@given(LETTERS, st.sampled_from(list(COLLATIONS)))
def test_a_key_does_not_depend_on_how_the_text_is_composed(text: str, collation: str) -> None:
    composed = unicodedata.normalize("NFC", text)
    assert sort_key(composed, collation) == sort_key(unicodedata.normalize("NFD", text), collation)


@settings(max_examples=examples(200))
@given(st.lists(st.text(alphabet="aAbBmnzZåäöéèđ\u0323", min_size=1, max_size=6), max_size=4))
def test_the_root_order_is_the_unicode_collation_algorithms(words: list[str]) -> None:
    root = uca()
    name = " ".join(words)
    other = " ".join(reversed(words)) + "b"
    mine = (sort_key(name) or "") < (sort_key(other) or "")
    if name.strip() and other.strip():
        theirs = root.sort_key(unicodedata.normalize("NFD", name)) < root.sort_key(
            unicodedata.normalize("NFD", other)
        )
        assert mine == theirs


def names_in_list(profile: Profile, kind: str = "contact") -> list[str]:
    field = "family_name" if kind == "contact" else "name"
    page = ListService(profile).page(ListQuery(kind, "sort_name", fields=(field,)))
    return [str(row[field]) for row in page.dicts()]


def fill(profile: Profile) -> None:
    records = RecordService(profile)
    for family in ("Zorn", "Åberg", "Abel", "李"):
        records.create("contact", {"family_name": family, "given_name": "Anna"})
    for name in ("Örebro Science Park", "Oulu Smart City", "Aalto Works"):
        records.create("organization", {"name": name, "kind": "company"})


def test_choosing_swedish_sorts_the_lists_again_without_a_change(profile: Profile) -> None:
    fill(profile)
    assert names_in_list(profile) == ["Abel", "Åberg", "李", "Zorn"]
    before = change_count(profile)
    summary = set_collation(profile, "sv")
    assert set(summary.records) == {"contact", "organization", "lead"}
    assert current_collation(profile) == "sv"
    assert names_in_list(profile) == ["Abel", "李", "Zorn", "Åberg"]
    assert names_in_list(profile, "organization") == [
        "Aalto Works", "Oulu Smart City", "Örebro Science Park",
    ]  # fmt: skip
    assert change_count(profile) == before  # keys are local: nothing to sync
    RecordService(profile).create("contact", {"family_name": "Östberg"})  # new ones too
    assert names_in_list(profile)[-1] == "Östberg"
    assert not set_collation(profile, "sv").records  # the same choice: nothing to do
    with pytest.raises(Exception, match="unknown collation"):
        set_collation(profile, "klingon")


def test_each_laptop_sorts_what_sync_brings_by_its_own_choice(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    with new_profile(tmp_path / "a") as a, new_profile(tmp_path / "b") as b:
        set_collation(b, "fi")
        fill(a)
        sync(a, folder)
        sync(b, folder)
        assert names_in_list(a) == ["Abel", "Åberg", "李", "Zorn"]
        assert names_in_list(b) == ["Abel", "李", "Zorn", "Åberg"]
        assert current_collation(a) == "root"


def test_an_older_profile_gets_collation_keys_when_it_opens(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    with Profile(folder) as profile:
        fill(profile)
    with sqlite3.connect(folder / DATABASE_NAME) as raw:  # as 0004 left it: folded keys
        raw.execute("UPDATE contacts SET sort_name = lower(family_name) || ' anna'")
        raw.execute("UPDATE alembic_version SET version_num = '0004_soft_references'")
    with Profile(folder) as profile:
        assert names_in_list(profile) == ["Abel", "Åberg", "李", "Zorn"]
        with profile.database.connection() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert revision == migrate.HEAD
        assert set_collation(profile, "sv").records  # a later choice works there too
        assert names_in_list(profile) == ["Abel", "李", "Zorn", "Åberg"]
