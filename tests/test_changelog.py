"""The change log: every write is captured, replays to the same data, and rolls back whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from smartgrowth_desktop.core.clock import HybridClock, wall_ms_of
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.merge import Merger, read_log
from smartgrowth_desktop.core.search import every_row_sql
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.interchange import export_document
from smartgrowth_desktop.services.leads import LeadService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService


def _table_dump(profile: Profile) -> dict[str, list[tuple[object, ...]]]:
    tables = [
        "markets",
        "organizations",
        "contacts",
        "missions",
        "meetings",
        "leads",
        "follow_ups",
        "stage_changes",
        "attachments",
    ]
    with profile.database.connection() as conn:
        return {
            table: conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()
            for table in tables
        }


def _write_everything(profile: Profile) -> None:
    records = RecordService(profile)
    market = records.create(
        "market",
        {
            "name": "Da Nang",
            "country": "VN",
            "time_zone": "Asia/Ho_Chi_Minh",
            "focus_areas": ["Smart tourism", "E-government"],
        },
    )
    sme = records.create("organization", {"name": "Lumigrid AB", "kind": "sme", "country": "SE"})
    city = records.create(
        "organization",
        {
            "name": "Da Nang DOST",
            "native_name": "Sở Khoa học và Công nghệ Đà Nẵng",
            "kind": "municipality",
            "market_id": str(market),
        },
    )
    person = records.create(
        "contact",
        {
            "family_name": "Đặng",
            "given_name": "Văn Hùng",
            "native_name": "Đặng Văn Hùng",
            "organization_id": str(city),
            "phones": ["0905 123 456"],
            "emails": ["h@x.example"],
            "tags": ["vip"],
        },
    )
    mission = records.create(
        "mission",
        {
            "name": "Da Nang 2026",
            "market_ids": [str(market)],
            "sme_ids": [str(sme)],
            "start_date": "2026-03-09",
            "end_date": "2026-03-13",
        },
    )
    meeting = records.create(
        "meeting",
        {
            "title": "Lighting pilot",
            "mission_id": str(mission),
            "attendee_ids": [str(person)],
            "starts_at": "2026-03-10T09:00:00+07:00",
            "time_zone": "Asia/Ho_Chi_Minh",
        },
    )
    records.create("follow_up", {"text": "Send specs", "meeting_id": str(meeting)})
    lead = records.create(
        "lead",
        {
            "title": "Street lights",
            "kind": "pilot",
            "stage": "identified",
            "sme_id": str(sme),
            "organization_id": str(city),
            "value": "120000",
            "currency": "EUR",
        },
    )
    LeadService(profile).move(lead, "contacted", note="Called after the meeting")
    records.update("contact", person, {"tags": ["vip", "lighting"], "title": "Deputy Director"})
    records.update("meeting", meeting, {"notes": "They want a 200-light pilot in Sơn Trà."})
    records.update("contact", person, {"tags": ["lighting"]})
    records.delete("follow_up", records.list("follow_up")[0].id)
    records.delete("organization", sme)
    records.restore("organization", sme)
    AttachmentService(profile).attach(
        "contact", person, b"\x89PNG fake", "card.png", role="business_card"
    )


def test_log_replays_to_exactly_the_data(profile: Profile, tmp_path: Path) -> None:
    _write_everything(profile)
    with profile.database.connection() as conn:
        log = read_log(conn)
    assert len({(c.device, c.seq) for c in log}) == len(log)

    with Profile(tmp_path / "replayed") as replica:
        with replica.database.connection(immediate=True) as conn:
            Merger(conn, DeviceState.load(conn)).apply(log)
        assert _table_dump(replica) == _table_dump(profile)
        original = export_document(profile, include_deleted=True)
        replayed = export_document(replica, include_deleted=True)
        original.pop("exported_at"), replayed.pop("exported_at")
        assert replayed == original


def test_applying_a_log_twice_changes_nothing(profile: Profile, tmp_path: Path) -> None:
    _write_everything(profile)
    with profile.database.connection() as conn:
        log = read_log(conn)
    with Profile(tmp_path / "replica") as replica:
        for _ in range(2):
            with replica.database.connection(immediate=True) as conn:
                result = Merger(conn, DeviceState.load(conn)).apply(log)
        assert result.applied == 0 and result.skipped == len(log)
        assert _table_dump(replica) == _table_dump(profile)


def test_rolled_back_write_leaves_no_log_entry(profile: Profile) -> None:
    records = RecordService(profile)
    records.create("market", {"name": "Hebei", "country": "CN", "time_zone": "Asia/Shanghai"})
    before = _counts(profile)
    with pytest.raises(RuntimeError), profile.write() as writer:
        writer.create("organization", {"name": "Half-written", "kind": "company"})
        raise RuntimeError("the laptop's battery died")
    with pytest.raises(ValidationError):
        records.create("contact", {"given_name": "Ann", "emails": ["not an address"]})
    assert _counts(profile) == before


def _counts(profile: Profile) -> tuple[int, int, int, str]:
    with profile.database.connection() as conn:
        changes = conn.execute(text("SELECT count(*) FROM changes")).scalar_one()
        orgs = conn.execute(text("SELECT count(*) FROM organizations")).scalar_one()
        indexed = conn.execute(text(f"SELECT count(*) FROM ({every_row_sql()})")).scalar_one()
        seq = conn.execute(text("SELECT value FROM local_state WHERE key='next_seq'")).scalar_one()
    return changes, orgs, indexed, seq


def test_every_change_carries_dot_clock_prev_and_author(profile: Profile) -> None:
    profile.set_user("Karin Lindqvist", "Lund Science Park")
    records = RecordService(profile)
    contact = records.create("contact", {"family_name": "Trần", "given_name": "An"})
    records.update("contact", contact, {"given_name": "Anh"})
    with profile.database.connection() as conn:
        log = [c for c in read_log(conn) if c.field == "given_name"]
    first, second = log
    assert first.value == "An" and second.value == "Anh"
    assert second.prev == ((first.device, first.seq),)
    assert second.seq > first.seq and second.hlc > first.hlc
    assert {c.author for c in log} == {"Karin Lindqvist"}


def test_clock_never_goes_back_and_ignores_far_future_peers() -> None:
    wall = [1_000_000]
    clock = HybridClock(now_ms=lambda: wall[0])
    first = clock.tick()
    wall[0] -= 50_000  # the laptop's clock was set back
    second = clock.tick()
    assert second > first
    drift = clock.observe((wall[0] + 3_600_000) << 16)  # a peer one hour ahead
    assert drift is not None and drift.ahead_ms >= 3_600_000
    assert wall_ms_of(clock.tick()) < wall[0] + 3_600_000


def test_list_values_keep_order_and_merge_as_sets(profile: Profile) -> None:
    records = RecordService(profile)
    contact = records.create("contact", {"given_name": "Li", "tags": ["b", "a"]})
    records.update("contact", contact, {"tags": ["b", "a", "c"]})
    records.update("contact", contact, {"tags": ["a", "c"]})
    assert records.get("contact", contact).tags == ["a", "c"]
    with profile.database.connection() as conn:
        tag_changes = [(c.key, c.value) for c in read_log(conn) if c.field == "tags"]
    assert tag_changes == [("b", "b"), ("a", "a"), ("c", "c"), ("b", None)]
    json.dumps(tag_changes)
