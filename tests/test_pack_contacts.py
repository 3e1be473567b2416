"""The pack's people (#16): phone numbers and addresses never broken inside, a meeting's
open leads found through its attendees' organizations, a Hanzi-only card's vCard split."""

from __future__ import annotations

import itertools
import re
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from smartgrowth_desktop.core.models import Meeting
from smartgrowth_desktop.reports.fonts import register_fonts
from smartgrowth_desktop.reports.styles import styles
from smartgrowth_desktop.reports.text import NBSP, unbroken
from smartgrowth_desktop.reports.vcard import vcard
from smartgrowth_desktop.services.packs import PackLoader, PackService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import examples
from tests.test_reports import poppler

LONG_EMAIL = "marketing.communications@visitdanang-promo.example"
PHONE = "+84 236 3550 214"


def lines_of(markup: str, max_width: float) -> list[str]:
    """The lines reportlab sets ``markup`` in at ``max_width`` (the small style)."""
    paragraph = Paragraph(markup, styles().small)
    paragraph.wrap(max_width, 1000)
    return [
        "".join(getattr(word, "text", "") for word in line.words)
        if hasattr(line, "words")
        else " ".join(line[1])
        for line in paragraph.blPara.lines
    ]


@settings(max_examples=examples(60), deadline=None)
@given(st.floats(min_value=50, max_value=200))  # the pack's columns are 70 pt and wider
def test_a_phone_number_keeps_one_line_whatever_the_width(max_width: float) -> None:
    register_fonts()
    lines = lines_of(unbroken(PHONE, 8.5, max_width), max_width)
    assert [line.replace(NBSP, " ").strip() for line in lines] == [PHONE]


@settings(max_examples=examples(60), deadline=None)
@given(st.floats(min_value=40, max_value=300))
def test_an_address_breaks_only_at_its_separators(max_width: float) -> None:
    register_fonts()
    lines = [line.strip() for line in lines_of(unbroken(LONG_EMAIL, 8.5, max_width), max_width)]
    assert "".join(lines) == LONG_EMAIL
    for before, after in itertools.pairwise(lines):
        assert before.endswith("@") or after[:1] in ".-", lines


def contact_sheet_lines(path: Path) -> list[str]:
    return [
        line.strip() for line in poppler("pdftotext", "-enc", "UTF-8", str(path), "-").splitlines()
    ]


def make_mission(profile: Profile) -> tuple[uuid.UUID, uuid.UUID]:
    """A mission with one meeting that names only its attendees (no organization)."""
    records = RecordService(profile)
    centre = records.create(
        "organization",
        {"name": "Da Nang Tourism Promotion Centre", "kind": "agency", "country": "VN"},
    )
    sme = records.create("organization", {"name": "Lumigrid AB", "kind": "sme", "country": "SE"})
    huong = records.create(
        "contact",
        {
            "family_name": "Phạm",
            "given_name": "Thị Lan Hương",
            "organization_id": str(centre),
            "phones": [PHONE, "+84 905 671 924"],
            "emails": [LONG_EMAIL],
            "zalo": "+84 916 248 539",
        },
    )
    zhang = records.create("contact", {"native_name": "张晓燕"})
    mission = records.create("mission", {"name": "Da Nang, December", "sme_ids": [str(sme)]})
    meeting = records.create(
        "meeting",
        {
            "title": "Courtesy call",
            "mission_id": str(mission),
            "starts_at": "2026-12-09T11:00:00+07:00",
            "ends_at": "2026-12-09T12:00:00+07:00",
            "attendee_ids": [str(huong), str(zhang)],
        },
    )
    records.create(
        "lead",
        {"title": "Visitor data pilot", "kind": "pilot", "stage": "contacted",
         "organization_id": str(centre), "sme_id": str(sme)},
    )  # fmt: skip
    records.create(
        "lead",
        {"title": "Old signed deal", "kind": "sales", "stage": "agreement",
         "organization_id": str(centre)},
    )  # fmt: skip
    return mission, meeting


def test_the_pack_prints_numbers_and_addresses_whole(profile: Profile, tmp_path: Path) -> None:
    mission, _meeting = make_mission(profile)
    result = PackService(profile).mission_pack(str(mission), tmp_path / "pack.pdf")
    lines = contact_sheet_lines(result.path)
    shown = [line for line in lines if "+84 236" in line]  # on the card and the sheet
    assert len(shown) >= 2 and all(PHONE in line for line in shown), shown
    broken = [line for line in lines if line.startswith(("214", "le", "xample"))]
    assert broken == []
    whole_or_at_separators = " ".join(lines)
    assert LONG_EMAIL in whole_or_at_separators.replace("@ ", "@").replace(" .", ".")


def test_open_leads_are_found_through_the_attendees(profile: Profile, tmp_path: Path) -> None:
    _mission, meeting = make_mission(profile)
    result = PackService(profile).meeting_brief(str(meeting), tmp_path / "brief.pdf")
    text = poppler("pdftotext", "-enc", "UTF-8", str(result.path), "-")
    assert "Open leads" in text and "Visitor data pilot" in text
    assert "Old signed deal" not in text  # a closed one is not open


def test_a_hanzi_only_card_files_family_and_given_name_apart(profile: Profile) -> None:
    _mission, meeting = make_mission(profile)
    with profile.database.read() as session:
        brief, _ = PackLoader(session, profile).single_meeting(session.get(Meeting, meeting))
    zhang = next(person for person in brief.attendees if person.name == "张晓燕")
    card = vcard(zhang)
    assert "N:张;晓燕;;;" in card and "FN:张晓燕" in card
    assert not re.search(r"^N:Zhang Xiaoyan;", card, re.M)


@pytest.mark.parametrize(
    ("native", "expected"),
    [("欧阳娜娜", "N:欧阳;娜娜;;;"), ("Nguyễn Văn An", "N:Nguyễn Văn An;;;;")],
)
def test_other_native_only_cards(profile: Profile, native: str, expected: str) -> None:
    records = RecordService(profile)
    person = records.create("contact", {"native_name": native})
    meeting = records.create("meeting", {"title": "Call", "attendee_ids": [str(person)]})
    with profile.database.read() as session:
        brief, _ = PackLoader(session, profile).single_meeting(session.get(Meeting, meeting))
    assert expected in vcard(brief.attendees[0])
