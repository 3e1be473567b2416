"""Receiving in bulk gives what applying one change at a time gives, and what the author has.

A profile writes notes (the ``bench/notes_workload.py`` workload: Vietnamese addresses,
Chinese titles and notes), Chinese and Vietnamese contacts, then edits and deletes some,
and syncs up. A new profile takes it in through a folder sync (the fast path: whole
changesets, new records inserted and indexed in bulk); a reference profile applies the
same change log one change per ``Merger.apply`` (each record created by its first change,
then updated and re-indexed change after change). Both must hold the same change log,
the same record tables and the same search index, and find what the author finds.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.notes_workload import document
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.merge import Merger, read_log
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.search import every_row_sql
from smartgrowth_desktop.services.interchange import import_document
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.search import SearchService
from smartgrowth_desktop.services.sync import SyncService

QUERIES = ("meeting", "pilot corridor", "nguyen", "Nguyễn Huệ", "ho chi minh", "da nang",
           "智慧", "试点项目", "li wei", "liwei", "李伟", "zhang", "edited", "co-financing",
           "phuong", "deputy director", "12")  # fmt: skip
CONTACTS = (
    {"family_name": "李", "given_name": "伟", "native_name": "李伟", "title": "Deputy director"},
    {"family_name": "张", "given_name": "敏", "native_name": "张敏", "title": "Engineer"},
    {"family_name": "Nguyễn", "given_name": "Thị Lan", "title": "Trưởng phòng"},
    {"family_name": "Trần", "given_name": "Đức Anh", "title": "Director"},
)


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The author's profile, the receiver's (folder sync) and the reference (one by one)."""
    root = tmp_path_factory.mktemp("receive")
    share = root / "share"
    share.mkdir()
    with Profile(root / "author") as author:
        import_document(author, document(40))
        records = RecordService(author)
        contacts = [records.create("contact", values) for values in CONTACTS]
        meetings = records.list("meeting", limit=6)
        for number, meeting in enumerate(meetings[:4]):
            records.update("meeting", meeting.id, {"notes": f"edited {number}, next step"})
        records.update("meeting", meetings[0].id, {"attendee_ids": [str(c) for c in contacts]})
        records.delete("meeting", meetings[4].id)
        records.update("contact", contacts[0], {"title": "Deputy director general"})
        SyncService(author).sync_folder(share)
        with author.database.connection() as conn:
            log = read_log(conn)
    with Profile(root / "receiver") as receiver:
        report = SyncService(receiver).sync_folder(share)
        assert report.ok and report.applied_changes == len(log)
    reference = Profile(root / "reference")
    with reference, reference.database.connection(immediate=True) as conn:
        state = DeviceState.load(conn)
        for entry in log:
            Merger(conn, state).apply([entry])
    yield {name: root / name for name in ("author", "receiver", "reference")}


def _rows(folder: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(folder / DATABASE_NAME) as conn:
        return sorted(conn.execute(sql).fetchall(), key=repr)


def _change_log(folder: Path) -> list[tuple[Any, ...]]:
    return _rows(
        folder,
        "SELECT d.device_id, c.seq, c.hlc, c.kind, c.record_id, c.field, c.key, c.value, "
        "c.prev, c.author, c.is_open FROM changes c JOIN devices d ON d.idx = c.device_idx",
    )


def _tables(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    tables = [k.model.__tablename__ for k in KINDS.values()]
    return {table: _rows(folder, f"SELECT * FROM {table}") for table in tables}


def _hits(folder: Path) -> dict[str, list[uuid.UUID]]:
    with Profile(folder) as profile:
        service = SearchService(profile)
        return {q: sorted(r.record_id for r in service.search(q, limit=500)) for q in QUERIES}


def test_the_same_change_log_as_one_change_at_a_time(profiles: dict[str, Path]) -> None:
    received = _change_log(profiles["receiver"])
    assert received == _change_log(profiles["reference"])
    assert len(received) == len(_change_log(profiles["author"]))


def test_the_same_records_as_the_reference_and_the_author(profiles: dict[str, Path]) -> None:
    received = _tables(profiles["receiver"])
    assert received == _tables(profiles["reference"])
    assert received == _tables(profiles["author"])
    assert len(received["meetings"]) == 40 and len(received["contacts"]) == len(CONTACTS)


def test_the_same_search_index_and_hits(profiles: dict[str, Path]) -> None:
    index = every_row_sql()
    received = _rows(profiles["receiver"], index)
    assert received == _rows(profiles["reference"], index)
    assert received == _rows(profiles["author"], index)
    hits = _hits(profiles["receiver"])
    assert hits == _hits(profiles["reference"]) == _hits(profiles["author"])
    for query in ("nguyen", "试点项目", "li wei", "edited", "phuong"):
        assert hits[query], f"{query!r} finds nothing: the workload lost its point"
