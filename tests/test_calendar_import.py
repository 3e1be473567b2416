"""Calendar invitations become meetings: Outlook (Windows zone names), Google (VTIMEZONE,
RRULE, overrides), Apple (all-day, VALARM); updates and cancellations by UID/SEQUENCE;
the mission by dates and market, asked when unclear; bad files refused whole."""

from __future__ import annotations

import contextlib
import json
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import func, select

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.models import Change, Contact, Meeting, Mission
from smartgrowth_desktop.exchange.ical_read import read_calendar
from smartgrowth_desktop.services.calendar_export import export_calendar
from smartgrowth_desktop.services.calendar_import import import_calendar, preview_calendar
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import examples, run_cli

ICS = Path(__file__).parent / "fixtures" / "ics"
HCMC = "Ho Chi Minh City, November"
GZ = "Guangzhou, November"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profile with three missions (HCMC; Guangzhou and Hebei the same week) and one
    contact already known by e-mail."""
    folder = tmp_path_factory.mktemp("ics") / "profile"
    with Profile(folder) as profile:
        records = RecordService(profile)
        vn = records.create("market", {"name": "Ho Chi Minh City", "country": "VN",
                                       "time_zone": "Asia/Ho_Chi_Minh"})  # fmt: skip
        gz = records.create(
            "market",
            {"name": "Guangzhou", "country": "CN", "region": "Guangdong",
             "time_zone": "Asia/Shanghai"},
        )  # fmt: skip
        hb = records.create("market", {"name": "Hebei", "country": "CN",
                                       "time_zone": "Asia/Shanghai"})  # fmt: skip
        for name, market, start, end in (
            (HCMC, vn, "2026-11-09", "2026-11-13"),
            (GZ, gz, "2026-11-16", "2026-11-20"),
            ("Hebei, November", hb, "2026-11-16", "2026-11-20"),
        ):
            records.create("mission", {"name": name, "market_ids": [str(market)],
                                       "start_date": start, "end_date": end})  # fmt: skip
        records.create("contact", {"family_name": "Nguyễn", "given_name": "Văn An",
                                   "emails": ["an.nguyen@dost-hcmc.example.vn"]})  # fmt: skip
    return folder


@pytest.fixture
def profile(template: Path, tmp_path: Path) -> Iterator[Profile]:
    folder = tmp_path / "profile"
    shutil.copytree(template, folder)
    with Profile(folder) as opened:
        yield opened


def _import(profile: Profile, path: Path, mission: uuid.UUID | None = None) -> Any:
    plan = preview_calendar(profile, path, mission)
    import_calendar(profile, plan)
    return plan


def _meetings(profile: Profile, live: bool = True) -> dict[str, Meeting]:
    with profile.database.read() as session:
        query = select(Meeting)
        if live:
            query = query.where(Meeting.deleted_at.is_(None))
        return {m.title or "": m for m in session.scalars(query)}


def _mission(profile: Profile, name: str) -> uuid.UUID:
    with profile.database.read() as session:
        return next(m.id for m in session.scalars(select(Mission)) if m.name == name)


def _contacts(profile: Profile) -> dict[str, Contact]:
    with profile.database.read() as session:
        return {c.emails[0]: c for c in session.scalars(select(Contact)) if c.emails}


def _utc(meeting: Meeting) -> str:
    assert meeting.starts_at is not None
    return meeting.starts_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def test_outlook_windows_zones_attendees_and_missions(profile: Profile) -> None:
    _import(profile, ICS / "outlook_request.ics")
    meetings = _meetings(profile)
    dost = meetings["Smart traffic pilot – DOST HCMC"]
    # SE Asia Standard Time (Asia/Bangkok by CLDR) is said the market's way
    assert (_utc(dost), dost.time_zone) == ("2026-11-10 02:00", "Asia/Ho_Chi_Minh")
    assert dost.mission_id == _mission(profile, HCMC)
    assert dost.location and "Điện Biên Phủ, Quận 3" in dost.location
    assert dost.agenda and dost.agenda.startswith("Agenda:\n1. Smart traffic lights")
    assert dost.extra and dost.extra["ical_organizer"] == (
        "Karin Lindqvist <karin.lindqvist@sciencepark.example.se>"
    )
    debrief = meetings["Team debrief (from Stockholm)"]
    assert (_utc(debrief), debrief.time_zone) == ("2026-11-11 11:00", "Europe/Berlin")
    water = meetings["Smart water metering – Guangzhou Water Bureau"]
    # Guangzhou and Hebei share the week and the clock: the location names Guangzhou
    assert (_utc(water), water.mission_id) == ("2026-11-17 06:00", _mission(profile, GZ))
    prep = meetings["Preparation call with Tallinn"]  # FLE Standard Time, before any mission
    assert (_utc(prep), prep.time_zone, prep.mission_id) == ("2026-11-02 08:00", "Europe/Kyiv",
                                                              None)  # fmt: skip
    people = _contacts(profile)
    assert "room3@dost-hcmc.example.vn" not in people  # a room is no person
    known = people["an.nguyen@dost-hcmc.example.vn"]  # matched whatever the case: not twice
    assert sum(1 for c in people.values() if c.id == known.id) == 1
    assert str(known.id) in dost.attendee_ids
    mai = people["mai.le@dost-hcmc.example.vn"]
    assert (mai.family_name, mai.given_name, mai.name_order) == ("Lê", "Thị Mai", "family_first")
    wang = people["wang.fang@gz-bureau.example.cn"]
    assert (wang.native_name, wang.romanized_name) == ("王芳", "Wang Fang")
    assert mai.source == "Calendar invitation: Smart traffic pilot – DOST HCMC"
    with profile.database.read() as session:  # written through the change log
        logged = session.scalar(
            select(func.count()).select_from(Change).where(Change.record_id == dost.id)
        )
    assert logged and logged >= 6


def test_update_cancel_and_stale_follow_the_uid(profile: Profile) -> None:
    _import(profile, ICS / "outlook_request.ics")
    before = _meetings(profile)["Smart traffic pilot – DOST HCMC"]
    plan = _import(profile, ICS / "outlook_update.ics")
    assert [m.action for m in plan.meetings] == ["update"]
    after = _meetings(profile)
    moved = after["Smart traffic pilot – DOST HCMC (moved)"]
    assert moved.id == before.id and len(after) == 4
    assert _utc(moved) == "2026-11-10 07:00"
    bao = _contacts(profile)["bao.tran@dost-hcmc.example.vn"]
    assert (
        str(bao.id) in moved.attendee_ids and len(moved.attendee_ids) == 4
    )  # organizer, An, Mai, Bảo
    stale = preview_calendar(profile, ICS / "outlook_request.ics")
    assert stale.meetings[0].action == "stale"  # SEQUENCE 0 after 1: nothing goes back
    cancel = _import(profile, ICS / "outlook_cancel.ics")
    assert [m.action for m in cancel.meetings] == ["trash"]
    assert "Smart water metering – Guangzhou Water Bureau" not in _meetings(profile)
    again = preview_calendar(profile, ICS / "outlook_cancel.ics")
    assert [m.action for m in again.meetings] == ["unchanged"]
    assert len(_meetings(profile, live=False)) == 4  # never a duplicate


def test_google_series_expands_within_the_mission(profile: Profile, tmp_path: Path) -> None:
    plan = _import(profile, ICS / "google_recurring.ics")
    with profile.database.read() as session:
        meetings = sorted(session.scalars(select(Meeting)), key=_utc)
    stand_ups = [m for m in meetings if m.title and m.title.startswith("Delegation stand-up")]
    # 9, 10, 11 (the 11th moved to 9:00 at the Hi-Tech Park); the 12th is an EXDATE and
    # UNTIL stops before the 13th
    assert [_utc(m) for m in stand_ups] == ["2026-11-09 01:00", "2026-11-10 01:00",
                                            "2026-11-11 02:00"]  # fmt: skip
    assert stand_ups[2].location == "Saigon Hi-Tech Park, Thủ Đức"
    assert {m.mission_id for m in meetings} == {_mission(profile, HCMC)}
    visit = next(m for m in meetings if m.title == "Site visit: traffic control centre")
    assert visit.time_zone == "Asia/Ho_Chi_Minh"  # given in UTC, shown in the market's zone
    assert {m.action for m in preview_calendar(profile, ICS / "google_recurring.ics").meetings} == {
        "unchanged"
    }
    # the organizer shortens the series: the 10th goes to the trash, nothing is added
    shorter = tmp_path / "shorter.ics"
    text = (ICS / "google_recurring.ics").read_text(encoding="utf-8")
    text = text.replace("UNTIL=20261113T005959Z", "UNTIL=20261109T235959Z")
    shorter.write_text(text.replace("SEQUENCE:0\nSTATUS", "SEQUENCE:2\nSTATUS", 1), "utf-8")
    again = _import(profile, shorter)
    # the 9th updated, the 10th trashed; the moved 11th and the site visit as they were
    assert sorted(m.action for m in again.meetings) == ["trash", "unchanged", "unchanged", "update"]
    with profile.database.read() as session:
        found = session.scalars(select(Meeting).where(Meeting.deleted_at.is_(None)))
        left = [_utc(m) for m in found if m.title == "Delegation stand-up with ITPC"]
    assert left == ["2026-11-09 01:00"]
    assert len(plan.meetings) == 4


def test_apple_all_day_and_hanzi_names(profile: Profile) -> None:
    _import(profile, ICS / "apple.ics")
    meetings = _meetings(profile)
    fair = meetings["Canton Fair (smart city hall)"]
    shanghai = ZoneInfo("Asia/Shanghai")
    assert fair.starts_at == datetime(2026, 11, 19, tzinfo=shanghai)
    assert fair.ends_at == datetime(2026, 11, 20, tzinfo=shanghai)
    assert fair.extra and fair.extra["ical_all_day"] is True
    intro = meetings["广州开发区 smart city bureau – intro"]
    assert intro.mission_id == _mission(profile, GZ) == fair.mission_id
    zhang = _contacts(profile)["zhang.xiaoyan@gdd.example.cn"]
    assert (zhang.native_name, zhang.romanized_name) == ("张晓燕", "Zhang Xiaoyan")
    anna = _contacts(profile)["anna.li@sme.example.se"]
    assert (anna.given_name, anna.family_name) == ("Anna", "Li")


def test_own_export_comes_back_to_its_meetings(profile: Profile, tmp_path: Path) -> None:
    _import(profile, ICS / "apple.ics")
    out = tmp_path / "out.ics"
    export_calendar(profile, out)
    plan = preview_calendar(profile, out)
    assert {m.action for m in plan.meetings} == {"unchanged"}
    assert {m.meeting_id for m in plan.meetings} == {m.id for m in _meetings(profile).values()}


def test_unclear_mission_is_asked_and_nothing_written(profile: Profile, tmp_path: Path) -> None:
    text = (ICS / "outlook_request.ics").read_text(encoding="utf-8")
    nowhere = tmp_path / "nowhere.ics"
    nowhere.write_text(text.replace("广州市水务局\\, Guangzhou", "Water Bureau"), "utf-8")
    plan = preview_calendar(profile, nowhere)
    assert [m.title for m in plan.unclear] == ["Smart water metering – Guangzhou Water Bureau"]
    with pytest.raises(ValidationError, match="several missions"):
        import_calendar(profile, plan)
    assert _meetings(profile) == {}
    plan.choose(_mission(profile, "Hebei, November"))
    import_calendar(profile, plan)
    water = _meetings(profile)["Smart water metering – Guangzhou Water Bureau"]
    assert water.mission_id == _mission(profile, "Hebei, November")


def test_cli_import_dry_run_mission_and_json(profile: Profile, tmp_path: Path) -> None:
    folder, hebei = profile.folder, _mission(profile, "Hebei, November")
    profile.close()
    text = (ICS / "outlook_request.ics").read_text(encoding="utf-8")
    nowhere = tmp_path / "nowhere.ics"
    nowhere.write_text(text.replace("广州市水务局\\, Guangzhou", "Water Bureau"), "utf-8")
    asked = run_cli("import-ics", str(nowhere), data_dir=folder)
    assert asked.returncode == 2 and "--mission" in asked.stderr and "Hebei" in asked.stderr
    done = run_cli("import-ics", str(nowhere), "--mission", "Hebei", "--dry-run", "--json",
                   data_dir=folder)  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["counts"]["create"] == 4 and report["written"] is False
    assert {m["mission_id"] for m in report["meetings"]} == {str(hebei)}
    with Profile(folder) as reopened:
        assert _meetings(reopened) == {}


BAD = {
    "not a calendar": b"BEGIN:VCARD\r\nFN:Nobody\r\nEND:VCARD\r\n",
    "cut short": (ICS / "outlook_update.ics").read_bytes()[:700],
    "broken line": (ICS / "outlook_update.ics").read_bytes().replace(b"SEQUENCE:1", b"SEQ 1"),
    "unknown zone": (ICS / "outlook_update.ics").read_bytes().replace(b"SE Asia", b"Mars"),
    "bad rule": (ICS / "google_recurring.ics").read_bytes().replace(b"FREQ=DAILY", b"FREQ=OFTEN"),
    "not text": b"BEGIN:VCALENDAR\r\n\xff\xfe\x00",
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_are_refused_whole(case: str) -> None:
    with pytest.raises(ValidationError) as refused:
        read_calendar(BAD[case], "bad.ics")
    assert str(refused.value).startswith("bad.ics")


def test_cli_refuses_a_huge_file(profile: Profile, tmp_path: Path) -> None:
    folder = profile.folder
    profile.close()
    huge = tmp_path / "huge.ics"
    with huge.open("wb") as out:
        out.truncate(11 * 1024 * 1024)
    result = run_cli("import-ics", str(huge), data_dir=folder)
    assert result.returncode == 1 and "too big" in result.stderr


@hsettings(max_examples=examples(60))
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_reading_any_bytes_is_a_calendar_or_a_refusal(data: bytes) -> None:
    head = (ICS / "apple.ics").read_bytes()[:300]
    for document in (data, head + data):
        with contextlib.suppress(ValidationError):
            read_calendar(document, "fuzz.ics")


WEEKLY = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
METHOD:{method}\r
BEGIN:VEVENT\r
DTSTART;TZID=Asia/Ho_Chi_Minh:{start}\r
DTEND;TZID=Asia/Ho_Chi_Minh:{end}\r
{rule}DTSTAMP:20261101T000000Z\r
UID:weekly-sync@google.com\r
{rid}SEQUENCE:{sequence}\r
SUMMARY:Weekly sync with the city\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_series_begun_long_ago_and_one_occurrence_cancelled(
    profile: Profile, tmp_path: Path
) -> None:
    series = tmp_path / "weekly.ics"
    series.write_text(WEEKLY.format(method="REQUEST", start="20251104T150000",
                                    end="20251104T153000", rule="RRULE:FREQ=WEEKLY\r\n",
                                    rid="", sequence=0), "utf-8")  # fmt: skip
    # a year of Tuesdays: the 10th and the 17th fall in missions; the 17th fits two
    assert [m.unclear for m in preview_calendar(profile, series).meetings] == [False, True]
    _import(profile, series, _mission(profile, HCMC))  # only the mission's Tuesday
    assert [_utc(m) for m in _meetings(profile).values()] == ["2026-11-10 08:00"]
    cancel = tmp_path / "cancel.ics"
    cancel.write_text(WEEKLY.format(method="CANCEL", start="20261110T150000",
                                    end="20261110T153000", rule="",
                                    rid="RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20261110T150000\r\n",
                                    sequence=1), "utf-8")  # fmt: skip
    plan = _import(profile, cancel)
    assert [m.action for m in plan.meetings] == ["trash"] and _meetings(profile) == {}
