"""Sync folders kept by cloud clients (OneDrive, SharePoint, Dropbox, Google Drive).

Three laptops write real records and sync through their own local copy of a cloud
folder (``tests.cloud_drive``): files arrive late and in pieces, as empty placeholders,
beside "conflicted copies", upper-cased, read-only, removed and restored. Nothing is
lost, nothing applied twice, nothing refused that becomes whole later; every scenario
ends with identical profiles once the folder is whole and everyone has synced.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.folder import FolderStore
from smartgrowth_desktop.sync.report import SyncReport
from smartgrowth_desktop.ui.pages.sync import report_lines
from smartgrowth_desktop.ui.sync_control import status_text
from tests.cloud_drive import (
    BLANK_END,
    CUT_SHORT,
    LATE,
    PIECES,
    PLACEHOLDER,
    READ_ONLY,
    UPPER,
    WHOLE,
    CloudDrive,
    How,
    conflicted_copies,
    read_only,
)
from tests.conftest import run_cli
from tests.sync_support import change_count, conflicts, new_profile, tables

NAMES = ("anna", "binh", "chen")


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[dict[str, Profile]]:
    users = ("Anna Berg", "Trần Bình", "Chen Jing")
    opened = {n: new_profile(tmp_path / n, user) for n, user in zip(NAMES, users, strict=True)}
    yield opened
    for profile in opened.values():
        profile.close()


@pytest.fixture
def drive(tmp_path: Path) -> CloudDrive:
    return CloudDrive(tmp_path / "onedrive", NAMES)


def _sync(
    laptops: dict[str, Profile], drive: CloudDrive, name: str, passphrase: str | None = None
) -> SyncReport:
    """One laptop syncs with its local folder (nothing refused), and its client uploads."""
    report = SyncService(laptops[name]).sync_folder(drive.folder(name), passphrase=passphrase)
    assert not report.errors, report.errors
    drive.upload(name)
    return report


def _whole_again(laptops: dict[str, Profile], drive: CloudDrive, rounds: int = 2) -> None:
    """The folder is whole again and everyone syncs (twice round, so all news travel)."""
    drive.settle()
    for _ in range(rounds):
        for name in NAMES:
            drive.download(name)
            report = _sync(laptops, drive, name)
            assert not report.waiting_files and not report.cloned


def _converged(laptops: dict[str, Profile]) -> None:
    anna, *others = laptops.values()
    expected = tables(anna), conflicts(anna), change_count(anna)
    for other in others:
        assert (tables(other), conflicts(other), change_count(other)) == expected


def _three_changesets(laptops: dict[str, Profile], drive: CloudDrive) -> list[str]:
    """Anna publishes three changesets (a contact, its edit, a lead); their paths."""
    records = RecordService(laptops["anna"])
    contact = records.create("contact", {"family_name": "Nguyễn", "given_name": "Thu Hà"})
    sent = _publish(laptops, drive, "anna")
    records.update("contact", contact, {"title": "Director of Smart City"})
    sent += _publish(laptops, drive, "anna")
    org = records.create("organization", {"name": "Đà Nẵng DOST", "kind": "municipality"})
    records.create("lead", {"title": "Flood sensors pilot", "kind": "pilot", "stage": "identified",
                            "organization_id": str(org)})  # fmt: skip
    sent += _publish(laptops, drive, "anna")
    return sent


def _publish(
    laptops: dict[str, Profile], drive: CloudDrive, name: str, passphrase: str | None = None
) -> list[str]:
    """``name`` publishes one changeset and its client uploads it; the path in the cloud."""
    report = SyncService(laptops[name]).sync_folder(drive.folder(name), passphrase=passphrase)
    assert not report.errors and report.published == 1
    [sent] = [rel for rel in drive.upload(name) if rel.endswith(".sgc")]
    return [sent]


def _first(rel: str, first: str, later: str = WHOLE) -> How:
    return lambda path: first if path == rel else later


@pytest.mark.parametrize("piece", PIECES)
def test_files_in_pieces_and_out_of_order_wait_then_apply_once(
    laptops: dict[str, Profile], drive: CloudDrive, piece: str
) -> None:
    one, two, _ = _three_changesets(laptops, drive)
    RecordService(laptops["chen"]).create("meeting", {"title": "Hebei smart water"})
    _sync(laptops, drive, "chen")
    # Binh's client brings the third file whole, the first in pieces, the second not yet
    drive.download("binh", lambda rel: {one: piece, two: LATE}.get(rel, WHOLE))
    for attempt in range(2):  # retried without noise: no refusal, the same waiting file
        report = _sync(laptops, drive, "binh")
        assert report.ok and report.applied == (1 if attempt == 0 else 0)  # Chen's meeting
        assert [Path(w.path).name for w in report.waiting_files] == [Path(one).name]
        assert "waiting for 1 file(s)" in report.summary()
        assert report.waiting  # Anna's third changeset waits for her first two
    assert {kind: len(rows) for kind, rows in tables(laptops["binh"]).items() if rows} == {
        "meetings": 1
    }
    drive.settle("binh")
    drive.download("binh")
    report = _sync(laptops, drive, "binh")
    assert report.applied == 3 and not report.waiting_files and not report.waiting
    _whole_again(laptops, drive)
    _converged(laptops)
    assert report.duplicates == 0


def test_a_team_that_encrypts_waits_for_a_sealed_file_cut_short(
    laptops: dict[str, Profile], drive: CloudDrive
) -> None:
    team = "lychee harvest in Bắc Giang"
    RecordService(laptops["anna"]).create("contact", {"family_name": "Đặng"})
    [sealed] = _publish(laptops, drive, "anna", team)
    drive.download("binh", _first(sealed, CUT_SHORT))
    report = _sync(laptops, drive, "binh", team)
    assert report.ok and report.applied == 0
    assert [Path(w.path).name for w in report.waiting_files] == [Path(sealed).name]
    assert "cut short" in report.waiting_files[0].reason
    drive.settle()
    assert _sync(laptops, drive, "binh", team).applied == 1
    for name in NAMES:
        drive.download(name)
        _sync(laptops, drive, name, team)
    _converged(laptops)


def test_conflicted_copies_are_never_applied_as_a_second_changeset(
    laptops: dict[str, Profile], drive: CloudDrive
) -> None:
    sent = _three_changesets(laptops, drive)
    RecordService(laptops["chen"]).create("contact", {"family_name": "Chen", "given_name": "Jing"})
    _sync(laptops, drive, "chen")
    [chens] = [p for p in drive.cloud.rglob("*.sgc") if p.relative_to(drive.cloud).as_posix()
               not in sent]  # fmt: skip
    for rel in sent:  # same bytes, and one "conflict" holding another changeset entirely
        original = drive.cloud / rel
        conflicted_copies(original)
        theirs = original.with_name(f"{original.stem} (Chen's conflicted copy){original.suffix}")
        theirs.write_bytes(chens.read_bytes())
    drive.download("binh")
    report = _sync(laptops, drive, "binh")
    assert report.ok and report.applied == 4 and report.duplicates == 0
    copies = [p for p in report.ignored if p.reason == "copy made by a cloud sync client"]
    assert len(copies) == 4 * len(sent)
    _whole_again(laptops, drive)
    _converged(laptops)
    assert len(tables(laptops["binh"])["contacts"]) == 2


def test_a_changeset_renamed_by_the_client_is_published_again_by_its_author(
    laptops: dict[str, Profile], drive: CloudDrive
) -> None:
    one, *_ = _three_changesets(laptops, drive)
    for copy in drive.everywhere(one):  # OneDrive keeps "both" by renaming ours everywhere
        copy.rename(copy.with_name(f"{copy.stem}-LAPTOP-7{copy.suffix}"))
    drive.download("binh")
    report = _sync(laptops, drive, "binh")
    assert report.applied == 0 and report.waiting and not report.waiting_files
    again = _sync(laptops, drive, "anna")
    assert again.published == 1  # Anna's profile holds the bytes: the name comes back
    _whole_again(laptops, drive)
    _converged(laptops)
    assert len(tables(laptops["binh"])["leads"]) == 1


def test_names_whose_case_the_client_changed(
    laptops: dict[str, Profile], drive: CloudDrive
) -> None:
    _three_changesets(laptops, drive)
    RecordService(laptops["chen"]).create("organization", {"name": "河北 Water", "kind": "agency"})
    _sync(laptops, drive, "chen")
    drive.download("binh", lambda rel: UPPER)  # DEVICES/<ID>/000…-ABCDEF….SGC
    RecordService(laptops["binh"]).create("contact", {"family_name": "Trần"})
    report = _sync(laptops, drive, "binh")
    assert report.applied == 4 and not report.ignored and report.published == 1
    local = drive.folder("binh")
    assert [p.name for p in local.iterdir()] == ["DEVICES"]  # no second "devices" made
    me = str(laptops["binh"].settings()["device_id"])
    assert (local / "DEVICES" / me).is_dir()  # its own, new folder: written as named
    # a case-sensitive client brings a second copy of Anna's folder, differing by case
    anna = str(laptops["anna"].settings()["device_id"])
    RecordService(laptops["anna"]).update("contact", _contact(laptops["anna"]), {"title": "CEO"})
    _sync(laptops, drive, "anna")
    chen = drive.folder("chen")
    drive.download("chen")
    twin = chen / "devices" / anna.upper()
    for path in (chen / "devices" / anna).iterdir():
        twin.mkdir(exist_ok=True)
        (twin / path.name.upper()).write_bytes(path.read_bytes())
    report = _sync(laptops, drive, "chen")
    assert report.applied == 5 and report.duplicates == 0 and not report.cloned  # 4 + Binh's
    _whole_again(laptops, drive)
    _converged(laptops)


def _contact(profile: Profile) -> str:
    contacts = RecordService(profile).list("contact")
    [contact] = [c for c in contacts if getattr(c, "family_name", None) == "Nguyễn"]
    return str(contact.id)


def test_read_only_files_are_read_and_this_laptops_folder_still_written(
    laptops: dict[str, Profile], drive: CloudDrive
) -> None:
    _three_changesets(laptops, drive)
    RecordService(laptops["chen"]).create("contact", {"family_name": "Chen"})
    _sync(laptops, drive, "chen")
    drive.download("binh", lambda rel: READ_ONLY)
    local = drive.folder("binh")
    others = list((local / "devices").iterdir())  # Anna's and Chen's folders, and files
    RecordService(laptops["binh"]).create("contact", {"family_name": "Bình"})
    with read_only([*local.rglob("*.sgc"), *others]) as enforced:
        if enforced:
            with pytest.raises(PermissionError):
                (others[0] / "intruder.txt").write_text("no")
        report = SyncService(laptops["binh"]).sync_folder(local)
        assert not report.errors and report.applied == 4 and report.published == 1
        again = SyncService(laptops["binh"]).sync_folder(local)
        assert not again.errors and (again.applied, again.published) == (0, 0)
    drive.upload("binh")
    _whole_again(laptops, drive)
    _converged(laptops)


def test_files_removed_then_restored_by_the_client(
    laptops: dict[str, Profile], drive: CloudDrive, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, *_ = _three_changesets(laptops, drive)
    drive.download("binh")
    assert _sync(laptops, drive, "binh").applied == 3
    removed = drive.remove(one)  # someone deleted it from the share; Chen never saw it
    drive.download("chen")
    report = _sync(laptops, drive, "chen")
    assert report.applied == 0 and report.waiting and not report.waiting_files
    relayed = _sync(laptops, drive, "binh")  # Binh holds Anna's bytes: puts a copy back
    assert relayed.relayed == 1
    drive.download("chen")
    assert _sync(laptops, drive, "chen").applied == 3
    # the client restores the deleted file from its recycle bin, late: nothing twice
    (drive.cloud / one).parent.mkdir(parents=True, exist_ok=True)
    (drive.cloud / one).write_bytes(removed)
    # and a file vanishes between the scan and the read (freed up mid-sync)
    records = RecordService(laptops["anna"])
    records.create("contact", {"family_name": "Phan"})
    _sync(laptops, drive, "anna")
    drive.download("chen")
    real_read = FolderStore.read

    def vanishing(store: FolderStore, path: str) -> bytes:
        if path.endswith(".sgc") and not getattr(store, "gone", False):
            store.gone = True  # type: ignore[attr-defined]
            (store.root / path).unlink()
        return real_read(store, path)

    monkeypatch.setattr(FolderStore, "read", vanishing)
    report = _sync(laptops, drive, "chen")
    assert report.applied == 0 and len(report.waiting_files) == 1
    assert "cannot be read yet" in report.waiting_files[0].reason
    monkeypatch.undo()
    _whole_again(laptops, drive)
    _converged(laptops)


@pytest.mark.parametrize("healed_by", ["the client downloading it again", "a relay copy"])
def test_a_damaged_file_is_refused_until_a_whole_copy_appears(
    laptops: dict[str, Profile], drive: CloudDrive, tmp_path: Path, healed_by: str
) -> None:
    anna, binh, chen = laptops.values()
    RecordService(anna).create("contact", {"family_name": "Hoàng"})
    _sync(laptops, drive, "anna")
    if healed_by == "a relay copy":  # Chen got Anna's work by USB stick and relays it
        stick = tmp_path / "stick"
        stick.mkdir()
        SyncService(anna).sync_folder(stick)
        SyncService(chen).sync_folder(stick)
    drive.download("binh")
    [mine] = [p for p in drive.folder("binh").rglob("*.sgc")]
    good = mine.read_bytes()
    mine.write_bytes(good[:-10] + bytes([good[-10] ^ 0xFF]) + good[-9:])  # full length
    for _ in range(2):  # refused each time it is met, with a clear reason; nothing applied
        report = SyncService(binh).sync_folder(drive.folder("binh"))
        assert not report.ok and report.applied == 0 and not report.waiting_files
        [refused] = report.errors
        assert mine.name in refused.path and "damaged" in refused.reason
    if healed_by == "a relay copy":
        _sync(laptops, drive, "chen")
        drive.download("binh")
    else:
        mine.write_bytes(good)
    report = _sync(laptops, drive, "binh")
    assert report.applied == 1 and report.ok
    _whole_again(laptops, drive)
    _converged(laptops)


def test_waiting_files_are_told_by_the_cli_the_report_and_the_sync_page(
    laptops: dict[str, Profile], drive: CloudDrive
) -> None:
    one, two, _ = _three_changesets(laptops, drive)
    drive.download("binh", lambda rel: {one: PLACEHOLDER, two: BLANK_END}.get(rel, WHOLE))
    laptops["binh"].close()
    done = run_cli("sync", "--folder", str(drive.folder("binh")), data_dir=laptops["binh"].folder)
    assert done.returncode == 0, done.stderr
    assert "waiting for 2 file(s)" in done.stdout
    assert Path(one).name in done.stderr and Path(two).name in done.stderr
    assert "refused" not in done.stderr
    as_json = run_cli(
        "sync", "--folder", str(drive.folder("binh")), "--json", data_dir=laptops["binh"].folder
    )
    waiting = json.loads(as_json.stdout)["waiting_files"]
    assert sorted(Path(w["path"]).name for w in waiting) == sorted([Path(one).name, Path(two).name])
    report = SyncService(laptops["chen"]).sync_folder(drive.folder("binh"))
    lines = [text for text, _ in report_lines(report)]
    assert any(line.startswith("Waiting for 2 file(s) still arriving") for line in lines)
    assert any(Path(one).name in line and "placeholder" in line for line in lines)
    assert "waiting for 2 file(s)" in status_text(report)
    last = SyncService(laptops["chen"]).last_sync()
    assert last is not None and last["ok"] and "waiting for 2 file(s)" in last["summary"]
