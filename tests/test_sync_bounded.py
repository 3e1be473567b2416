"""Sync reads nothing larger than a file of ours (issue 14.7): sparse files, zip bombs and
zlib bombs are refused by name, unread, and the rest of the team's changes still arrive.

The victim syncs with the real CLI in a subprocess whose peak memory is measured.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from smartgrowth_desktop.sync.bundle import MAX_DIRECTORY_BYTES, BundleReader
from smartgrowth_desktop.sync.changeset import file_name
from smartgrowth_desktop.sync.folder import FolderStore
from smartgrowth_desktop.sync.frame import PLAIN
from smartgrowth_desktop.sync.jail import FileTooLarge
from smartgrowth_desktop.sync.report import SyncError
from smartgrowth_desktop.sync.sizes import MAX_STORED_BYTES, MAX_TEAM_FILE_BYTES
from tests.conftest import run_cli
from tests.hostile_files import (
    MB,
    MEMORY_BUDGET_MB,
    Measured,
    run_measured,
    sparse_file,
    zeros_deflated,
    zip_bomb,
)

GB = 2**30
HOSTILE = "00000000-0000-4000-8000-000000000001"  # sorts before the honest laptop
STAMP = 1_780_000_000_000 << 16


def _honest(tmp_path: Path, share: Path) -> Path:
    """A laptop that publishes one contact into ``share``."""
    honest = tmp_path / "honest"
    added = run_cli("add", "contact", "family_name=Phạm", "given_name=Thu", data_dir=honest)
    assert added.returncode == 0, added.stderr
    assert run_cli("sync", "--folder", str(share), data_dir=honest).returncode == 0
    return honest


def _arrived(run: Measured, victim: Path) -> dict[str, object]:
    """The victim's sync report; the honest contact arrived, one file was set aside."""
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    report: dict[str, object] = json.loads(run.stdout)
    assert report["applied"] == 1
    listed = run_cli("list", "contact", "--json", data_dir=victim)
    assert [c["family_name"] for c in json.loads(listed.stdout)] == ["Phạm"]
    print(f"peak memory: {run.peak_mb:.0f} MB")
    return report


def test_a_sparse_3_gb_changeset_is_refused_unread(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    _honest(tmp_path, share)
    name = file_name(1, 1, "ab" * 32)
    sparse_file(share / "devices" / HOSTILE / name, 3 * GB, PLAIN)
    victim = tmp_path / "victim"
    run = run_measured("sync", "--folder", str(share), "--json", data_dir=victim)
    report = _arrived(run, victim)
    [refused] = report["errors"]  # type: ignore[misc]
    assert refused["path"] == f"{share}/devices/{HOSTILE}/{name}"
    assert refused["reason"] == (
        "too large: 3 GB, more than the 64 MB a file of ours holds (not written by "
        "SmartGrowth; left unread)"
    )
    assert run.peak_mb < MEMORY_BUDGET_MB


def test_a_bundle_unpacking_to_3_gb_is_refused_unread(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    honest = _honest(tmp_path, share)
    bundle = tmp_path / "from-colleague.zip"
    exported = run_cli("sync", "--export-bundle", str(bundle), data_dir=honest)
    assert exported.returncode == 0, exported.stderr
    name = f"devices/{HOSTILE}/{file_name(1, 1, 'cd' * 32)}"
    with zipfile.ZipFile(bundle) as original:
        members: dict[str, bytes | tuple[bytes, bytes, int, bytes]] = {
            info.filename: original.read(info) for info in original.infolist()
        }
    members[name] = (PLAIN, b"\0", 3 * GB, b"")
    zip_bomb(bundle, members)
    assert bundle.stat().st_size < 4 * MB
    victim = tmp_path / "victim"
    run = run_measured("sync", "--import-bundle", str(bundle), "--json", data_dir=victim)
    report = _arrived(run, victim)
    [refused] = report["errors"]  # type: ignore[misc]
    assert refused["path"] == f"{bundle}/{name}"
    assert refused["reason"].startswith("too large: 3 GB, more than the 64 MB")
    assert run.peak_mb < MEMORY_BUDGET_MB


def test_a_body_inflating_to_1_gb_is_refused_with_little_memory(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    _honest(tmp_path, share)
    body = zeros_deflated(GB)
    digest = hashlib.sha256(body).hexdigest()
    header = {
        "format": 1, "min_reader": 1, "device": HOSTILE, "first": 1, "last": 1, "count": 1,
        "created": STAMP, "deps": {}, "blobs": [], "body_len": len(body), "body_sha256": digest,
    }  # fmt: skip
    head = json.dumps(header).encode()
    bomb = share / "devices" / HOSTILE / file_name(1, 1, digest)
    bomb.parent.mkdir(parents=True)
    bomb.write_bytes(struct.pack(">4sI", PLAIN, len(head)) + head + body)
    assert bomb.stat().st_size < 2 * MB
    victim = tmp_path / "victim"
    run = run_measured("sync", "--folder", str(share), "--json", data_dir=victim)
    report = _arrived(run, victim)
    [refused] = report["errors"]  # type: ignore[misc]
    assert refused["reason"] == "too large once decompressed"
    assert run.peak_mb < 200  # 64 MB inflated at most, then refused


def test_every_read_of_a_folder_is_bounded(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    blob = sparse_file(tmp_path / "blobs" / "ab" / ("ab" * 32), MAX_STORED_BYTES + 1)
    with pytest.raises(FileTooLarge, match=r"too large: 64 MB, more than the 64 MB"):
        store.read(blob.relative_to(tmp_path).as_posix())
    sparse_file(tmp_path / "team.json", MAX_TEAM_FILE_BYTES + 1)
    with pytest.raises(FileTooLarge, match=r"team.json: too large: 64 KB, more than the 64 KB"):
        store.read("team.json")
    at_limit = sparse_file(tmp_path / "devices" / HOSTILE / "x.sgc", MAX_STORED_BYTES)
    assert len(store.read(at_limit.relative_to(tmp_path).as_posix())) == MAX_STORED_BYTES


def test_a_bundle_whose_directory_is_huge_is_refused_before_opening(tmp_path: Path) -> None:
    bundle = tmp_path / "listing.zip"
    directory = MAX_DIRECTORY_BYTES + 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, directory, 0, 0)
    bundle.write_bytes(b"\0" * 100 + end)
    with pytest.raises(SyncError, match=r"its list of files takes 8 MB, more than the 8 MB"):
        BundleReader(bundle)


def test_a_damaged_member_of_a_bundle_is_refused_by_name(tmp_path: Path) -> None:
    bundle = tmp_path / "damaged.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("blobs/ab/" + "ab" * 32, b"x" * 10_000)
    data = bytearray(bundle.read_bytes())
    data[60:80] = b"\xff" * 20  # inside the deflate stream
    bundle.write_bytes(bytes(data))
    reader = BundleReader(bundle)
    try:
        with pytest.raises(SyncError, match="damaged in the bundle"):
            reader.read("blobs/ab/" + "ab" * 32)
    finally:
        reader.close()
    assert zlib  # (zlib errors are among the damage a bundle can hold)
