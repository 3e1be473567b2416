"""Team encryption, bundles and attachments travelling with their changesets."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.crypto import TeamKeyError
from smartgrowth_desktop.sync.report import SyncError
from tests.sync_support import files, new_profile, sync, tables

SECRET = "mango season in Da Nang"
NAME = "Nguyễn Thị Hồng Nhung"
NOTE = "Budget approved for the Sơn Trà lighting pilot"


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Profile, Profile]]:
    a = new_profile(tmp_path / "a", "Karin Lindqvist")
    b = new_profile(tmp_path / "b", "Mikko Virtanen")
    yield a, b
    a.close()
    b.close()


def _write_secrets(profile: Profile) -> None:
    records = RecordService(profile)
    contact = records.create(
        "contact", {"native_name": NAME, "family_name": "Nguyễn", "notes": NOTE}
    )
    AttachmentService(profile).attach("contact", contact, b"\x89PNG " + NAME.encode(), "card.png")


def test_an_encrypted_folder_holds_no_readable_names(
    pair: tuple[Profile, Profile], tmp_path: Path
) -> None:
    a, b = pair
    _write_secrets(a)
    folder = tmp_path / "cloud"
    folder.mkdir()
    sync(a, folder, passphrase=SECRET)
    report = sync(b, folder, passphrase=SECRET)
    assert report.applied == 1 and report.blobs_received == 1
    assert RecordService(b).list("contact")[0].native_name == NAME
    needles = [s.encode() for s in (NAME, "Nguyễn", NOTE, "Karin", "Mikko", SECRET, "card.png")]
    stored = [p for p in folder.rglob("*") if p.is_file()]
    assert len(stored) == 3  # team.json, a changeset, a blob
    for path in stored:
        data = path.read_bytes()
        assert not any(needle in data for needle in needles), path
        assert not data.startswith(b"SGCS")
        assert not any(part.encode() in str(path).encode() for part in ("card", "Nguy"))


def test_a_wrong_or_missing_passphrase_is_refused(
    pair: tuple[Profile, Profile], tmp_path: Path
) -> None:
    a, b = pair
    _write_secrets(a)
    folder = tmp_path / "cloud"
    folder.mkdir()
    sync(a, folder, passphrase=SECRET)
    before = sorted(p.name for p in folder.rglob("*"))
    with pytest.raises(TeamKeyError, match="wrong passphrase"):
        SyncService(b).sync_folder(folder, passphrase="durian season")
    with pytest.raises(TeamKeyError, match="protected by a team passphrase"):
        SyncService(b).sync_folder(folder)
    assert sorted(p.name for p in folder.rglob("*")) == before  # nothing written
    assert RecordService(b).list("contact") == []


def test_a_file_sealed_with_another_teams_key_is_refused_and_the_rest_syncs(
    pair: tuple[Profile, Profile], tmp_path: Path
) -> None:
    a, b = pair
    other_team, folder = tmp_path / "other-team", tmp_path / "cloud"
    other_team.mkdir()
    folder.mkdir()
    RecordService(a).create("contact", {"family_name": "Tamm"})
    sync(a, other_team, passphrase="another team")
    sync(a, folder, passphrase=SECRET)
    with new_profile(tmp_path / "c") as c:
        RecordService(c).create("contact", {"family_name": "Saar"})
        sync(c, folder, passphrase=SECRET)
        [foreign] = files(other_team)
        [mine] = [p for p in files(folder) if a.settings()["device_id"] in p.parent.name]
        shutil.copyfile(foreign, mine)  # a's file replaced by one sealed for another team
        report = SyncService(b).sync_folder(folder, passphrase=SECRET)
    [error] = report.errors
    assert mine.name in error.path and "different team key" in error.reason
    assert [r.family_name for r in RecordService(b).list("contact")] == ["Saar"]


def test_an_encrypted_team_needs_an_empty_folder(
    pair: tuple[Profile, Profile], tmp_path: Path
) -> None:
    a, b = pair
    folder = tmp_path / "plain"
    folder.mkdir()
    RecordService(a).create("contact", {"family_name": "Mägi"})
    sync(a, folder)
    with pytest.raises(SyncError, match="empty folder"):
        SyncService(b).sync_folder(folder, passphrase=SECRET)


@pytest.mark.parametrize("passphrase", [None, SECRET])
def test_a_bundle_carries_everything_held(
    pair: tuple[Profile, Profile], tmp_path: Path, passphrase: str | None
) -> None:
    a, b = pair
    _write_secrets(a)
    bundle = tmp_path / "to-mikko.sgb"
    exported = SyncService(a).export_bundle(bundle, passphrase=passphrase)
    assert exported.published == 1 and exported.blobs_sent == 1
    if passphrase:
        assert NAME.encode() not in bundle.read_bytes()
        with pytest.raises(TeamKeyError):
            SyncService(b).import_bundle(bundle)
    report = SyncService(b).import_bundle(bundle, passphrase=passphrase)
    assert report.ok and report.applied == 1 and report.blobs_received == 1
    assert tables(b) == tables(a)
    again = SyncService(b).import_bundle(bundle, passphrase=passphrase)
    assert again.applied == 0 and again.ok
    [attachment] = RecordService(b).list("attachment")
    assert AttachmentService(b).read(str(attachment.content_hash)) == b"\x89PNG " + NAME.encode()


def test_a_relayed_bundle_brings_a_third_laptops_work(
    pair: tuple[Profile, Profile], tmp_path: Path
) -> None:
    a, b = pair
    RecordService(a).create("organization", {"name": "Tallinn Science Park", "kind": "agency"})
    first, second = tmp_path / "a-to-b.sgb", tmp_path / "b-to-c.sgb"
    SyncService(a).export_bundle(first)
    SyncService(b).import_bundle(first)
    SyncService(b).export_bundle(second)
    with new_profile(tmp_path / "c") as c:
        report = SyncService(c).import_bundle(second)
        assert report.applied == 1
        assert tables(c) == tables(a)


def test_a_damaged_bundle_is_refused(pair: tuple[Profile, Profile], tmp_path: Path) -> None:
    a, b = pair
    RecordService(a).create("contact", {"family_name": "Kuusk"})
    bundle = tmp_path / "cut.sgb"
    SyncService(a).export_bundle(bundle)
    bundle.write_bytes(bundle.read_bytes()[:-30])
    with pytest.raises(SyncError, match="not a readable bundle"):
        SyncService(b).import_bundle(bundle)
