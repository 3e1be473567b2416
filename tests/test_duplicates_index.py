"""Find duplicates through the name-word index finds the pairs the whole-organization
comparison found, with the same reasons in the same order."""

from __future__ import annotations

import json
import random
import uuid
from difflib import SequenceMatcher

import phonenumbers
from hypothesis import given
from hypothesis import strategies as st

from smartgrowth_desktop.core.fieldtypes import Phone
from smartgrowth_desktop.services.duplicates import (
    CLOSE_NAME,
    DuplicatePair,
    Match,
    Person,
    _list,
    close_names,
    find_duplicates,
    load_people,
    pairs_among,
)
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Åström", "Virtanen", "Tamm", "O'Neill"]
GIVENS = ["Thị Minh Khai", "Văn An", "Anna", "Jüri", "Mikko", "Hoàng Long", "Lan"]
HANZI = ["李小龍", "王伟", "张 伟", "陈静", "刘洋"]


def _phone(rng: random.Random) -> str:
    """A Vietnamese mobile number written one of several ways."""
    digits = f"9{rng.randrange(10**7, 10**8)}"
    return rng.choice([f"+84{digits}", f"+84 {digits[:2]} {digits[2:5]} {digits[5:]}",
                       f"0{digits}", f"(0{digits[:2]}) {digits[2:]}"])  # fmt: skip


def _wire_phone(text: str) -> str:
    normalized = Phone().normalize(text, "phone", "VN")
    assert isinstance(normalized, str)
    return normalized


def _variant(rng: random.Random, name: str) -> str:
    """The same name with accents dropped, extra spaces, other case or a typo."""
    from smartgrowth_desktop.core.text import fold

    choice = rng.randrange(5)
    if choice == 0:
        return fold(name)
    if choice == 1:
        return "  ".join(name.split())
    if choice == 2:
        return name.upper()
    if choice == 3 and len(name) > 4:
        index = rng.randrange(1, len(name) - 1)
        return name[:index] + "x" + name[index + 1 :]
    return name


def _people(count: int) -> list[Person]:
    rng = random.Random(4)
    orgs: list[str | None] = [uuid.UUID(int=rng.getrandbits(128)).hex for _ in range(40)]
    people: list[Person] = []
    for index in range(count):
        org = rng.choice([*orgs, None])
        family, given = rng.choice(FAMILIES), rng.choice(GIVENS)
        native = rng.choice(HANZI) if rng.random() < 0.2 else None
        emails = [f"p{index}@example.vn"]
        phones = [_wire_phone(_phone(rng))]
        if people and rng.random() < 0.25:  # a planted duplicate of someone older
            older = rng.choice(people)
            family = _variant(rng, older.names[0] or family)
            given = _variant(rng, older.names[1] or given)
            native = older.names[2] if rng.random() < 0.5 else native
            org = older.organization_id if rng.random() < 0.7 else org
            if rng.random() < 0.3:
                emails.append(rng.choice(sorted(older.emails)).upper())
            if rng.random() < 0.3:
                number = phonenumbers.parse(rng.choice(sorted(older.phones)))
                national = phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.NATIONAL
                )
                phones.append(_wire_phone(national))
        if rng.random() < 0.05:
            family, given = "", ""
        record_id = uuid.UUID(int=rng.getrandbits(128))
        people.append(Person.make(record_id, (family, given, native, None, None),
                                  emails, phones, org))  # fmt: skip
    return people


def _reference_close(a: Person, b: Person) -> bool:
    """The earlier close-name rule, SequenceMatcher's three ratios in turn."""
    if a.native_key and a.native_key == b.native_key:
        return True
    if not a.latin_key or not b.latin_key:
        return False
    if a.latin_key == b.latin_key:
        return True
    short, long = sorted((len(a.latin_key), len(b.latin_key)))
    if 2 * short < CLOSE_NAME * (short + long) or not a.tokens & b.tokens:
        return False
    matcher = SequenceMatcher(None, a.latin_key, b.latin_key)
    return (
        matcher.real_quick_ratio() >= CLOSE_NAME
        and matcher.quick_ratio() >= CLOSE_NAME
        and matcher.ratio() >= CLOSE_NAME
    )


def _reference_pairs(people: list[Person]) -> list[DuplicatePair]:
    """The earlier matching: every older person of the organization compared."""
    email: dict[str, list[Person]] = {}
    phone: dict[str, list[Person]] = {}
    org: dict[str, list[Person]] = {}
    pairs: list[DuplicatePair] = []
    for person in people:
        found: dict[uuid.UUID, tuple[Person, Match]] = {}

        def note(
            other: Person,
            reason: str,
            person: Person = person,
            found: dict[uuid.UUID, tuple[Person, Match]] = found,
        ) -> None:
            assert other.id is not None
            if other.id == person.id:
                return
            entry = found.setdefault(other.id, (other, Match(other.id, other.label)))
            if reason not in entry[1].reasons:
                entry[1].reasons.append(reason)

        for address in sorted(person.emails):
            for other in email.get(address, []):
                note(other, f"same e-mail {address}")
        for number in sorted(person.phones):
            for other in phone.get(number, []):
                note(other, f"same phone {number}")
        if person.organization_id is not None:
            for other in org.get(person.organization_id, []):
                if _reference_close(person, other):
                    note(other, "close name in the same organization")
        for other, match in sorted(found.values(), key=lambda e: -len(e[1].reasons)):
            pairs.append(DuplicatePair(other, person, match.reasons))
        for address in person.emails:
            email.setdefault(address, []).append(person)
        for number in person.phones:
            phone.setdefault(number, []).append(person)
        if person.organization_id is not None:
            org.setdefault(person.organization_id, []).append(person)
    return pairs


def _key(pairs: list[DuplicatePair]) -> list[tuple[object, object, list[str]]]:
    return [(p.keep.id, p.other.id, p.reasons) for p in pairs]


def test_the_same_pairs_as_comparing_the_whole_organization() -> None:
    people = _people(2000)
    expected = _key(_reference_pairs(people))
    reasons = {reason.split(" ")[1] for _k, _o, found in expected for reason in found}
    assert reasons == {"e-mail", "phone", "name"}  # every kind of match is planted
    assert len([r for r in expected if "close name in the same organization" in r[2]]) > 100
    assert _key(pairs_among(people)) == expected


def test_dismissed_pairs_are_left_out() -> None:
    people = _people(300)
    every = pairs_among(people)
    dismissed = {frozenset(i for i in (p.keep.id, p.other.id) if i) for p in every[::2]}
    assert _key(pairs_among(people, dismissed)) == _key(every[1::2])


@given(st.lists(st.text(max_size=12), max_size=3), st.booleans())
def test_stored_lists_read_as_json_reads_them(items: list[str], ascii_only: bool) -> None:
    text = json.dumps(items, ensure_ascii=ascii_only)
    assert _list(text) == json.loads(text)


#: Contacts whose matching a key or a bound could get wrong: diacritics and đ, word order,
#: a typo, Chinese names (native script, spaced, in the family/given fields, with pinyin),
#: one number written several ways, e-mail case (ß folds to ss), a card listing one
#: address twice. (family, given, native, e-mails, phones)
_TRICKY: list[tuple[str, str, str | None, list[str], list[str]]] = [
    ("Nguyễn", "Thị Minh Khai", None, ["NTMKhai@DOST.example"], ["+84 912 345 678"]),
    ("NGUYEN", "thi minh khai", None, [], []),
    ("Khai", "Nguyễn Thị Minh", None, [], []),
    ("Nguyen", "Thi Minh Khia", None, [], []),
    ("Đặng", "Ngọc Hân", None, ["ngochan@x.example", "NgocHan@X.example"], []),
    ("Dang", "Ngoc Han", None, [], ["0912345678"]),
    ("Li", "Xiaolong", "李小龍", ["STRASSE@x.example"], []),
    ("", "", "李 小龍", ["straße@x.example"], []),
    ("Xiaolong", "Li", None, [], ["(+84) 912-345-678"]),
    ("李", "小龍", None, [], []),
    ("Lee", "Siu Lung", "李小龍", [], []),
    ("Wang", "Wei", "王伟", ["ntmkhai@dost.example"], []),
    ("Wang", "Wei", "王偉", [], []),
    ("Ôn", "Pp00", None, [], []),  # 'p' and '0' share a bit of the letter mask
    ("On", "pp0p", None, [], []),
    ("Nguyen", "Thi Minh Khai", None, [], []),  # a namesake in another organization
]


def test_find_duplicates_in_a_profile_as_the_reference_finds_them(profile: Profile) -> None:
    records = RecordService(profile)
    orgs = [str(records.create("organization", {"name": n, "kind": "company"})) for n in "AB"]
    ids = []
    for index, (family, given_name, native, emails, phones) in enumerate(_TRICKY):
        values = {"family_name": family or None, "given_name": given_name or None,
                  "native_name": native, "emails": emails,
                  "phones": [_wire_phone(p) for p in phones]}  # fmt: skip
        values["organization_id"] = orgs[index == len(_TRICKY) - 1]
        ids.append(records.create("contact", values))
    found = _key(find_duplicates(profile))
    assert found == _key(_reference_pairs(load_people(profile)))
    pairs = {(ids.index(k), ids.index(o)): r for k, o, r in found}  # type: ignore[arg-type]
    close = ["close name in the same organization"]
    assert pairs[(0, 1)] == pairs[(0, 2)] == pairs[(0, 3)] == close
    assert pairs[(0, 5)] == pairs[(0, 8)] == ["same phone +84912345678"]
    assert pairs[(0, 11)] == ["same e-mail ntmkhai@dost.example"]
    assert pairs[(4, 5)] == close
    assert pairs[(6, 7)] == ["same e-mail strasse@x.example", *close]
    assert pairs[(6, 8)] == pairs[(6, 10)] == close
    assert (9, 10) not in pairs and (6, 9) not in pairs  # Han family/given: no native key
    assert (11, 12) in pairs and not any(15 in pair for pair in pairs)


_LETTERS = st.sampled_from([*"aeinoupqgh0 ", "ư", "李", "伟", "ß"])


@given(st.text(_LETTERS, max_size=14), st.text(_LETTERS, max_size=14))
def test_close_names_is_the_reference_rule(first: str, second: str) -> None:
    a = Person.make(None, ("tran", first, None, None, None), [], [], None)
    b = Person.make(None, ("tran", second, None, None, None), [], [], None)
    assert close_names(a, b) == _reference_close(a, b)
