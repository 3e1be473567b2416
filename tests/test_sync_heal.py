"""A damaged copy in the folder heals: whoever holds the good bytes writes them again."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from tests.sync_support import files, new_profile, tables

SECRET = "jackfruit and durian, Cần Thơ"


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("passphrase", [None, SECRET])
def test_a_colleague_holding_it_heals_a_cut_changeset(
    tmp_path: Path, passphrase: str | None
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    with (
        new_profile(tmp_path / "anna", "Anna") as anna,
        new_profile(tmp_path / "binh", "Bình") as binh,
        new_profile(tmp_path / "chi", "Chi") as newcomer,
    ):
        RecordService(anna).create("contact", {"family_name": "Hoàng", "notes": "x" * 4000})
        SyncService(anna).sync_folder(share, passphrase=passphrase)
        SyncService(binh).sync_folder(share, passphrase=passphrase)
        [original] = files(share)
        _cut_in_half(original)

        report = SyncService(newcomer).sync_folder(share, passphrase=passphrase)
        assert report.applied == 0 and report.waiting_files and not report.errors
        healed = SyncService(binh).sync_folder(share, passphrase=passphrase)
        assert len(healed.healed) == 1 and "relay" in healed.healed[0]
        report = SyncService(newcomer).sync_folder(share, passphrase=passphrase)
        assert report.applied == 1
        assert tables(newcomer)["contacts"] == tables(anna)["contacts"]
        again = SyncService(binh).sync_folder(share, passphrase=passphrase)
        assert again.healed == []  # a good copy is there now: nothing more is written


def test_the_author_replaces_its_own_damaged_file(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    with new_profile(tmp_path / "anna") as anna, new_profile(tmp_path / "chi") as newcomer:
        RecordService(anna).create("contact", {"family_name": "Hoàng"})
        SyncService(anna).sync_folder(share)
        [original] = files(share)
        _cut_in_half(original)
        healed = SyncService(anna).sync_folder(share)
        assert healed.healed and files(share) == [original]  # the same file, whole again
        assert SyncService(newcomer).sync_folder(share).applied == 1


def test_two_laptops_writing_one_new_name_at_once_never_replace_each_other(
    tmp_path: Path,
) -> None:
    """The check that a name is free and the step that takes it are one (a hard link):
    of two writers of one team.json at the same moment, one wins and the other is told."""
    import threading

    from smartgrowth_desktop.sync.folder import FolderStore

    store = FolderStore(tmp_path)
    for round_number in range(200):
        name = f"devices/race/{round_number}.json"
        start = threading.Barrier(2)
        won: list[bytes] = []

        def write(
            data: bytes,
            target: str = name,
            barrier: threading.Barrier = start,
            winners: list[bytes] = won,
        ) -> None:
            barrier.wait()
            if store.write(target, data):
                winners.append(data)

        writers = [threading.Thread(target=write, args=(bytes([n]) * 64,)) for n in (1, 2)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        assert len(won) == 1 and (tmp_path / name).read_bytes() == won[0]
