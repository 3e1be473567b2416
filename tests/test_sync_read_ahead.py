"""Changesets read ahead while a batch commits are the changesets the sync takes.

While a batch of received changesets commits, the next ones are read and parsed on a
thread (``Reader.read_ahead``, started by ``Batch.commit``). What was read ahead must be
taken exactly as a read at that moment would have been: the same changes; a copy that
cannot be read is not kept and is refused by name when its turn comes, as before.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync import batch
from smartgrowth_desktop.sync.authors import Trust
from smartgrowth_desktop.sync.folder import FolderStore
from smartgrowth_desktop.sync.layout import FileRef, Listing
from smartgrowth_desktop.sync.reader import Reader
from smartgrowth_desktop.sync.report import SyncReport
from tests.sync_support import new_profile, sync, tables

#: a device id no changeset in the share has (``scan`` leaves out the reader's own)
NOBODY = "00000000-0000-4000-8000-000000000000"


def _share(tmp_path: Path, changesets: int) -> Path:
    """A folder holding ``changesets`` changesets of one laptop, 4 meetings each."""
    share = tmp_path / "share"
    share.mkdir()
    with new_profile(tmp_path / "sender", "Anna") as sender:
        records = RecordService(sender)
        for n in range(changesets * 4):
            records.create("meeting", {"title": f"Họp {n}", "notes": "智慧城市 Đà Nẵng " * 30})
            if n % 4 == 3:
                sync(sender, share)
    return share


def _reader(share: Path) -> tuple[Reader, Listing, list[FileRef]]:
    store = FolderStore(share)
    listing = store.scan(NOBODY)
    refs = [listing.changesets[k][0] for k in sorted(listing.changesets)]
    return Reader(store, None, Trust(lambda device: device)), listing, refs


def _damage(share: Path, ref: FileRef) -> None:
    path = share / ref.path
    data = bytearray(path.read_bytes())
    data[-20:] = b"\xff" * 20  # the body's end: it no longer inflates, nor matches its digest
    path.write_bytes(bytes(data))


def test_what_is_read_ahead_is_what_taking_reads(tmp_path: Path) -> None:
    share = _share(tmp_path, 4)
    reader, listing, refs = _reader(share)
    fresh, _, _ = _reader(share)
    reader.read_ahead(refs, threading.Event(), changes=10**9)
    assert len(reader._ahead) == 4
    for k, ref in zip(sorted(listing.changesets), refs, strict=True):
        ahead = reader.take(k, [ref], SyncReport("share"))
        read_now = fresh.take(k, [ref], SyncReport("share"))
        assert ahead is not None and read_now is not None
        assert ahead[0] == read_now[0] and ahead[1] == read_now[1]
    assert reader._ahead == {}  # each taken once


def test_reading_ahead_stops_when_told_and_after_a_batch_of_changes(tmp_path: Path) -> None:
    share = _share(tmp_path, 4)
    reader, _, refs = _reader(share)
    stop = threading.Event()
    stop.set()
    reader.read_ahead(refs, stop, changes=10**9)
    assert reader._ahead == {}
    reader.read_ahead(refs[:1], threading.Event(), changes=10**9)
    one = len(reader._ahead[refs[0].path][1])  # the changes of one changeset
    reader.forget_ahead()
    assert reader._ahead == {}
    reader.read_ahead(refs, threading.Event(), changes=one + 1)  # past one: a second, no more
    assert set(reader._ahead) == {refs[0].path, refs[1].path}


def test_a_damaged_copy_read_ahead_is_refused_by_name_when_its_turn_comes(
    tmp_path: Path,
) -> None:
    share = _share(tmp_path, 3)
    reader, listing, refs = _reader(share)
    _damage(share, refs[1])
    reader.read_ahead(refs, threading.Event(), changes=10**9)
    assert set(reader._ahead) == {refs[0].path, refs[2].path}  # not the damaged one
    report = SyncReport("share")
    assert reader.take(sorted(listing.changesets)[1], [refs[1]], report) is None
    assert [p.path for p in report.errors] == [reader.path(refs[1])]


def _titles(profile: Profile) -> list[str]:
    return sorted(m.title or "" for m in RecordService(profile).list("meeting"))


def test_a_sync_reading_ahead_at_every_commit_receives_everything_and_names_the_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit after every changeset, each reading the rest ahead: the receiver gets
    the same records as one whole transaction gives; with one copy damaged, that copy is
    named and the ones after it wait for it, as without reading ahead."""
    share = _share(tmp_path, 6)
    with new_profile(tmp_path / "whole", "Bảo") as whole:
        assert sync(whole, share).applied == 6
        expected = tables(whole)
    monkeypatch.setattr(batch, "CHANGES", 1)
    with new_profile(tmp_path / "in-parts", "Bảo") as in_parts:
        assert sync(in_parts, share).applied == 6
        assert tables(in_parts) == expected
    refs = _reader(share)[2]
    _damage(share, refs[3])
    with new_profile(tmp_path / "damaged", "Bảo") as receiver:
        report = SyncService(receiver).sync_folder(share)
        assert [p.path for p in report.errors] == [f"{share}/{refs[3].path}"], report.errors
        assert report.applied == 3  # the 4th is refused, the 5th and 6th wait for it
        assert _titles(receiver) == sorted(f"Họp {n}" for n in range(12))
