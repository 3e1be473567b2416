"""Received changes are applied without syncing each commit to the disk, and synced once.

A changeset received from a colleague can be fetched again, so the sync applies them
with ``synchronous = NORMAL`` (atomic, safe from a crash of the program, not from a power
cut until the next synced commit) and makes them all durable with one synced commit at
the end. What must never happen: a connection going back to the window with its commits
unsynced, so that the delegate's own edits could be undone by a power cut.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection

from smartgrowth_desktop.core.db import DURABLE_AT
from smartgrowth_desktop.core.device import read_state
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from tests.sync_support import new_profile, sync

FULL, NORMAL = 2, 1


def _synchronous(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA synchronous").scalar_one())


def _every_pooled_connection(profile: Profile) -> list[int]:
    """``PRAGMA synchronous`` of as many connections as the pool hands out at once."""
    opened = [profile.database.engine.connect() for _ in range(4)]
    try:
        return [_synchronous(conn) for conn in opened]
    finally:
        for conn in opened:
            conn.close()


def test_a_connection_is_unsynced_only_inside_its_transaction(tmp_path: Path) -> None:
    with Profile(tmp_path / "p") as profile:
        database = profile.database
        with database.connection(immediate=True, durable=False) as conn:
            assert _synchronous(conn) == NORMAL
        with pytest.raises(RuntimeError), database.connection(immediate=True, durable=False):
            raise RuntimeError("a changeset's fault")
        assert set(_every_pooled_connection(profile)) == {FULL}
        with database.connection() as conn:
            assert _synchronous(conn) == FULL


def test_a_receive_is_made_durable_once_and_leaves_every_connection_synced(
    tmp_path: Path,
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    with new_profile(tmp_path / "a", "Anna") as sender:
        records = RecordService(sender)
        for i in range(30):
            records.create("meeting", {"title": f"Họp {i} ở Đà Nẵng", "notes": "广州 " * 50})
        sync(sender, share)
    with new_profile(tmp_path / "b", "Bảo") as receiver:
        report = sync(receiver, share)
        assert report.applied_changes > 0
        with receiver.database.connection() as conn:
            first = read_state(conn).get(DURABLE_AT)
        assert first is not None  # the one synced commit after applying
        assert set(_every_pooled_connection(receiver)) == {FULL}
        sync(receiver, share)  # nothing new: nothing to make durable
        with receiver.database.connection() as conn:
            assert read_state(conn).get(DURABLE_AT) == first
        RecordService(receiver).create("contact", {"family_name": "Trần"})
        titles = {m.title for m in RecordService(receiver).list("meeting")}
    assert len(titles) == 30


def test_a_cancelled_receive_is_made_durable_too(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    with new_profile(tmp_path / "a", "Anna") as sender:
        records = RecordService(sender)
        for i in range(3):
            records.create("meeting", {"title": f"Họp {i}"})
            sync(sender, share)  # three changesets
    steps: list[tuple[str, int]] = []

    def note(step: str, done: int, _total: int) -> None:
        steps.append((step, done))

    def after_the_first() -> bool:  # asked before each changeset is received
        return ("receiving changes", 0) in steps

    with new_profile(tmp_path / "b", "Bảo") as receiver:
        report = SyncService(receiver).sync_folder(share, progress=note, cancelled=after_the_first)
        assert report.cancelled and report.applied == 1
        with receiver.database.connection() as conn:
            assert read_state(conn).get(DURABLE_AT) is not None
        assert set(_every_pooled_connection(receiver)) == {FULL}
