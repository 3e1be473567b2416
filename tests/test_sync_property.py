"""Random edits, deletes and syncs on 3–5 laptops through two folders: the property test.

After everyone has synced, every laptop holds identical data and conflicts, and a model
of who had seen what (kept beside the run) says which values were overwritten
concurrently: each of those must be listed as a conflict, with exactly those values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from smartgrowth_desktop.core.writer import dump
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from tests.conftest import examples
from tests.sync_support import conflicts, new_profile, sync, tables

REGISTERS = ("title", "family_name", "notes")
Dot = tuple[str, int]


@dataclass(frozen=True)
class Write:
    """One write that changed something: its dots, what it wrote, what its laptop knew."""

    number: int
    dots: frozenset[Dot]
    fields: dict[str, object]
    seen: frozenset[int]

    @property
    def deletes(self) -> bool:
        return self.fields.get("deleted_at") is not None


class Run:
    """The laptops, the folders and the model of what each laptop had seen."""

    def __init__(self, root: Path, count: int) -> None:
        self.devices = [new_profile(root / f"laptop{i}", f"Delegate {i}") for i in range(count)]
        self.folders = [root / "share", root / "stick"]
        for folder in self.folders:
            folder.mkdir()
        self.writes: list[Write] = []
        self.contact = RecordService(self.devices[0]).create("contact", {"family_name": "Võ"})
        self.writes.append(self._written(self.devices[0], 1))
        sync(self.devices[0], self.folders[0])
        for device in self.devices[1:]:
            sync(device, self.folders[0])

    def close(self) -> None:
        for device in self.devices:
            device.close()

    def write(self, who: int, action: str, name: str, value: str, tags: list[str]) -> None:
        device = self.devices[who]
        records = RecordService(device)
        start = int(device.settings().get("next_seq", "1"))
        seen = self._known(device)
        if action == "edit":
            records.update("contact", self.contact, {name: value})
        elif action == "tags":
            records.update("contact", self.contact, {"tags": tags})
        elif action == "delete":
            records.delete("contact", self.contact)
        else:
            records.restore("contact", self.contact)
        if int(device.settings().get("next_seq", "1")) > start:
            self.writes.append(self._written(device, start, seen))

    def _written(self, device: Profile, start: int, seen: frozenset[int] = frozenset()) -> Write:
        me = device.settings()["device_id"]
        with device.database.connection() as conn:
            rows = conn.execute(
                text(
                    "SELECT c.seq, c.field, c.value FROM changes c JOIN devices d "
                    "ON d.idx = c.device_idx WHERE d.device_id = :me AND c.seq >= :start"
                ),
                {"me": me, "start": start},
            ).all()
        fields = {r.field: r.value for r in rows if r.field not in ("tags", "updated_at")}
        if "deleted_at" in fields:
            fields["deleted_at"] = None if fields["deleted_at"] == "null" else "deleted"
        return Write(len(self.writes), frozenset((me, r.seq) for r in rows), fields, seen)

    def _known(self, device: Profile) -> frozenset[int]:
        with device.database.connection() as conn:
            present = {
                (r[0], r[1])
                for r in conn.execute(
                    text(
                        "SELECT d.device_id, c.seq FROM changes c "
                        "JOIN devices d ON d.idx = c.device_idx"
                    )
                )
            }
        return frozenset(w.number for w in self.writes if w.dots <= present)

    def settle(self) -> None:
        """Everyone syncs with both folders until nothing new arrives."""
        for _ in range(6):
            moved = 0
            for folder in self.folders:
                for device in self.devices:
                    report = sync(device, folder)
                    assert not report.waiting and not report.cloned
                    moved += report.applied + report.published + report.relayed
            if not moved:
                return
        raise AssertionError("the laptops never settled")


def _maximal(writes: list[Write]) -> list[Write]:
    return [w for w in writes if not any(w.number in other.seen for other in writes)]


def _expected_conflicts(run: Run) -> dict[str, set[str]]:
    """Field -> the values that must be listed in its conflict (by the model)."""
    expected: dict[str, set[str]] = {}
    for name in REGISTERS:
        top = _maximal([w for w in run.writes if name in w.fields])
        values = {str(w.fields[name]) for w in top}  # canonical JSON text, as stored
        if len(values) > 1:
            expected[name] = values
    deletions = _maximal([w for w in run.writes if "deleted_at" in w.fields])
    deletes = [w for w in deletions if w.deletes]
    contested = any(
        not w.deletes and w.number not in d.seen and d.number not in w.seen
        for d in deletes
        for w in run.writes
    )
    if deletes and (len(deletes) < len(deletions) or contested):
        expected["deleted_at"] = set()
    return expected


steps = st.lists(
    st.tuples(
        st.sampled_from(["edit", "edit", "edit", "tags", "delete", "restore", "sync", "sync"]),
        st.integers(0, 4),
        st.integers(0, 1),
        st.sampled_from(REGISTERS),
        st.sampled_from(["Trần", "Lê", "李", "Ann", "Director", "Chief Engineer"]),
        st.lists(st.sampled_from(["vip", "tender", "hcmc", "gz"]), max_size=3, unique=True),
    ),
    min_size=1,
    max_size=18,
)


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(count=st.integers(3, 5), steps=steps)
def test_laptops_converge_and_keep_every_concurrent_value(
    tmp_path_factory: pytest.TempPathFactory, count: int, steps: list[tuple]
) -> None:
    run = Run(tmp_path_factory.mktemp("laptops"), count)
    try:
        for action, who, folder, name, value, tags in steps:
            if action == "sync":
                sync(run.devices[who % count], run.folders[folder])
            else:
                run.write(who % count, action, name, value, tags)
        run.settle()
        first = tables(run.devices[0]), conflicts(run.devices[0])
        for device in run.devices[1:]:
            assert (tables(device), conflicts(device)) == first
        listed = {c.field: c for c in SyncService(run.devices[0]).list_conflicts()}
        expected = _expected_conflicts(run)
        assert set(listed) == set(expected)
        for name, values in expected.items():
            if name != "deleted_at":
                assert {dump(v.value) for v in listed[name].values} == values
        record = RecordService(run.devices[0]).get("contact", run.contact)
        deletions = _maximal([w for w in run.writes if "deleted_at" in w.fields])
        should_be_deleted = bool(deletions) and all(w.deletes for w in deletions)
        stands = should_be_deleted and "deleted_at" not in expected
        assert (record.deleted_at is not None) == stands
    finally:
        run.close()
