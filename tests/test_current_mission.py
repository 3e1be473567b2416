"""The mission of the moment (services/current_mission.py): the one under way, the latest
to start when two overlap, else the next; the Today page, the phone hints and a quick
meeting's mission agree."""

from __future__ import annotations

from datetime import UTC, date, datetime

from smartgrowth_desktop.services import current_mission
from smartgrowth_desktop.services.meeting_plans import quick_meeting
from smartgrowth_desktop.services.phone_regions import mission_hints
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.today import load_today


def _missions(profile: Profile) -> None:
    records = RecordService(profile)
    vietnam = records.create(
        "market",
        {"name": "Da Nang", "country": "VN", "time_zone": "Asia/Ho_Chi_Minh"},
    )
    china = records.create(
        "market", {"name": "Guangzhou", "country": "CN", "time_zone": "Asia/Shanghai"}
    )
    for name, start, end, market in (
        ("Past", "2026-01-05", "2026-01-09", vietnam),
        ("Long", "2026-03-01", "2026-03-20", vietnam),
        ("Short", "2026-03-09", "2026-03-12", china),  # overlaps Long, started later
        ("Autumn", "2026-10-05", "2026-10-09", vietnam),
        ("Later", "2026-11-02", "2026-11-06", china),
    ):
        records.create(
            "mission",
            {"name": name, "start_date": start, "end_date": end, "market_ids": [str(market)]},
        )


def _now(profile: Profile, day: date) -> current_mission.MissionNow | None:
    with profile.database.raw_read() as conn:
        return current_mission.in_sqlite(conn, day)


def test_under_way_else_next(profile: Profile) -> None:
    _missions(profile)
    cases = {
        date(2026, 3, 10): ("Short", True),  # the latest to start of the two under way
        date(2026, 3, 15): ("Long", True),
        date(2026, 3, 21): ("Autumn", False),
        date(2026, 10, 9): ("Autumn", True),  # its last day
        date(2026, 10, 10): ("Later", False),
    }
    for day, (name, under_way) in cases.items():
        mission = _now(profile, day)
        assert mission is not None and (mission.name, mission.under_way) == (name, under_way)
    assert _now(profile, date(2026, 12, 1)) is None


def test_today_and_phone_hints_name_the_same_mission(profile: Profile) -> None:
    _missions(profile)
    noon = datetime(2026, 3, 10, 5, tzinfo=UTC)
    assert load_today(profile, noon).mission == "On mission: Short (day 2 of 4)"
    assert [h.region for h in mission_hints(profile, date(2026, 3, 10))] == ["CN"]
    later = datetime(2026, 3, 25, 5, tzinfo=UTC)
    assert load_today(profile, later).mission == "Next mission: Autumn, in 194 days"
    assert [h.region for h in mission_hints(profile, date(2026, 3, 25))] == ["VN"]


def test_a_quick_meeting_goes_to_the_mission_today_names(profile: Profile) -> None:
    """Only a mission under way: a note taken before the next one starts has none."""
    _missions(profile)
    names = {str(m.id): m.name for m in RecordService(profile).list("mission")}
    noon = datetime(2026, 3, 10, 5, tzinfo=UTC)
    meeting = quick_meeting(profile, noon)
    assert names[meeting["mission_id"]] == "Short"  # the latest to start of the two
    assert load_today(profile, noon).mission == "On mission: Short (day 2 of 4)"
    assert names[quick_meeting(profile, datetime(2026, 3, 15, 5, tzinfo=UTC))["mission_id"]] == (
        "Long"
    )
    assert quick_meeting(profile, datetime(2026, 3, 25, 5, tzinfo=UTC))["mission_id"] is None
