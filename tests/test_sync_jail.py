"""The shared folder is a jail: links in it are refused by name, never followed.

Each attack is done for real: a link in the sync folder points at a folder of the
user's outside it (holding ``.tmp`` files, a secret, a file named like a changeset or a
blob). An audit hook watches every open, listing, write, rename and delete the sync
makes: nothing may touch the outside folder, not even an attempt. The report names the
link, and the team's good changes still arrive.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.report import SyncReport
from tests.sync_support import conflicts, files, new_profile, sync, tables

OUR_TEMP = ".000000000001-000000000001-0123456789ab.sgc.0a1b2c3d.tmp"  # our pattern
WATCHED = ("open", "os.listdir", "os.scandir", "os.remove", "os.rename", "os.mkdir",
           "os.rmdir", "os.truncate", "os.chmod", "os.utime", "os.link", "os.symlink")  # fmt: skip
_watch: list[Path] = []
_touched: list[tuple[str, str]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _watch or event not in WATCHED:
        return
    paths = [a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
    for path in paths:
        real = Path(os.path.realpath(os.fsdecode(path)))
        if real == _watch[0] or _watch[0] in real.parents:
            _touched.append((event, str(path)))


sys.addaudithook(_audit)  # hooks cannot be removed: it only acts while _watch is set


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder of the user's outside the sync folder (stale ``.tmp`` files, a secret)."""
    folder = tmp_path / "my-documents"
    folder.mkdir()
    stale = time.time() - 7 * 24 * 3600
    for name, text in ((OUR_TEMP, "draft"), ("report.tmp", "half a report"),
                       ("secret.txt", "passwords")):  # fmt: skip
        (folder / name).write_text(text, encoding="utf-8")
        os.utime(folder / name, (stale, stale))
    return folder


@contextlib.contextmanager
def untouched(folder: Path | None) -> Iterator[None]:
    """Nothing under ``folder`` is opened, listed, written, renamed or deleted meanwhile."""
    if folder is None:
        yield
        return
    before = _snapshot(folder)
    _touched.clear()
    _watch.append(folder.resolve())
    try:
        yield
    finally:
        _watch.clear()
    assert _touched == []
    assert _snapshot(folder) == before


def _snapshot(folder: Path) -> dict[str, tuple[bytes, float]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.lstat().st_mtime)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def team(tmp_path: Path) -> Iterator[list[Profile]]:
    """Anna, Binh (whose sync is attacked) and Chen, each with something to share."""
    opened = [new_profile(tmp_path / n, user) for n, user in
              (("a", "Anna Berg"), ("b", "Trần Bình"), ("c", "Chen Jing"))]  # fmt: skip
    for profile, name in zip(opened, ("Ngô", "Trần", "Chen"), strict=True):
        RecordService(profile).create("contact", {"family_name": name})
    yield opened
    for profile in opened:
        profile.close()


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    return folder


def _device(profile: Profile) -> str:
    return str(profile.settings()["device_id"])


def _attacked(profile: Profile, folder: Path, link: str, outside: Path | None) -> SyncReport:
    """A sync that meets a link: it names it among the refused files and goes on."""
    with untouched(outside):
        report = SyncService(profile).sync_folder(folder)
    assert not report.ok
    named = [e for e in report.errors if e.path == f"{folder}/{link}"]
    assert named and "link" in named[0].reason, report.errors
    return report


def _family_names(profile: Profile) -> set[str]:
    return {str(getattr(c, "family_name", "")) for c in RecordService(profile).list("contact")}


def test_my_device_folder_linked_elsewhere_is_not_written_nor_cleaned(
    team: list[Profile], shared: Path, outside: Path
) -> None:
    a, b, c = team
    sync(a, shared)
    sync(c, shared)
    mine = shared / "devices" / _device(b)
    mine.symlink_to(outside, target_is_directory=True)
    report = _attacked(b, shared, f"devices/{_device(b)}", outside)
    assert report.published == 0 and report.applied == 2  # Anna's and Chen's arrive
    assert _family_names(b) == {"Ngô", "Trần", "Chen"}
    assert (outside / OUR_TEMP).exists()  # a stale name of ours, but not in our folder
    mine.unlink()  # once the link is gone, Binh publishes as usual
    assert sync(b, shared).published == 1


def test_a_blob_folder_linked_elsewhere_gets_no_plaintext_and_is_not_read(
    team: list[Profile], shared: Path, outside: Path
) -> None:
    a, b, _ = team
    card = "Business card of Nguyễn Thu Hà, +84 912 345 678".encode()
    content_hash = hashlib.sha256(card).hexdigest()
    contact = RecordService(a).list("contact")[0].id
    AttachmentService(a).attach("contact", contact, card, "card.txt")
    (outside / content_hash).write_bytes(card)  # a file the link would make us read
    os.utime(outside / content_hash, (1, 1))
    (shared / "blobs").mkdir()
    (shared / "blobs" / content_hash[:2]).symlink_to(outside, target_is_directory=True)
    report = _attacked(a, shared, f"blobs/{content_hash[:2]}", outside)
    assert report.published == 1 and report.blobs_sent == 0
    assert not any(card in p.read_bytes() for p in shared.rglob("*") if p.is_file())
    received = _attacked(b, shared, f"blobs/{content_hash[:2]}", outside)
    assert received.applied == 1 and received.blobs_received == 0
    assert received.blobs_missing == 1
    assert AttachmentService(b).read(content_hash) is None


def test_a_file_where_a_blob_folder_should_be_is_named_and_the_rest_syncs(
    team: list[Profile], shared: Path
) -> None:
    a, b, _ = team
    card = b"\x89PNG Chen Jing, WeChat chenjing-gz"
    content_hash = hashlib.sha256(card).hexdigest()
    AttachmentService(a).attach("contact", RecordService(a).list("contact")[0].id, card, "c.png")
    (shared / "blobs").mkdir()
    (shared / "blobs" / content_hash[:2]).write_text("not a folder", encoding="utf-8")
    report = SyncService(a).sync_folder(shared)
    assert report.published == 1 and report.blobs_sent == 0
    [problem] = report.errors
    assert problem.path.endswith(f"blobs/{content_hash[:2]}") and "not a folder" in problem.reason
    received = SyncService(b).sync_folder(shared)
    assert received.applied == 1 and received.blobs_missing == 1


def test_a_changeset_file_linked_elsewhere_is_not_read(
    team: list[Profile], shared: Path, outside: Path, tmp_path: Path
) -> None:
    a, b, c = team
    sync(a, shared)
    sync(c, shared)
    [annas] = [p for p in files(shared) if _device(a) in str(p)]
    planted = outside / "planted.sgc"  # a real changeset, moved out and linked back
    planted.write_bytes(annas.read_bytes())
    annas.unlink()
    annas.symlink_to(planted)
    os.utime(planted, (1, 1))
    report = _attacked(b, shared, annas.relative_to(shared).as_posix(), outside)
    assert report.applied == 1 and _family_names(b) == {"Trần", "Chen"}
    report = _attacked(a, shared, annas.relative_to(shared).as_posix(), outside)
    assert report.published == 0  # its name is taken by the link: nothing replaced


def test_a_team_file_linked_elsewhere_is_not_read_and_nothing_is_sent_in_clear(
    team: list[Profile], shared: Path, outside: Path
) -> None:
    a, b, _ = team
    sync(a, shared)
    planted = outside / "team.json"
    planted.write_text('{"format": 1, "kid": "attacker"}', encoding="utf-8")
    os.utime(planted, (1, 1))
    (shared / "team.json").symlink_to(planted)
    report = _attacked(b, shared, "team.json", outside)
    assert report.applied == 1 and _family_names(b) == {"Ngô", "Trần"}
    assert report.published == 0  # the folder may be encrypted: Binh sends nothing in clear


def test_a_temporary_name_of_ours_that_is_a_link_is_not_deleted(
    team: list[Profile], shared: Path, outside: Path
) -> None:
    a, b, _ = team
    sync(a, shared)
    sync(b, shared)
    link = shared / "devices" / _device(b) / OUR_TEMP
    link.symlink_to(outside / "report.tmp")
    os.utime(link, (1, 1), follow_symlinks=False)
    _attacked(b, shared, link.relative_to(shared).as_posix(), outside)
    assert link.is_symlink()  # not ours to delete either
    ours = link.with_name(".000000000002-000000000002-0123456789ab.sgc.deadbeef.tmp")
    ours.write_bytes(b"half")
    os.utime(ours, (1, 1))
    kept = link.with_name(".000000000003-000000000003-0123456789ab.sgc.feedface.tmp")
    kept.write_bytes(b"fresh")  # not stale yet: a sync of ours may still be writing it
    link.unlink()
    sync(b, shared)
    assert not ours.exists() and kept.exists()


def test_a_link_inside_the_folder_is_refused_too_and_nothing_applies_twice(
    team: list[Profile], shared: Path, tmp_path: Path
) -> None:
    a, b, c = team
    sync(a, shared)
    sync(c, shared)
    relay = shared / "devices" / _device(c) / "relay"
    relay.symlink_to(shared / "devices", target_is_directory=True)
    fifo = shared / "devices" / _device(a) / "000000000009-000000000009-0123456789ab.sgc"
    os.mkfifo(fifo)  # a pipe named like a changeset: must not block the sync
    report = _attacked(b, shared, relay.relative_to(shared).as_posix(), None)
    assert report.applied == 2 and report.duplicates == 0 and not report.cloned
    assert any(p.path.endswith(fifo.name) and "regular" in p.reason for p in report.ignored)
    relay.unlink()
    fifo.unlink()
    # the sync folder itself may be reached through a link (a mounted share, a drive letter)
    alias = tmp_path / "alias"
    alias.symlink_to(shared, target_is_directory=True)
    for profile in (a, b, c, a):
        sync(profile, alias)
    assert tables(a) == tables(b) == tables(c) and conflicts(a) == conflicts(c)
