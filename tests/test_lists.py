"""The list service: what a list view asks, without Qt and without SQL in the caller."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from smartgrowth_desktop.services.lists import (
    CountOf,
    ListQuery,
    ListService,
    NameOf,
    Where,
)
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    with Profile(tmp_path / "p") as opened:
        yield opened


def _every_row(lists: ListService, query: ListQuery, size: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    after = None
    while True:
        page = lists.page(query, after, size)
        rows.extend(page.dicts())
        if not page.more:
            return rows
        after = lists.cursor(query, rows[-1])


def test_pages_follow_the_sort_with_ties_and_nulls(profile: Profile) -> None:
    records = RecordService(profile)
    for n in range(23):
        records.create("contact", {"family_name": f"P{n % 5}" if n % 4 else None,
                                   "given_name": f"G{n:02d}"})  # fmt: skip
    lists = ListService(profile)
    for descending in (False, True):
        query = ListQuery("contact", "family_name", descending, fields=("family_name",))
        rows = _every_row(lists, query, 4)
        assert len(rows) == 23 and len({r["id"] for r in rows}) == 23
        keys = [lists.position(query, r) for r in rows]
        assert keys == sorted(keys, reverse=descending)
        assert set(rows[0]) == {"id", "family_name"}  # only the fields asked for


def test_filter_conditions_trash_joins_and_counts(profile: Profile) -> None:
    records = RecordService(profile)
    metro = records.create("organization", {"name": "Guangzhou Metro", "kind": "company"})
    li = records.create("contact", {"native_name": "李伟", "organization_id": str(metro)})
    records.create("contact", {"family_name": "Nguyễn", "organization_id": str(metro)})
    gone = records.create("contact", {"family_name": "Nguyen Van"})
    records.delete("contact", gone)
    lists = ListService(profile)

    contacts = ListQuery("contact", "sort_name", joins=(NameOf("organization_id", "organization"),))
    [row] = lists.page(ListQuery("contact", "sort_name", text="nguyen")).dicts()
    assert row["family_name"] == "Nguyễn"  # folded, and the trash left out
    assert {r["organization_id_name"] for r in lists.page(contacts).dicts()} == {"Guangzhou Metro"}
    trash = ListQuery("contact", "deleted_at", deleted=True)
    assert [r["id"] for r in lists.page(trash).dicts()] == [gone]
    assert lists.count(ListQuery("contact")) == 2
    mine = ListQuery("contact", where=(Where("organization_id", "=", metro),))
    assert lists.count(mine) == 2
    assert lists.count(ListQuery("contact", where=(Where("organization_id"),))) == 0
    counted = ListQuery("organization", joins=(CountOf("contact", "organization_id", "n"),))
    assert [r["n"] for r in lists.page(counted).dicts()] == [2]
    assert [r["id"] for r in lists.rows(contacts, [li, gone]).dicts()] == [li]


def test_follow_up_conditions(profile: Profile) -> None:
    records = RecordService(profile)
    late = records.create("follow_up", {"text": "late", "due_date": "2020-01-01"})
    records.create("follow_up", {"text": "done", "due_date": "2020-01-01", "done": True})
    records.create("follow_up", {"text": "later", "due_date": "2999-01-01", "done": False})
    lists = ListService(profile)
    open_ones = (Where("done", "not true"),)
    assert lists.count(ListQuery("follow_up", where=open_ones)) == 2
    overdue = ListQuery("follow_up", where=(*open_ones, Where("due_date", "<", date.today())))
    assert [r["id"] for r in lists.page(overdue).dicts()] == [late]
    assert lists.count(ListQuery("follow_up", where=(Where("text", "!=", "late"),))) == 2
    assert lists.rows(ListQuery("follow_up"), [uuid.uuid4()]).rows == []
