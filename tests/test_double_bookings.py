"""Double bookings are said (#16): the check, the service over a real profile, the pack."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from smartgrowth_desktop.core.overlaps import Booking, overlaps
from smartgrowth_desktop.services.meeting_clashes import find_clashes
from smartgrowth_desktop.services.packs import PackService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import examples, run_cli
from tests.test_reports import pdf_text

T0 = datetime(2026, 12, 9, 2, 0, tzinfo=UTC)


def booking(name: str, start_h: float, hours: float | None, *people: str) -> Booking:
    end = None if hours is None else T0 + timedelta(hours=start_h + hours)
    return Booking(name, T0 + timedelta(hours=start_h), end, frozenset(people))


def test_overlapping_meetings_of_one_person_clash() -> None:
    found = overlaps(
        [
            booking("a", 0, 1, "karin"),
            booking("b", 0.5, 1, "karin", "ly"),  # overlaps a (Karin)
            booking("c", 1.25, 1, "ly"),  # after a, overlaps b (Lý)
            booking("d", 0.5, 1, "anna"),  # the same time, nobody shared
            booking("e", 3, None, "ly"),  # no end: an hour
            booking("f", 3.9, 0.5, "ly"),
            booking("g", 4.4, 1, "ly"),  # starts as f ends: no clash
        ]
    )
    assert {k: [o.other for o in v] for k, v in found.items()} == {
        "a": ["b"], "b": ["a", "c"], "c": ["b"], "e": ["f"], "f": ["e"],
    }  # fmt: skip
    assert found["a"][0].shared == {"karin"}


@settings(max_examples=examples(100))
@given(
    st.lists(
        st.tuples(
            st.integers(0, 20), st.integers(1, 6), st.frozensets(st.sampled_from("abc"), max_size=2)
        ),
        max_size=12,
    )
)
def test_the_sweep_finds_exactly_the_pairs(rows: list[tuple[int, int, frozenset[str]]]) -> None:
    bookings = [
        Booking(str(i), T0 + timedelta(minutes=30 * s), T0 + timedelta(minutes=30 * (s + n)), p)
        for i, (s, n, p) in enumerate(rows)
    ]
    found = overlaps(bookings)
    for x in bookings:
        expected = {
            y.id
            for y in bookings
            if y.id != x.id and x.people & y.people and x.starts_at < y.end and y.starts_at < x.end
        }
        assert {o.other for o in found.get(x.id, [])} == expected


def make_agenda(profile: Profile) -> dict[str, uuid.UUID]:
    """Two missions sharing a delegate, and an attendee booked twice across them."""
    records = RecordService(profile)
    ly = records.create("contact", {"family_name": "Lý", "given_name": "Thu Hà"})
    danang = records.create(
        "mission", {"name": "Da Nang", "delegates": ["Karin Lindqvist", "Jussi Heikkilä"]}
    )
    hue = records.create("mission", {"name": "Huế", "delegates": ["Anna Berg"]})
    ids = {"ly": ly}
    for key, mission, start, end, people in (
        ("call", danang, "10:00", "11:00", [ly]),
        ("visit", danang, "10:30", "11:30", []),  # Karin and Jussi again
        ("lunch", hue, "10:45", "12:00", [ly]),  # Lý again, another mission
        ("later", danang, "11:30", "12:30", []),  # starts as "visit" ends
    ):
        ids[key] = records.create(
            "meeting",
            {
                "title": key.capitalize(),
                "mission_id": str(mission),
                "starts_at": f"2026-12-09T{start}:00+07:00",
                "ends_at": f"2026-12-09T{end}:00+07:00",
                "time_zone": "Asia/Ho_Chi_Minh",
                "attendee_ids": [str(p) for p in people],
            },
        )
    ids["danang"] = danang
    return ids


def test_the_service_names_the_other_meeting_and_the_people(profile: Profile) -> None:
    ids = make_agenda(profile)
    found = find_clashes(profile, [ids["call"], ids["visit"], ids["lunch"], ids["later"]])
    assert set(found) == {ids["call"], ids["visit"], ids["lunch"]}
    call = {clash.title: clash for clash in found[ids["call"]]}
    assert set(call) == {"Visit", "Lunch"}
    assert call["Visit"].people == ("Jussi Heikkilä", "Karin Lindqvist")
    assert call["Lunch"].describe() == "Overlaps “Lunch” (Wed 9 Dec 10:45–12:00): Lý Thu Hà"
    RecordService(profile).delete("meeting", ids["visit"])  # the trash frees the time
    assert {c.title for c in find_clashes(profile, [ids["call"]])[ids["call"]]} == {"Lunch"}


def test_the_pack_itinerary_says_it(profile: Profile, tmp_path: Path) -> None:
    ids = make_agenda(profile)
    result = PackService(profile).mission_pack(str(ids["danang"]), tmp_path / "pack.pdf")
    content = " ".join(pdf_text(result.path).split())
    assert "Double booked. Overlaps “Visit” (Wed 9 Dec 10:30–11:30)" in content
    assert "Overlaps “Lunch” (Wed 9 Dec 10:45–12:00): Lý Thu Hà" in content


def test_the_cli_lists_a_double_booking_as_the_window_does(tmp_path: Path) -> None:
    with Profile(tmp_path / "p") as profile:
        make_agenda(profile)
    listed = run_cli("list", "meeting", data_dir=tmp_path / "p").stdout.splitlines()
    said = {line.split("  ")[1]: line for line in listed}
    assert "[double booked: Overlaps “Visit” (Wed 9 Dec 10:30–11:30)" in said["Call"]
    assert "double booked" not in said["Later"]


def test_a_meeting_without_an_end_takes_an_hour(profile: Profile) -> None:
    records = RecordService(profile)
    ly = str(records.create("contact", {"family_name": "Lý", "given_name": "Thu Hà"}))
    open_ended = records.create(
        "meeting",
        {"title": "Coffee", "starts_at": "2026-12-09T09:30:00+07:00", "attendee_ids": [ly]},
    )
    made = {
        start: records.create(
            "meeting",
            {
                "title": start,
                "attendee_ids": [ly],
                "starts_at": f"2026-12-09T{start}:00+07:00",
                "ends_at": f"2026-12-09T{end}:00+07:00",
            },
        )
        for start, end in (("08:00", "09:31"), ("10:29", "10:30"), ("10:30", "11:00"))
    }
    found = find_clashes(profile, [open_ended, *made.values()])
    assert {c.title for c in found[open_ended]} == {"08:00", "10:29"}
    assert made["10:30"] not in found  # starts as the coffee's hour ends
