"""Daily backups as a chain: a full copy, then the changed pages; each restores alone or
through its chain, a broken link is refused by name, an encrypted profile's links stay
encrypted, and an erasure reaches every link."""

from __future__ import annotations

import shutil
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smartgrowth_desktop.core import backup_chain, profile_key
from smartgrowth_desktop.core.backup import daily_backup, list_backups, prune
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.backups import BackupService
from smartgrowth_desktop.services.erasure import erase_contact
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import encrypt_profile
from smartgrowth_desktop.services.records import RecordService
from tests.test_profile_encryption import PASS
from tests.test_profile_encryption_raw import leaks

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")


def _day(n: int) -> datetime:
    return MONDAY + timedelta(days=n)


def _fill(profile: Profile, count: int = 150) -> None:
    records = RecordService(profile)
    org = records.create("organization", {"name": "Sở Xây dựng", "kind": "municipality"})
    for i in range(count):
        records.create(
            "contact",
            {"family_name": NAMES[i % 5], "given_name": f"Văn {i}", "organization_id": str(org),
             "notes": "ghi chú " * 40},
        )  # fmt: skip


def _names(profile: Profile) -> list[str]:
    return sorted(f"{c.family_name} {c.given_name}" for c in RecordService(profile).list("contact"))


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[Path, list[str]]]]:
    """A profile with a full daily backup and three increments, and what each day held."""
    folder = tmp_path_factory.mktemp("chain") / "profile"
    taken: list[tuple[Path, list[str]]] = []
    with Profile(folder) as profile:
        _fill(profile)
        for day in range(4):
            if day:
                RecordService(profile).create("contact", {"family_name": f"Ngày {day}"})
            info = daily_backup(folder, now=lambda day=day: _day(day))  # type: ignore[misc]
            assert info is not None
            taken.append((info.path, _names(profile)))
    return folder, taken


def _restored(folder: Path, backup: Path, work: Path) -> list[str]:
    """Restore ``backup`` into a copy of the profile; its contacts' names."""
    copy = work / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.lock"))
    with Profile(copy) as profile:
        BackupService(profile).restore(copy / "backups" / backup.name)
        return _names(profile)


def test_a_full_copy_then_only_the_changed_pages(
    chain: tuple[Path, list[tuple[Path, list[str]]]],
) -> None:
    _folder, taken = chain
    kinds = [backup_chain.read_link(path).kind for path, _ in taken]
    assert kinds == ["full", "increment", "increment", "increment"]
    full = taken[0][0].stat().st_size
    for path, _names_then in taken[1:]:
        assert path.stat().st_size < full / 4
    assert daily_backup(_folder_of(taken), now=lambda: _day(3)) is None  # one a day


def _folder_of(taken: list[tuple[Path, list[str]]]) -> Path:
    return taken[0][0].parent.parent


def test_each_link_restores_the_day_it_was_taken(
    chain: tuple[Path, list[tuple[Path, list[str]]]], tmp_path: Path
) -> None:
    folder, taken = chain
    for path, names in (taken[0], taken[2], taken[3]):
        assert _restored(folder, path, tmp_path) == names


def test_a_broken_link_is_refused_by_name_and_an_older_point_offered(
    chain: tuple[Path, list[tuple[Path, list[str]]]], tmp_path: Path
) -> None:
    folder, taken = chain
    copy = tmp_path / "broken"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.lock"))
    backups = copy / "backups"
    middle = backups / taken[2][0].name
    middle.unlink()
    with Profile(copy) as profile, pytest.raises(ValidationError) as refused:
        BackupService(profile).restore(backups / taken[3][0].name)
    message = refused.value.message
    assert f"the backup it builds on, {taken[2][0].name}, is missing" in message
    assert f"the newest backup that restores is {taken[1][0].name}" in message
    shutil.copyfile(backups / taken[0][0].name, middle)  # another file in its place
    with pytest.raises(ValidationError, match="was changed"):
        backup_chain.materialize(backups / taken[3][0].name, tmp_path / "x.sqlite3")


def test_rotation_keeps_the_links_a_kept_backup_needs(
    chain: tuple[Path, list[tuple[Path, list[str]]]], tmp_path: Path
) -> None:
    folder, taken = chain
    copy = tmp_path / "rotated"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.lock"))
    prune(copy, now=lambda: _day(40))  # weeks later: only the newest day is kept by date
    kept = {b.path.name for b in list_backups(copy)}
    assert kept == {path.name for path, _ in taken}
    backup_chain.chain_of(copy / "backups" / taken[3][0].name)


def test_an_encrypted_profile_s_links_stay_encrypted(tmp_path: Path) -> None:
    folder = tmp_path / "secret"
    with Profile(folder) as profile:
        _fill(profile, 40)
    encrypt_profile(folder, PASS)
    with Profile(folder, passphrase=PASS) as profile:
        key = profile.database_key
        first = daily_backup(folder, now=lambda: _day(0), key=key)
        RecordService(profile).create("contact", {"family_name": "Zhang", "given_name": "Wei"})
        second = daily_backup(folder, now=lambda: _day(1), key=key)
        assert first is not None and second is not None
        assert backup_chain.read_link(second.path).kind == "increment"
        for path in (first.path, second.path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    assert not leaks(archive.read(name)), name
                    assert b"Zhang" not in archive.read(name)
                assert profile_key.KEY_FILE in archive.namelist()
        expected = _names(profile)
        BackupService(profile).restore(second.path)
        assert _names(profile) == expected


def test_an_erasure_reaches_every_link(tmp_path: Path) -> None:
    folder = tmp_path / "erase"
    with Profile(folder) as profile:
        _fill(profile, 40)
        daily_backup(folder, now=lambda: _day(0))
        zhang = RecordService(profile).create("contact", {"family_name": "Zhangerased"})
        daily_backup(folder, now=lambda: _day(1))
        RecordService(profile).create("contact", {"family_name": "Later"})
        last = daily_backup(folder, now=lambda: _day(2))
        assert last is not None and backup_chain.is_increment(last.path)
        erase_contact(profile, zhang)
        for backup in list_backups(folder):
            with zipfile.ZipFile(backup.path) as archive:
                for name in archive.namelist():
                    assert b"Zhangerased" not in archive.read(name), (backup.path.name, name)
        BackupService(profile).restore(last.path)
        assert "Later None" in _names(profile)
        assert not any(n.startswith("Zhangerased") for n in _names(profile))
