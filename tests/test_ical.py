"""iCalendar export: icalendar parses it back with the right local times, one VEVENT per
meeting with a stable UID, VTIMEZONE per zone, CRLF and 75-octet lines."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from smartgrowth_desktop.exchange.ical import meeting_uid
from smartgrowth_desktop.services.calendar_export import export_calendar
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli


def _meetings(profile: Profile) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    records = RecordService(profile)
    mission = records.create("mission", {"name": "Guangzhou and Ho Chi Minh City 2026"})
    li = records.create(
        "contact",
        {"family_name": "Li", "given_name": "Wei", "native_name": "李伟",
         "name_order": "family_first",
         "emails": ["liwei@gz.example"]},
    )  # fmt: skip
    khai = records.create(
        "contact",
        {"family_name": "Nguyễn", "given_name": "Thị Minh Khai", "name_order": "family_first"},
    )
    gz = records.create(
        "meeting",
        {
            "mission_id": str(mission),
            "title": "Smart mobility data platform — 智慧交通数据平台 workshop with the bureau",
            "starts_at": "2026-03-10T09:30:00+08:00",
            "ends_at": "2026-03-10T11:00:00+08:00",
            "time_zone": "Asia/Shanghai",
            "location": "广州市天河区, Room 3; 2nd floor",
            "attendee_ids": [str(li), str(khai)],
            "agenda": "1. Introductions\n2. Pilot scope, budget; timeline\n3. Next steps",
        },
    )
    hcm = records.create(
        "meeting",
        {
            "mission_id": str(mission),
            "title": "Thoát nước và chống ngập",
            "starts_at": "2026-03-12T14:00:00+07:00",
            "time_zone": "Asia/Ho_Chi_Minh",
        },
    )
    return mission, gz, hcm


def test_ics_parses_back_with_local_times(profile: Profile, tmp_path: Path) -> None:
    mission, gz, hcm = _meetings(profile)
    RecordService(profile).create("meeting", {"title": "Other, no time"})
    path = tmp_path / "m.ics"
    assert export_calendar(profile, path, mission) == 2
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    calendar = icalendar.Calendar.from_ical(raw)
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Asia/Shanghai", "Asia/Ho_Chi_Minh"}
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    first = events[meeting_uid(gz)]
    start = first["DTSTART"].dt
    assert start == datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert (start.hour, start.minute) == (9, 30) and first["DTSTART"].params[
        "TZID"
    ] == "Asia/Shanghai"
    assert first["DTEND"].dt.hour == 11
    assert str(first["LOCATION"]) == "广州市天河区, Room 3; 2nd floor"
    assert str(first["DESCRIPTION"]).startswith("1. Introductions\n2. Pilot scope, budget;")
    assert "智慧交通数据平台" in str(first["SUMMARY"])
    attendees = first["ATTENDEE"]
    assert str(attendees[0]) == "mailto:liwei@gz.example"
    assert attendees[0].params["CN"] == "李伟 (Li Wei)"
    assert attendees[1].params["CN"] == "Nguyễn Thị Minh Khai"
    for name in ("DTSTAMP", "SEQUENCE", "LAST-MODIFIED"):
        assert name in first
    second = events[meeting_uid(hcm)]
    assert second["DTSTART"].dt.hour == 14 and second["DTEND"].dt.hour == 15  # an hour by default
    # the same UID in a later export (calendars update the event instead of adding one)
    again = icalendar.Calendar.from_ical((export_calendar(profile, path) and path).read_bytes())
    assert meeting_uid(gz) in {str(e["UID"]) for e in again.walk("VEVENT")}


def test_cli_export_ics(tmp_path: Path) -> None:
    data = tmp_path / "p"
    with Profile(data) as profile:
        mission, _gz, _hcm = _meetings(profile)
    out = tmp_path / "out.ics"
    done = run_cli("export-ics", str(out), "--mission", str(mission), data_dir=data)
    assert done.returncode == 0 and "exported 2 meetings" in done.stderr
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    missing = run_cli("export-ics", str(out), "--mission", "Atlantis", data_dir=data)
    assert missing.returncode == 1 and "Atlantis" in missing.stderr
