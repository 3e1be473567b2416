"""Merging change logs between devices: convergence whatever the order, conflicts kept."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.merge import ApplyResult, Merger, read_log
from smartgrowth_desktop.core.search import every_row_sql
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import examples


def sync(source: Profile, target: Profile) -> ApplyResult:
    """Bring every change ``source`` holds into ``target`` (a full-log exchange)."""
    with source.database.connection() as conn:
        log = read_log(conn)
    with target.database.connection(immediate=True) as conn:
        return Merger(conn, DeviceState.load(conn)).apply(log)


def state(profile: Profile) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with profile.database.connection() as conn:
        contacts = conn.execute(text("SELECT * FROM contacts ORDER BY id")).all()
        index = conn.execute(
            text(f"SELECT rowid, title, body FROM ({every_row_sql()}) ORDER BY rowid")
        ).all()
    return contacts, index


@pytest.fixture
def devices(tmp_path: Path):
    opened = [Profile(tmp_path / name) for name in ("a", "b", "c")]
    yield opened
    for profile in opened:
        profile.close()


def test_different_fields_merge_without_conflict(devices: list[Profile]) -> None:
    a, b, _ = devices
    contact = RecordService(a).create("contact", {"family_name": "Ngô", "given_name": "Lan"})
    sync(a, b)
    RecordService(a).update("contact", contact, {"title": "Director"})
    RecordService(b).update("contact", contact, {"emails": ["lan@x.example"]})
    assert not sync(a, b).conflicts and not sync(b, a).conflicts
    for device in (a, b):
        record = RecordService(device).get("contact", contact)
        assert (record.title, record.emails) == ("Director", ["lan@x.example"])


def test_same_field_conflict_shows_one_winner_everywhere(devices: list[Profile]) -> None:
    a, b, _ = devices
    contact = RecordService(a).create("contact", {"family_name": "Ngô", "title": "Engineer"})
    sync(a, b)
    RecordService(a).update("contact", contact, {"title": "Director"})
    RecordService(b).update("contact", contact, {"title": "Deputy Director"})
    assert sync(a, b).conflicts == {("title", str(contact), "")}
    sync(b, a)
    titles = {RecordService(d).get("contact", contact).title for d in (a, b)}
    assert len(titles) == 1 and titles <= {"Director", "Deputy Director"}
    with a.database.connection() as conn:
        kept = {c.value for c in read_log(conn) if c.field == "title"}
    assert kept == {"Engineer", "Director", "Deputy Director"}
    # an edit made after seeing both values resolves the conflict everywhere
    RecordService(b).update("contact", contact, {"title": "Director of Innovation"})
    assert not sync(b, a).conflicts
    assert RecordService(a).get("contact", contact).title == "Director of Innovation"


def test_tag_adds_and_removes_on_both_sides_survive(devices: list[Profile]) -> None:
    a, b, _ = devices
    contact = RecordService(a).create("contact", {"family_name": "Lý", "tags": ["x", "y"]})
    sync(a, b)
    RecordService(a).update("contact", contact, {"tags": ["x", "y", "from-a"]})
    RecordService(b).update("contact", contact, {"tags": ["y", "from-b"]})
    sync(a, b), sync(b, a)
    for device in (a, b):
        assert sorted(RecordService(device).get("contact", contact).tags) == [
            "from-a",
            "from-b",
            "y",
        ]


def test_relay_through_a_third_device(devices: list[Profile]) -> None:
    a, b, c = devices
    contact = RecordService(a).create("contact", {"native_name": "陈静"})
    sync(a, b)
    sync(b, c)
    assert RecordService(c).get("contact", contact).romanized_name == "Chen Jing"


operations = st.lists(
    st.tuples(
        st.sampled_from(["edit", "edit", "tags", "delete", "restore", "sync", "sync"]),
        st.integers(0, 2),
        st.integers(0, 2),
        st.sampled_from(["family_name", "title", "notes"]),
        st.sampled_from(["Trần", "Lê", "Phạm", "李", "Ann", "Director"]),
        st.frozensets(st.sampled_from(["vip", "tender", "hcmc", "gz"]), max_size=3),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=operations)
def test_devices_converge_whatever_the_order(
    tmp_path_factory: pytest.TempPathFactory, steps
) -> None:
    root = tmp_path_factory.mktemp("converge")
    devices = [Profile(root / name) for name in ("a", "b", "c")]
    try:
        contact = RecordService(devices[0]).create("contact", {"family_name": "Võ"})
        for device in devices[1:]:
            sync(devices[0], device)
        for action, who, other, field, value, tags in steps:
            records = RecordService(devices[who])
            if action == "edit":
                records.update("contact", contact, {field: value})
            elif action == "tags":
                records.update("contact", contact, {"tags": sorted(tags)})
            elif action == "delete":
                records.delete("contact", contact)
            elif action == "restore":
                records.restore("contact", contact)
            elif who != other:
                sync(devices[who], devices[other])
        for _ in range(2):
            for source in devices:
                for target in devices:
                    if source is not target:
                        sync(source, target)
        first = state(devices[0])
        assert all(state(device) == first for device in devices[1:])
    finally:
        for device in devices:
            device.close()


def test_unknown_device_dots_do_not_break_apply(devices: list[Profile]) -> None:
    a, _, _ = devices
    contact = RecordService(a).create("contact", {"family_name": "Hồ"})
    with a.database.connection() as conn:
        [entry] = [c for c in read_log(conn) if c.field == "family_name"]
    foreign = entry.__class__(
        **{
            **entry.__dict__,
            "device": str(uuid.uuid4()),
            "seq": 1,
            "value": "Hồ Chí",
            "prev": ((entry.device, entry.seq),),
        }
    )
    with a.database.connection(immediate=True) as conn:
        Merger(conn, DeviceState.load(conn)).apply([foreign])
    assert RecordService(a).get("contact", contact).family_name == "Hồ Chí"
