"""Forgetting a person everywhere a folder sync reaches (GDPR art. 17), checked on bytes.

Zhang Xiaoyan's card, with her photo, is on three laptops; Bình edited her title, Chi
attended a meeting with her. Vân erases her. After the laptops sync through a shared
folder (each in turn, twice), no file of the three profiles and of the folder holds her
name, e-mail, phone or photo: not the databases, their write-ahead logs, the search
index, the changesets (read inflated) nor the attachments. Everything else converges,
and replaying the log gives the same data. A second erasure, an unknown card and a
person in an open conflict are handled too.
"""

from __future__ import annotations

import io
import sqlite3
import uuid
import zlib
from pathlib import Path

import pytest
from PIL import Image

from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.errors import NotFoundError
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.erasure import erase_contact
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.changeset import ChangesetError, decode
from tests.conftest import run_cli
from tests.sync_support import conflicts, new_profile, replays_alike, tables

NEEDLES = ("Zhang", "Xiaoyan", "张晓燕", "xiaoyan.zhang@gzst", "2083124567", "zxy_gz_2026")


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 80), (31, 111, 120)).save(buffer, "PNG")
    return buffer.getvalue()


PHOTO = _photo()


def _sync(profile: Profile, folder: Path) -> None:
    report = SyncService(profile).sync_folder(folder)
    assert not report.errors and not report.cloned, report.to_json()


def _texts(data: bytes) -> list[bytes]:
    """The bytes of a file, and the inflated body of a changeset in it."""
    found = [data]
    try:
        changeset = decode(data)
    except ChangesetError:
        return found
    body = changeset.data[-changeset.header.body_len :]
    found.append(zlib.decompress(body))
    return found


def _leaks(folders: list[Path]) -> list[str]:
    """Where any needle or the photo's bytes are found, file by file."""
    leaks: list[str] = []
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file() or "backups" in path.parts:
                continue
            data = path.read_bytes()
            for text in _texts(data):
                for needle in NEEDLES:
                    if needle.encode("utf-8") in text or needle.encode("utf-16-le") in text:
                        leaks.append(f"{path}: {needle}")
                if PHOTO[16:200] in text:
                    leaks.append(f"{path}: the photo")
            if path.name == DATABASE_NAME:
                with sqlite3.connect(path) as conn:
                    held = conn.execute("SELECT data FROM sync_changesets").fetchall()
                for (blob,) in held:
                    for text in _texts(bytes(blob))[1:]:
                        leaks += [
                            f"{path} (held changeset): {n}" for n in NEEDLES if n.encode() in text
                        ]
    return leaks


@pytest.fixture
def team(tmp_path: Path) -> tuple[list[Profile], Path, str, str]:
    """Three laptops holding Zhang's card, photo and a meeting; returns her id and Hà's."""
    shared = tmp_path / "shared"
    shared.mkdir()
    van, binh, chi = (new_profile(tmp_path / n, n.title()) for n in ("van", "binh", "chi"))
    records = RecordService(van)
    bureau = records.create("organization", {"name": "Guangzhou S&T Bureau", "kind": "agency"})
    zhang = records.create(
        "contact",
        {
            "family_name": "Zhang",
            "given_name": "Xiaoyan",
            "native_name": "张晓燕",
            "organization_id": str(bureau),
            "emails": ["xiaoyan.zhang@gzst.example.cn"],
            "phones": ["+86 20 8312 4567"],
            "wechat": "zxy_gz_2026",
            "title": "Deputy director",
        },
    )
    ha = records.create("contact", {"family_name": "Nguyễn", "given_name": "Thị Hà"})
    AttachmentService(van).attach("contact", zhang, PHOTO, "photo.png", role="photo")
    for profile in (van, binh, chi, van):
        _sync(profile, shared)
    RecordService(binh).update("contact", zhang, {"title": "Director"})
    RecordService(chi).create(
        "meeting", {"title": "Bureau visit", "attendee_ids": [str(zhang), str(ha)]}
    )
    for profile in (binh, chi, van):
        _sync(profile, shared)
    assert all(RecordService(p).get_wire("contact", zhang)["title"] for p in (van, binh, chi))
    return [van, binh, chi], shared, str(zhang), str(ha)


def test_an_erased_person_leaves_every_profile_and_the_folder(
    team: tuple[list[Profile], Path, str, str], tmp_path: Path
) -> None:
    (van, binh, chi), shared, zhang, ha = team
    try:
        result = erase_contact(van, zhang)
        assert result.files_removed == 1 and result.changesets_rewritten >= 1
        with pytest.raises(NotFoundError):
            RecordService(van).get_wire("contact", zhang)
        assert not _leaks([van.folder]), _leaks([van.folder])

        for _round in range(2):
            for profile in (van, binh, chi):
                _sync(profile, shared)

        folders = [p.folder for p in (van, binh, chi)] + [shared]
        assert _leaks(folders) == []
        for profile in (binh, chi):
            with pytest.raises(NotFoundError):
                RecordService(profile).get_wire("contact", zhang)
        assert tables(van) == tables(binh) == tables(chi)
        assert conflicts(van) == conflicts(binh) == conflicts(chi)
        meeting = [m for m in tables(chi)["meetings"]]
        assert len(meeting) == 1  # the meeting stays; its attendee list keeps only ids
        assert RecordService(chi).get_wire("contact", ha)["family_name"] == "Nguyễn"
        replays_alike(chi, tmp_path / "replay")

        # an edit of her card made before the erasure arrived is kept without its value
        RecordService(van).create("contact", {"family_name": "Trần"})
        _sync(van, shared)
        _sync(chi, shared)
        assert tables(van) == tables(chi)
    finally:
        for profile in (van, binh, chi):
            profile.close()


def test_an_edit_made_before_the_erasure_arrived_is_forgotten_too(
    team: tuple[list[Profile], Path, str, str],
) -> None:
    (van, binh, chi), shared, zhang, _ha = team
    try:
        erase_contact(van, zhang)
        RecordService(binh).update("contact", zhang, {"notes": "Zhang likes tea"})  # offline
        for _round in range(2):
            for profile in (van, binh, chi):
                _sync(profile, shared)
        assert _leaks([p.folder for p in (van, binh, chi)] + [shared]) == []
        assert tables(van) == tables(binh) == tables(chi)
    finally:
        for profile in (van, binh, chi):
            profile.close()


def test_erase_contact_in_the_cli_asks_first_and_names_the_mentions(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    with Profile(folder) as profile:
        records = RecordService(profile)
        zhang = records.create("contact", {"family_name": "Zhang", "given_name": "Xiaoyan"})
        records.create("meeting", {"title": "Dinner", "notes": "Zhang Xiaoyan will visit"})
    unknown = str(uuid.uuid4())

    asked = run_cli("erase-contact", str(zhang), data_dir=folder)
    assert asked.returncode == 2 and "--yes" in asked.stderr
    done = run_cli("erase-contact", str(zhang), "--yes", data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert "still named in meeting 'Dinner' (notes)" in done.stdout
    again = run_cli("erase-contact", str(zhang), "--yes", data_dir=folder)
    assert again.returncode == 1 and "no contact" in again.stderr
    missing = run_cli("erase-contact", unknown, "--yes", data_dir=folder)
    assert missing.returncode == 1 and unknown in missing.stderr


def _zip_leaks(path: Path, work: Path) -> list[str]:
    """Needles in a backup zip's members (its database read as a file, and its held
    changesets inflated) or the photo among its files."""
    import zipfile

    folder = work / path.stem
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return _leaks([folder])


def test_backups_forget_the_person_and_a_restore_forgets_again(tmp_path: Path) -> None:
    from smartgrowth_desktop.services.backups import BackupService

    folder = tmp_path / "profile"
    with Profile(folder) as profile:
        records = RecordService(profile)
        zhang = records.create(
            "contact",
            {"family_name": "Zhang", "given_name": "Xiaoyan", "wechat": "zxy_gz_2026"},
        )
        records.create("contact", {"family_name": "Nguyễn", "given_name": "Thị Hà"})
        AttachmentService(profile).attach("contact", zhang, PHOTO, "photo.png", role="photo")
        (tmp_path / "share").mkdir()
        SyncService(profile).sync_folder(tmp_path / "share")  # held changesets too
        backup = BackupService(profile).back_up_now()
        old = tmp_path / "kept-elsewhere.zip"
        old.write_bytes(backup.path.read_bytes())  # a copy the erasure cannot reach
        assert _zip_leaks(backup.path, tmp_path / "before")

        result = erase_contact(profile, zhang)

        assert result.backups_rewritten >= 1
        assert _zip_leaks(backup.path, tmp_path / "after") == []
        BackupService(profile).restore(old)  # brings her back from before the erasure...
        with pytest.raises(NotFoundError):  # ...and the restore forgets her again
            RecordService(profile).get_wire("contact", zhang)
        assert RecordService(profile).count("contact") == 1
    assert _leaks([folder]) == []


def test_a_person_in_an_open_conflict_is_erased_with_the_conflict(
    team: tuple[list[Profile], Path, str, str],
) -> None:
    (van, binh, chi), shared, zhang, _ha = team
    try:
        RecordService(van).update("contact", zhang, {"title": "Head of bureau"})
        RecordService(chi).update("contact", zhang, {"title": "Vice director"})
        for profile in (van, chi, van):
            _sync(profile, shared)
        assert any(c[0] == zhang and c[1] == "title" for c in conflicts(van))

        erase_contact(van, zhang)
        for _round in range(2):
            for profile in (van, binh, chi):
                _sync(profile, shared)

        for profile in (van, binh, chi):
            assert not [c for c in conflicts(profile) if c[0] == zhang]
            assert SyncService(profile).conflict_count() == 0
        assert _leaks([p.folder for p in (van, binh, chi)] + [shared]) == []
        assert tables(van) == tables(binh) == tables(chi)
    finally:
        for profile in (van, binh, chi):
            profile.close()
