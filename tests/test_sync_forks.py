"""A profile and its copy that went on working: both histories are kept, for everyone.

Vân's profile is copied to a second laptop. Each laptop edits the same contact and adds
one of its own, and each syncs into its own replica of a cloud folder; the replicas merge
later (both versions of Vân's changes side by side). A colleague who had applied one
version, a newcomer who meets both at once, and a newcomer who meets them one replica
at a time all keep both: both new contacts, the two titles as a conflict to resolve, the
same data and conflicts everywhere, and the sync says so in words.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.report import SyncReport
from tests.conftest import examples
from tests.sync_support import conflicts, new_profile, replays_alike, tables


def _sync(profile: Profile, folder: Path) -> SyncReport:
    report = SyncService(profile).sync_folder(folder)
    assert not report.errors, report.errors
    return report


def _merge_replicas(source: Path, target: Path) -> None:
    """A cloud drive joining two replicas: every file of ``source`` appears in ``target``."""
    for path in source.rglob("*"):
        if path.is_file():
            where = target / path.relative_to(source)
            where.parent.mkdir(parents=True, exist_ok=True)
            if not where.exists():
                shutil.copy2(path, where)


def _names(profile: Profile) -> set[str]:
    with profile.database.connection() as conn:
        rows = conn.exec_driver_sql("SELECT family_name FROM contacts WHERE deleted_at IS NULL")
        return {str(name) for (name,) in rows}


@pytest.fixture
def forked(tmp_path: Path) -> tuple[Path, Path, Profile, str]:
    """Two replicas, each holding one version of Vân's next changes; Chi applied one."""
    first, second = tmp_path / "replica-1", tmp_path / "replica-2"
    first.mkdir()
    van = new_profile(tmp_path / "van", "Vân")
    chi = new_profile(tmp_path / "chi", "Chi")
    record = str(
        RecordService(van).create("contact", {"family_name": "Lương", "title": "Engineer"})
    )
    _sync(van, first)
    _sync(chi, first)
    shutil.copytree(first, second)
    van.close()
    shutil.copytree(tmp_path / "van", tmp_path / "van-copy")
    van, copy = Profile(tmp_path / "van"), Profile(tmp_path / "van-copy")
    RecordService(van).update("contact", record, {"title": "Director"})
    RecordService(van).create("contact", {"family_name": "Nguyễn"})
    RecordService(copy).update("contact", record, {"title": "Manager"})
    RecordService(copy).create("contact", {"family_name": "张"})
    RecordService(copy).create("contact", {"family_name": "Trần"})  # a longer range
    _sync(van, first)
    _sync(copy, second)
    _sync(chi, first)  # Chi applies the first laptop's version
    assert "Nguyễn" in _names(chi) and "张" not in _names(chi)
    van.close()
    copy.close()
    _merge_replicas(second, first)
    return first, second, chi, record


def _both_kept(profile: Profile, record: str) -> None:
    """Both laptops' new contacts are here, and their two titles are one conflict."""
    assert {"Lương", "Nguyễn", "张", "Trần"} <= _names(profile)
    found = [c for c in conflicts(profile) if c[0] == record and c[1] == "title"]
    assert found, "the two titles are not shown as a conflict"
    assert {"'Director'", "'Manager'"} <= set(found[0][2]), found


def test_a_colleague_who_applied_one_version_keeps_both(
    forked: tuple[Path, Path, Profile, str], tmp_path: Path
) -> None:
    merged, _second, chi, record = forked

    report = _sync(chi, merged)

    assert report.ok and not report.cloned, report.to_json()
    assert any("two different versions" in w and "Both were kept" in w for w in report.warnings)
    _both_kept(chi, record)
    newcomer = new_profile(tmp_path / "newcomer", "Newcomer")
    try:
        report = _sync(newcomer, merged)
        assert report.ok and not report.cloned, report.to_json()
        _both_kept(newcomer, record)
        assert tables(newcomer) == tables(chi)
        assert conflicts(newcomer) == conflicts(chi)
        replays_alike(chi, tmp_path / "replay")
        again = _sync(chi, merged)
        assert again.received == 0 and again.applied == 0 and not again.warnings
    finally:
        newcomer.close()
        chi.close()


def test_a_newcomer_meeting_the_versions_one_replica_at_a_time_agrees(
    forked: tuple[Path, Path, Profile, str], tmp_path: Path
) -> None:
    merged, second, chi, record = forked
    _sync(chi, merged)
    newcomer = new_profile(tmp_path / "newcomer", "Newcomer")
    try:
        _sync(newcomer, second)  # the copy's version first, then both
        assert "张" in _names(newcomer) and "Nguyễn" not in _names(newcomer)
        report = _sync(newcomer, merged)
        assert report.ok and not report.cloned, report.to_json()
        _both_kept(newcomer, record)
        assert tables(newcomer) == tables(chi)
        assert conflicts(newcomer) == conflicts(chi)
        RecordService(newcomer).update("contact", record, {"title": "Deputy director"})
        _sync(newcomer, merged)
        _sync(chi, merged)
        assert tables(newcomer) == tables(chi)
        assert RecordService(chi).get_wire("contact", record)["title"] == "Deputy director"
        assert not [c for c in conflicts(chi) if c[0] == record and c[1] == "title"]
    finally:
        newcomer.close()
        chi.close()


# -- any order of arrival gives the same data ------------------------------------------------


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """Changeset files of Vân, of her profile's copy (two ranges each, one shared start),
    and of Chi, who edited on top of Vân's version before the copy's turned up: the
    merged folder, and its files written after the copy (relative to it)."""
    root = tmp_path_factory.mktemp("versions")
    base, first, second = root / "base", root / "replica-1", root / "replica-2"
    base.mkdir()
    van = new_profile(root / "van", "Vân")
    chi = new_profile(root / "chi", "Chi")
    records = RecordService(van)
    record = str(records.create("contact", {"family_name": "Lương", "title": "Engineer"}))
    records.create("organization", {"name": "Sở Khoa học và Công nghệ Đà Nẵng", "kind": "agency"})
    _sync(van, base)
    van.close()
    shutil.copytree(root / "van", root / "van-copy")
    shutil.copytree(base, first)
    shutil.copytree(base, second)
    van, copy = Profile(root / "van"), Profile(root / "van-copy")
    for profile, folder, titles, names in (
        (van, first, ("Director", "Head"), ("Nguyễn", "Phạm")),
        (copy, second, ("Manager", "Adviser"), ("张", "Trần")),
    ):
        service = RecordService(profile)
        for title, name in zip(titles, names, strict=True):
            service.update("contact", record, {"title": title})
            service.create("contact", {"family_name": name, "title": title})
            if profile is copy and name == "张":  # the two laptops' ranges do not line up
                service.create("contact", {"family_name": "Lê"})
            _sync(profile, folder)
    _sync(chi, first)
    RecordService(chi).update("contact", record, {"notes": "Met in Đà Nẵng", "title": "Chief"})
    _sync(chi, first)
    for profile in (van, copy, chi):
        profile.close()
    _merge_replicas(second, first)
    before = {p.relative_to(base) for p in base.rglob("*.sgc")}
    later = sorted(p.relative_to(first) for p in first.rglob("*.sgc"))
    assert len(later) - len(before) >= 5
    return first, [p for p in later if p not in before]


def _only_before(root: Path, later: list[Path]) -> Callable[[str, list[str]], set[str]]:
    """A ``copytree`` filter leaving out the later files."""
    left_out = {root / p for p in later}
    return lambda folder, names: {n for n in names if Path(folder) / n in left_out}


@settings(max_examples=examples(6), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_order_the_versions_arrive_in_every_laptop_agrees(
    versions: tuple[Path, list[Path]], tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    merged, later = versions
    root = tmp_path_factory.mktemp("arrivals")
    results = []
    for name in ("one", "two"):
        order = data.draw(st.permutations(later), label=f"order {name}")
        cuts = sorted(data.draw(st.sets(st.integers(1, len(later)), max_size=3), label="cuts"))
        folder = root / f"folder-{name}"
        shutil.copytree(merged, folder, ignore=_only_before(merged, later))
        laptop = new_profile(root / name, name)
        try:
            start = 0
            for cut in [*cuts, len(later)]:
                for path in order[start:cut]:
                    (folder / path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(merged / path, folder / path)
                start = cut
                assert _sync(laptop, folder).cloned == []
            assert {"Nguyễn", "Phạm", "张", "Trần", "Lê"} <= _names(laptop)
            results.append((tables(laptop), conflicts(laptop)))
            replays_alike(laptop, root / f"replay-{name}")
        finally:
            laptop.close()
    assert results[0] == results[1]
