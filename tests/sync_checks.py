"""What must hold once every laptop has synced with every medium until nothing moves.

- no file refused on the way (``Laptops.sync`` checks every report), nothing left waiting,
  no link to a record that is not there;
- every laptop holds the same tables, the same ``smartgrowth/1`` export, the same open
  conflicts and the same change log, which holds every value any laptop ever wrote;
- the conflicts are exactly those the model of concurrent writes predicts, with exactly
  the concurrent values; a record stands deleted exactly when the model says so;
- replaying the log into an empty profile gives the same tables and conflicts;
- every attachment's content is on every laptop; no laptop adopted a clock far ahead.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from smartgrowth_desktop.core.clock import MAX_DRIFT_MS, wall_ms_of
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.merge import Merger, read_log
from smartgrowth_desktop.core.references import unlinked
from smartgrowth_desktop.core.search import SEARCHABLE, every_row_sql
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.interchange import export_document
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync import state
from tests.sync_laptops import MEDIA, TABLES, Laptops, Write
from tests.sync_support import conflicts, new_profile, tables

MAX_PASSES = 8
Expected = dict[tuple[str, str], frozenset[str] | None]  # None: a deletion conflict


def full_round(world: Laptops) -> int:
    """Everyone syncs with every medium and hands a bundle on, until a pass moves nothing;
    returns the number of passes."""
    media = MEDIA if world.server else MEDIA[:2]
    laptops = world.laptops
    for passes in range(1, MAX_PASSES + 1):
        moved = 0
        for medium in media:
            for laptop in laptops:
                report = world.sync(laptop, medium)
                moved += report.applied + report.published + report.relayed
                moved += report.blobs_received
        for i, source in enumerate(laptops):
            got = world.exchange_bundle(source, laptops[(i + 1) % len(laptops)])
            assert got is not None
            moved += got.applied + got.blobs_received
        if not moved:
            return passes
    raise AssertionError(f"the laptops had not settled after {MAX_PASSES} passes")


def full_round_and_checks(world: Laptops) -> None:
    world.stats.rounds += 1
    full_round(world)
    check_settled(world)


def check_settled(world: Laptops) -> None:
    profiles = [laptop.profile for laptop in world.laptops]
    first = profiles[0]
    for profile in profiles:
        _nothing_waits(world, profile)
    logs = [_log(p) for p in profiles]
    held = tables(first)
    for profile, log in zip(profiles[1:], logs[1:], strict=True):
        assert tables(profile) == held, _differences(held, tables(profile))
        assert conflicts(profile) == conflicts(first), "two laptops list different conflicts"
        assert _export(profile) == _export(first), "two laptops export different documents"
        assert log == logs[0], "two laptops hold different change logs"
        assert _index(profile) == _index(first), "two laptops find different records"
    _nothing_lost(world, logs[0])
    _conflicts_as_modelled(world, first)
    _replayed(world, first)
    for laptop in world.laptops:
        _clock_not_adopted(laptop.profile, laptop.top_skew_ms)


def _differences(mine: dict[str, list[Any]], theirs: dict[str, list[Any]]) -> str:
    """The rows two laptops hold differently, table by table."""
    lines = ["two laptops hold different records:"]
    for table, rows in mine.items():
        extra, missing = set(rows) - set(theirs[table]), set(theirs[table]) - set(rows)
        for row in sorted(extra, key=repr)[:3]:
            lines.append(f"  {table} first: {row}")
        for row in sorted(missing, key=repr)[:3]:
            lines.append(f"  {table} other: {row}")
    return "\n".join(lines)


def _nothing_waits(world: Laptops, profile: Profile) -> None:
    with profile.database.connection() as conn:
        assert not state.held(conn, waiting_only=True), "changesets still wait"
        assert not state.wanted_blobs(conn), "attachment contents still missing"
        every: dict[str, set[uuid.UUID]] = {}
        for kind, record in world.records:
            every.setdefault(kind, set()).add(uuid.UUID(hex=record))
        missing = unlinked(conn, every)
        assert not missing, [m.describe() for m in missing]
        present = {h for table in TABLES.values() for (h,) in conn.exec_driver_sql(
            f"SELECT id FROM {table}")}  # fmt: skip
        hashes = [h for (h,) in conn.exec_driver_sql("SELECT content_hash FROM attachments")]
    assert {h for _k, h in world.records} <= present, "a record is missing"
    files = AttachmentService(profile)
    assert all(files.read(h) is not None for h in hashes), "an attachment's content is missing"


def _log(profile: Profile) -> dict[tuple[str, int], tuple[Any, ...]]:
    """The change log by dot, with whether each value is still open."""
    with profile.database.connection() as conn:
        rows = conn.exec_driver_sql(
            "SELECT d.device_id, c.seq, c.hlc, c.kind, c.record_id, c.field, c.key, c.value, "
            "c.prev, c.author, c.is_open FROM changes c JOIN devices d ON d.idx = c.device_idx"
        ).all()
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def _index(profile: Profile) -> list[tuple[Any, ...]]:
    """The search index, which must hold exactly the live records of the searchable kinds."""
    with profile.database.connection() as conn:
        query = f"SELECT * FROM ({every_row_sql()}) ORDER BY rowid"
        rows = [tuple(r) for r in conn.exec_driver_sql(query)]
        live = set()
        for kind in SEARCHABLE:
            found = conn.exec_driver_sql(f"SELECT id FROM {TABLES[kind]} WHERE deleted_at IS NULL")
            live |= {(kind, h) for (h,) in found}
    assert {(r[1], r[2]) for r in rows} == live, "the search index and the records differ"
    return rows


def _export(profile: Profile) -> dict[str, Any]:
    document = export_document(profile, include_deleted=True)
    document.pop("exported_at", None)
    return document


def _nothing_lost(world: Laptops, log: dict[tuple[str, int], tuple[Any, ...]]) -> None:
    """Every value any laptop wrote is in the (common) log, as it was written."""
    for dot, (record, name, key, value) in world.written.items():
        found = log.get(dot)
        assert found is not None, f"the change {dot} ({name} of {record}) was lost"
        assert (found[2], found[3], found[4], found[5]) == (record, name, key, value), dot


def _maximal(writes: list[Write], record: str, name: str) -> list[Write]:
    """The writes of ``name`` whose change of it no other of them had seen."""
    return [w for w in writes if not any(other.saw(w, record, name) for other in writes)]


def expected_conflicts(writes: list[Write]) -> tuple[Expected, dict[str, bool]]:
    """The conflicts the writes must leave, and per record whether it stands deleted."""
    touching: dict[str, list[Write]] = {}
    for write in writes:
        for record in write.records:
            touching.setdefault(record, []).append(write)
    expected: Expected = {}
    deleted: dict[str, bool] = {}
    for record, ws in touching.items():
        names = {name for w in ws for name in w.records[record]} - {"deleted_at"}
        for name in names:
            top = _maximal([w for w in ws if name in w.records[record]], record, name)
            found = frozenset(w.records[record][name] for w in top)
            if len(found) > 1:
                expected[(record, name)] = found
        deletions = _maximal([w for w in ws if "deleted_at" in w.records[record]], record,
                             "deleted_at")  # fmt: skip
        deletes = [w for w in deletions if w.deletes(record)]
        contested = any(  # every write of a record writes its updated_at: its history
            not w.deletes(record)
            and not d.saw(w, record, "updated_at")
            and not w.saw(d, record, "updated_at")
            for d in deletes
            for w in ws
        )
        if deletes and (len(deletes) < len(deletions) or contested):
            expected[(record, "deleted_at")] = None
        deleted[record] = bool(deletes) and (record, "deleted_at") not in expected
    return expected, deleted


def _conflicts_as_modelled(world: Laptops, profile: Profile) -> None:
    expected, deleted = expected_conflicts(world.writes)
    world.stats.conflicts += len(expected)
    listed = {
        (c.record_id.replace("-", ""), c.field): c for c in SyncService(profile).list_conflicts()
    }
    assert set(listed) == set(expected), (
        f"conflicts listed but not concurrent: {sorted(set(listed) - set(expected))}; "
        f"concurrent values not kept as a conflict: {sorted(set(expected) - set(listed))}"
    )
    from smartgrowth_desktop.core.writer import dump

    for key, values in expected.items():
        if values is not None:
            assert {dump(v.value) for v in listed[key].values} == values, key
    with profile.database.connection() as conn:
        for table in TABLES.values():
            for record, gone in conn.exec_driver_sql(f"SELECT id, deleted_at FROM {table}"):
                assert (gone is not None) == deleted.get(record, False), (table, record)


def _replayed(world: Laptops, profile: Profile) -> None:
    """A fresh profile fed the whole log through the merge holds the same data."""
    with profile.database.connection() as conn:
        entries = read_log(conn)
    replay = new_profile(world.root / f"replay{world.stats.rounds}")
    try:
        with replay.database.connection(immediate=True) as conn:
            Merger(conn, DeviceState.load(conn)).apply(entries)
        assert tables(replay) == tables(profile), "the log replayed gives other records"
        assert conflicts(replay) == conflicts(profile), "the log replayed gives other conflicts"
        assert _index(replay) == _index(profile), "the log replayed finds other records"
    finally:
        replay.close()


def _clock_not_adopted(profile: Profile, skew_ms: int) -> None:
    """No laptop's clock was dragged far ahead of its own wall clock by a peer's."""
    from smartgrowth_desktop.core.clock import system_ms

    with profile.database.connection() as conn:
        last = int(
            conn.execute(text("SELECT value FROM local_state WHERE key = 'clock'")).scalar_one()
        )
    assert wall_ms_of(last) <= system_ms() + skew_ms + MAX_DRIFT_MS, "a clock far ahead adopted"
