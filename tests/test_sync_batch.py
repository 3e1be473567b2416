"""Changesets received in one shared transaction give what one transaction each gave.

A batch (``sync/batch.py``) holds several changesets; one refused for its content in the
middle of it undoes the batch, which is applied again one by one: the others arrive, the
refused one is named, nothing of it stays. Compared with ``CHANGES = 1`` (a commit after
every changeset, as before batches).
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync import batch
from smartgrowth_desktop.sync.changeset import file_name
from smartgrowth_desktop.sync.frame import PLAIN
from tests.sync_support import new_profile, sync, tables

STAMP = 1_780_000_000_000 << 16


def _device(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def _record(n: int) -> str:
    return f"5f0c5d4e2a434c559a490c2f4f6f{n:04d}"


def _line(seq: int, record: int, field: str, value: str) -> str:
    return f'[{seq},{STAMP + seq},"contact","{_record(record)}","{field}","",{value},[],"Mallory"]'


def _write(share: Path, device: int, lines: list[str]) -> str:
    """A changeset of ``_device(device)`` holding ``lines``, written into ``share``."""
    body = zlib.compress("\n".join(lines).encode("utf-8"))
    digest = hashlib.sha256(body).hexdigest()
    header: dict[str, Any] = {
        "format": 1, "min_reader": 1, "device": _device(device), "first": 1,
        "last": len(lines), "count": len(lines), "created": STAMP, "deps": {}, "blobs": [],
        "body_len": len(body), "body_sha256": digest,
    }  # fmt: skip
    raw = json.dumps(header).encode()
    path = share / "devices" / _device(device) / file_name(1, len(lines), digest)
    path.parent.mkdir(parents=True)
    path.write_bytes(struct.pack(">4sI", PLAIN, len(raw)) + raw + body)
    return path.name


def _received(tmp_path: Path, name: str) -> tuple[list[str], int, list[str], dict[str, Any]]:
    """A first sync of the shared folder: names of the contacts, changesets applied, the
    refused files, and every table."""
    share = tmp_path / "share"
    with new_profile(tmp_path / name, "Bảo") as profile:
        report = SyncService(profile).sync_folder(share)
        names = sorted(c.family_name or "" for c in RecordService(profile).list("contact"))
        refused = sorted(problem.path.rsplit("/", 1)[-1] for problem in report.errors)
        everything = tables(profile)
    for mine in ("local_state", "devices", "sync_peers"):  # this laptop's own identity
        everything.pop(mine, None)
    return names, report.applied, refused, everything


@pytest.fixture
def share(tmp_path: Path) -> tuple[Path, str]:
    """Three crafted laptops around a real one: good, refused for a value no column takes
    (its first change is fine), good; the real laptop's changeset too."""
    folder = tmp_path / "share"
    folder.mkdir()
    with new_profile(tmp_path / "honest", "Anna") as honest:
        RecordService(honest).create("contact", {"family_name": "Phạm", "given_name": "Thu"})
        sync(honest, folder)
    _write(folder, 1, [_line(1, 1, "family_name", '"Trần"')])
    bad = _write(
        folder, 2, [_line(1, 2, "family_name", '"Hoàng"'), _line(2, 2, "review_by", '"not a day"')]
    )
    _write(folder, 3, [_line(1, 3, "family_name", '"Lê"'), _line(2, 3, "given_name", '"Văn"')])
    return folder, bad


def test_a_refused_changeset_in_a_batch_leaves_the_others_applied(
    tmp_path: Path, share: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _folder, bad = share
    batched = _received(tmp_path, "batched")
    assert batched[0] == ["Lê", "Phạm", "Trần"]  # nothing of "Hoàng" stays
    assert batched[1] == 3 and batched[2] == [bad]
    monkeypatch.setattr(batch, "CHANGES", 1)
    assert _received(tmp_path, "one-by-one") == batched


def test_batches_commit_along_the_way_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    with new_profile(tmp_path / "a", "Anna") as sender:
        records = RecordService(sender)
        for i in range(12):
            records.create("meeting", {"title": f"Họp {i} ở Hà Nội", "notes": "智慧城市 " * 20})
            if i % 3 == 2:
                sync(sender, share)  # four changesets
    whole = _received(tmp_path, "whole")
    monkeypatch.setattr(batch, "CHANGES", 10)  # a commit after every changeset or two
    assert _received(tmp_path, "in-parts") == whole
    assert whole[1] == 4 and whole[2] == []
