"""Profiles syncing through real folders: merges, conflicts, deletes, clocks, relays, damage."""

from __future__ import annotations

import gc
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartgrowth_desktop.core.clock import system_ms, wall_ms_of
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.report import SyncError
from tests.sync_support import change_count, conflicts, files, new_profile, sync, tables

DAY_MS = 24 * 3600 * 1000


@pytest.fixture
def team(tmp_path: Path) -> Iterator[list[Profile]]:
    """Three laptops (Anna, Binh, Chen) with fresh profiles."""
    people = (("a", "Anna Berg"), ("b", "Trần Bình"), ("c", "Chen Jing"))
    opened = [new_profile(tmp_path / name, user) for name, user in people]
    yield opened
    for profile in opened:
        profile.close()


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    return folder


def _everyone(profiles: list[Profile], folder: Path, rounds: int = 2) -> None:
    for _ in range(rounds):
        for profile in profiles:
            sync(profile, folder)


def _converged(profiles: list[Profile]) -> None:
    first = tables(profiles[0]), conflicts(profiles[0])
    for other in profiles[1:]:
        assert (tables(other), conflicts(other)) == first


def test_two_profiles_concurrent_edits_keep_both_values(team: list[Profile], shared: Path) -> None:
    a, b, _ = team
    contact = RecordService(a).create("contact", {"family_name": "Ngô", "title": "Engineer"})
    _everyone([a, b], shared)
    RecordService(a).update("contact", contact, {"title": "Director"})
    RecordService(b).update("contact", contact, {"title": "Deputy Director"})
    _everyone([a, b], shared)
    _converged([a, b])
    [conflict] = SyncService(a).list_conflicts()
    assert conflict.field == "title" and conflict.record_id == str(contact)
    by_value = {v.value: v for v in conflict.values}
    assert set(by_value) == {"Director", "Deputy Director"}
    assert by_value["Director"].author == "Anna Berg" and by_value["Director"].mine
    assert by_value["Deputy Director"].author == "Trần Bình"
    shown = [v.value for v in conflict.values if v.shown]
    assert [RecordService(a).get("contact", contact).title] == shown
    SyncService(b).resolve(conflict.id[:6], "theirs")  # Anna's value, chosen on Binh's laptop
    _everyone([b, a], shared)
    for profile in (a, b):
        assert RecordService(profile).get("contact", contact).title == "Director"
        assert SyncService(profile).conflict_count() == 0


def test_edits_of_different_fields_both_survive(team: list[Profile], shared: Path) -> None:
    a, b, _ = team
    contact = RecordService(a).create("contact", {"family_name": "Lê", "given_name": "Lan"})
    _everyone([a, b], shared)
    RecordService(a).update("contact", contact, {"title": "Director", "tags": ["vip"]})
    RecordService(b).update("contact", contact, {"emails": ["lan@dost.example"], "tags": ["gz"]})
    _everyone([a, b], shared)
    _converged([a, b])
    record = RecordService(b).get("contact", contact)
    assert (record.title, record.emails, sorted(record.tags)) == (
        "Director",
        ["lan@dost.example"],
        ["gz", "vip"],
    )
    assert SyncService(a).conflict_count() == 0


def test_delete_concurrent_with_an_edit_keeps_the_record(team: list[Profile], shared: Path) -> None:
    a, b, _ = team
    meeting = RecordService(a).create("meeting", {"title": "Lighting pilot"})
    _everyone([a, b], shared)
    RecordService(a).delete("meeting", meeting)
    RecordService(b).update("meeting", meeting, {"notes": "They want 200 lights in Sơn Trà."})
    _everyone([a, b], shared)
    _converged([a, b])
    for profile in (a, b):
        record = RecordService(profile).get("meeting", meeting)
        assert record.deleted_at is None and record.notes.startswith("They want")
    [conflict] = SyncService(a).list_conflicts()
    assert conflict.is_deletion
    deleted = [v for v in conflict.values if v.value is not None]
    edited = [v for v in conflict.values if v.edited]
    assert deleted[0].author == "Anna Berg" and edited[0].edited == ("notes",)
    SyncService(a).resolve(conflict.id, "mine")  # Anna still wants it gone
    _everyone([a, b], shared)
    for profile in (a, b):
        assert RecordService(profile).get("meeting", meeting).deleted_at is not None
        assert SyncService(profile).conflict_count() == 0


def test_deletion_conflict_resolved_by_keeping(team: list[Profile], shared: Path) -> None:
    a, b, _ = team
    lead = RecordService(a).create(
        "lead", {"title": "Buses", "kind": "pilot", "stage": "identified"}
    )
    _everyone([a, b], shared)
    RecordService(b).delete("lead", lead)
    RecordService(a).update("lead", lead, {"next_step": "Call Mr Phạm"})
    _everyone([a, b], shared)
    [conflict] = SyncService(b).list_conflicts()
    SyncService(b).resolve(conflict.id, "record")
    _everyone([b, a], shared)
    _converged([a, b])
    assert RecordService(a).get("lead", lead).deleted_at is None
    assert SyncService(a).conflict_count() == 0


def test_delete_against_delete_converges_quietly(team: list[Profile], shared: Path) -> None:
    a, b, c = team
    org = RecordService(a).create("organization", {"name": "Hebei DOT", "kind": "agency"})
    _everyone([a, b, c], shared)
    RecordService(a).delete("organization", org)
    RecordService(b).delete("organization", org)
    _everyone([a, b, c], shared)
    _converged([a, b, c])
    assert RecordService(c).get("organization", org).deleted_at is not None
    assert SyncService(c).conflict_count() == 0


def test_a_clock_a_day_ahead_is_applied_but_not_adopted(
    team: list[Profile], shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = team
    original = DeviceState.load.__func__  # type: ignore[attr-defined]

    def skewed(cls: type[DeviceState], conn: object) -> DeviceState:
        loaded = original(cls, conn)
        loaded.clock._now_ms = lambda: system_ms() + DAY_MS
        return loaded

    with monkeypatch.context() as patch:
        patch.setattr(DeviceState, "load", classmethod(skewed))
        contact = RecordService(b).create("contact", {"family_name": "Phạm", "title": "Engineer"})
        sync(b, shared)
    report = sync(a, shared)
    assert RecordService(a).get("contact", contact).title == "Engineer"
    assert report.clocks_ahead and min(report.clocks_ahead.values()) > DAY_MS - 60_000
    assert any("ahead of this laptop" in w for w in report.warnings)
    RecordService(a).update("contact", contact, {"title": "Director"})
    with a.database.connection() as conn:
        assert wall_ms_of(DeviceState.load(conn).clock.last) < system_ms() + 60_000
    peers = SyncService(a).peers()
    assert peers[0]["clock_ahead_ms"] > DAY_MS - 60_000


def test_a_changeset_applied_twice_changes_nothing(
    team: list[Profile], shared: Path, tmp_path: Path
) -> None:
    a, b, _ = team
    RecordService(a).create("contact", {"family_name": "Hồ", "tags": ["vip"]})
    sync(a, shared)
    first = sync(b, shared)
    assert first.applied == 1
    before = change_count(b), tables(b)
    again = sync(b, shared)
    assert (again.applied, again.received) == (0, 0)
    bundle = tmp_path / "a.sgb"
    SyncService(a).export_bundle(bundle)
    imported = SyncService(b).import_bundle(bundle)
    assert imported.applied == 0 and not imported.errors
    assert (change_count(b), tables(b)) == before


def test_out_of_order_arrival_waits_without_error(
    team: list[Profile], shared: Path, tmp_path: Path
) -> None:
    a, b, _ = team
    records = RecordService(a)
    contact = records.create("contact", {"family_name": "Vũ"})
    sync(a, shared)
    records.update("contact", contact, {"title": "Engineer"})
    sync(a, shared)
    records.update("contact", contact, {"title": "Director"})
    sync(a, shared)
    first, *later = files(shared)
    late = tmp_path / "late"
    for path in later:
        target = late / path.relative_to(shared)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    report = sync(b, late)
    assert report.ok and report.applied == 0 and report.received == 2
    assert report.waiting and "wait" in report.waiting[0]
    shutil.copyfile(first, late / first.relative_to(shared))
    report = sync(b, late)
    assert report.applied == 3 and not report.waiting
    assert RecordService(b).get("contact", contact).title == "Director"


def test_relay_a_to_b_to_c_through_two_folders(team: list[Profile], tmp_path: Path) -> None:
    a, b, c = team
    office, stick = tmp_path / "office-share", tmp_path / "usb-stick"
    office.mkdir()
    stick.mkdir()
    contact = RecordService(a).create("contact", {"native_name": "陈静"})
    sync(a, office)
    RecordService(b).create("organization", {"name": "Guangzhou Metro", "kind": "company"})
    sync(b, office)
    sync(b, stick)
    report = sync(c, stick)
    assert report.applied == 2
    assert RecordService(c).get("contact", contact).romanized_name == "Chen Jing"
    RecordService(c).update("contact", contact, {"title": "Chief Engineer"})
    for profile, folder in ((c, stick), (b, stick), (b, office), (a, office)):
        sync(profile, folder)
    _converged([a, b, c])


def test_three_profiles_through_one_folder_converge(team: list[Profile], shared: Path) -> None:
    a, b, c = team
    meeting = RecordService(a).create("meeting", {"title": "Smart water", "agenda": "Intro"})
    _everyone(team, shared)
    RecordService(a).update("meeting", meeting, {"agenda": "Intro; demo"})
    RecordService(b).update("meeting", meeting, {"location": "Đà Nẵng DOST"})
    RecordService(c).update("meeting", meeting, {"agenda": "Intro; pricing"})
    RecordService(c).create("follow_up", {"text": "Send specs", "meeting_id": str(meeting)})
    _everyone(team, shared)
    _converged(team)
    [conflict] = SyncService(b).list_conflicts()
    assert {v.value for v in conflict.values} == {"Intro; demo", "Intro; pricing"}
    assert RecordService(b).get("meeting", meeting).location == "Đà Nẵng DOST"


def test_an_emptied_or_missing_folder_deletes_nothing(team: list[Profile], shared: Path) -> None:
    a, b, c = team
    RecordService(a).create("contact", {"family_name": "Đỗ"})
    RecordService(b).create("contact", {"family_name": "Bùi"})
    _everyone([a, b], shared)
    before = tables(b)
    shutil.rmtree(shared)
    with pytest.raises(SyncError, match="does not exist"):
        SyncService(b).sync_folder(shared)
    assert SyncService(b).last_sync()["ok"] is False
    shared.mkdir()
    report = sync(b, shared)  # an empty folder: B puts back what it holds, A's included
    assert tables(b) == before
    assert (report.published, report.relayed) == (1, 1)
    sync(c, shared)
    assert tables(c) == before


def test_a_cloned_profile_is_detected_and_explained(
    team: list[Profile], shared: Path, tmp_path: Path
) -> None:
    a, b, _ = team
    contact = RecordService(a).create("contact", {"family_name": "Dương"})
    sync(a, shared)
    a.close()
    shutil.copytree(tmp_path / "a", tmp_path / "a-copy")
    a = Profile(tmp_path / "a")
    clone = Profile(tmp_path / "a-copy")
    try:
        RecordService(a).update("contact", contact, {"title": "Director"})
        RecordService(clone).update("contact", contact, {"title": "Engineer"})
        sync(a, shared)
        report = SyncService(clone).sync_folder(shared)
        assert not report.ok and report.cloned
        assert "copied to a second laptop or restored from a backup" in report.cloned[0]
        assert report.published == 0
        # a colleague who meets both versions (via another folder) keeps both, and is told
        other = tmp_path / "other"
        other.mkdir()
        sync(b, shared)
        SyncService(clone).sync_folder(other)  # the clone publishes where it sees no twin
        report = SyncService(b).sync_folder(other)
        assert report.ok, report.to_json()
        assert any("appears on two laptops" in line for line in report.warnings)
        titles = [c for c in conflicts(b) if c[0] == str(contact) and c[1] == "title"]
        assert titles and {"'Director'", "'Engineer'"} <= set(titles[0][2]), titles
    finally:
        clone.close()
        a.close()


def test_stray_cloud_copies_and_desktop_ini_are_ignored_and_reported(
    team: list[Profile], shared: Path
) -> None:
    a, b, _ = team
    RecordService(a).create("contact", {"family_name": "Lý"})
    sync(a, shared)
    [real] = files(shared)
    strays = [
        shared / "desktop.ini",
        real.parent / "desktop.ini",
        real.with_name(real.stem + " (conflicted copy 2026-03-01).sgc"),
        real.with_name(real.stem + " (1).sgc"),
        real.with_name(real.stem + ".sync-conflict-20260301-1234.sgc"),
        real.with_name(".000000000009-000000000012.sgc.a1b2.tmp"),
        shared / "notes.txt",
    ]
    for stray in strays:
        stray.write_bytes(real.read_bytes())
    report = sync(b, shared)
    assert report.ok and report.applied == 1
    reasons = {Path(p.path).name: p.reason for p in report.ignored}
    assert reasons["desktop.ini"] == "system file"
    assert reasons[strays[2].name] == reasons[strays[3].name] == reasons[strays[4].name]
    assert "cloud" in reasons[strays[2].name]
    assert "temporary" in reasons[strays[5].name]
    assert len(report.ignored) == len(strays)


@pytest.mark.parametrize("damage", ["flip a byte", "future format", "renamed"])
def test_a_bad_changeset_is_refused_whole_and_the_rest_syncs(
    team: list[Profile], shared: Path, damage: str
) -> None:
    a, b, c = team
    broken = RecordService(a).create("contact", {"family_name": "Hoàng"})
    fine = RecordService(c).create("contact", {"family_name": "Huỳnh"})
    sync(a, shared)
    sync(c, shared)
    [target] = [p for p in files(shared) if str(a.settings()["device_id"]) in str(p)]
    data = bytearray(target.read_bytes())
    if damage == "flip a byte":  # cut short is not damage: it waits (test_sync_cloud)
        data[-10] ^= 0xFF
    elif damage == "future format":
        raw = bytes(data).replace(b'"format":1', b'"format":9')
        data = bytearray(raw.replace(b'"min_reader":1', b'"min_reader":9'))
    else:
        renamed = target.with_name("000000000001-000000000002-" + target.name.split("-")[2])
        target = target.rename(renamed)
    if damage != "renamed":
        target.write_bytes(bytes(data))
    report = SyncService(b).sync_folder(shared)
    assert not report.ok
    [error] = report.errors
    assert target.name in error.path
    expected = {
        "flip a byte": "damaged",
        "future format": "newer version",
        "renamed": "does not match its name",
    }[damage]
    assert expected in error.reason
    assert RecordService(b).get("contact", fine).family_name == "Huỳnh"
    assert RecordService(b).list("contact") and broken not in {
        r.id for r in RecordService(b).list("contact")
    }


def test_progress_is_reported_and_a_cancelled_sync_resumes(
    team: list[Profile], shared: Path
) -> None:
    a, b, _ = team
    for name in ("Trương", "Mai", "Lâm"):
        RecordService(a).create("contact", {"family_name": name})
        sync(a, shared)
    seen: list[tuple[str, int, int]] = []

    def cancelled() -> bool:
        return sum(message == "receiving changes" for message, _, _ in seen) >= 2

    report = SyncService(b).sync_folder(
        shared, progress=lambda *step: seen.append(step), cancelled=cancelled
    )
    assert report.cancelled and not report.ok and report.applied == 2
    assert ("receiving changes", 1, 3) in seen
    assert SyncService(b).last_sync()["ok"] is False
    assert sync(b, shared).applied == 1
    assert tables(b) == tables(a)
    assert SyncService(b).last_sync()["ok"] is True


SORT_KEYS_0003 = (("organizations", "sort_name"), ("contacts", "sort_organization"),
                  ("contacts", "sort_phone"), ("contacts", "sort_email"),
                  ("leads", "sort_sme"), ("leads", "sort_organization"))  # fmt: skip


def test_an_older_profile_gains_the_sync_tables(tmp_path: Path, shared: Path) -> None:
    with new_profile(tmp_path / "old") as old:
        RecordService(old).create("contact", {"family_name": "Kask"})
    with sqlite3.connect(tmp_path / "old" / DATABASE_NAME) as conn:
        for table in ("conflicts", "sync_changesets", "sync_peers", "sync_blobs_wanted"):
            conn.execute(f"DROP TABLE {table}")
        for table, column in SORT_KEYS_0003:  # and the later revision's columns
            conn.execute(f"DROP INDEX ix_{table}_{column}")
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("UPDATE alembic_version SET version_num = '0001_initial'")
    with Profile(tmp_path / "old") as old:
        assert sync(old, shared).published == 1
        assert SyncService(old).conflict_count() == 0


def test_a_sync_gives_the_garbage_collector_back_as_it_was(tmp_path: Path) -> None:
    """Paused while it runs; enabled after in the CLI, still off in the desktop app (which
    collects on its GUI thread), whether the sync succeeds or fails."""
    shared = tmp_path / "share"
    shared.mkdir()
    was_enabled = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            with new_profile(tmp_path / f"a{enabled}") as author:
                RecordService(author).create("contact", {"family_name": f"Lindqvist {enabled}"})
                sync(author, shared)
            with new_profile(tmp_path / f"b{enabled}") as receiver:
                assert sync(receiver, shared).applied_changes
                assert gc.isenabled() is enabled
                with pytest.raises(SyncError):
                    SyncService(receiver).sync_folder(tmp_path / "nowhere")
                assert gc.isenabled() is enabled
    finally:
        gc.enable() if was_enabled else gc.disable()
