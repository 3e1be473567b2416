"""On raw bytes: an encrypted profile's database file, its WAL and its shared-memory file
hold no name, phone or note in any encoding (the plain profile does: the control)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.core.paths import DATABASE_NAME
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import (
    create_encrypted_profile,
    decrypt_profile,
    encrypt_profile,
)
from smartgrowth_desktop.services.records import RecordService
from tests.test_profile_encryption import PASS, fill

#: what must not be readable: names, phones (as typed and as stored) and note words
SECRETS = (
    "Nguyễn Thị Hà",
    "Nguyễn",
    "张晓燕",
    "晓燕",
    "+84912345678",
    "912 345 678",
    "+8613800138000",
    "Sơn Trà",
    "thí điểm",
    "广州智慧城市",
    "Minh Tuấn",
    "+84987654321",
    "+84 987 654 321",
    "gặp lại ở Đà Nẵng",
)


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")


def forms(text: str) -> list[bytes]:
    """Every way a text could sit in a file of ours: UTF-8, JSON-escaped, UTF-16."""
    return [
        text.encode("utf-8"),
        json.dumps(text).strip('"').encode("ascii"),
        text.encode("utf-16-le"),
        text.encode("utf-16-be"),
    ]


def leaks(data: bytes) -> list[str]:
    """The secrets found in ``data``, in any form."""
    return [secret for secret in SECRETS if any(form in data for form in forms(secret))]


def profile_files(folder: Path) -> dict[str, bytes]:
    """The database and its companions, as they are on disk right now."""
    names = [DATABASE_NAME + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    return {name: (folder / name).read_bytes() for name in names if (folder / name).exists()}


def _write_more(profile: Profile) -> None:
    """A change that sits in the WAL while the profile is open."""
    records = RecordService(profile)
    records.create(
        "contact",
        {
            "family_name": "Phạm",
            "given_name": "Minh Tuấn",
            "phones": ["+84 987 654 321"],
            "notes": "gặp lại ở Đà Nẵng",
        },
    )
    contact = next(c for c in records.list("contact") if c.family_name == "张")
    records.update("contact", contact.id, {"notes": "广州智慧城市项目负责人, 晓燕"})


def test_the_plain_profile_shows_them_so_the_check_can_see(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    fill(folder)
    with Profile(folder) as profile:
        _write_more(profile)
        files = profile_files(folder)
        assert files.get(DATABASE_NAME + "-wal")  # open: the new rows are in the WAL
        found = set().union(*(leaks(data) for data in files.values()))
    assert {"Nguyễn Thị Hà", "张晓燕", "Minh Tuấn", "gặp lại ở Đà Nẵng", "+84987654321"} <= found


def test_an_encrypted_profile_holds_nothing_readable(tmp_path: Path) -> None:
    converted = tmp_path / "converted"
    fill(converted)
    encrypt_profile(converted, PASS)
    created = tmp_path / "created"
    create_encrypted_profile(created, PASS)[0].close()
    fill(created, PASS)
    for folder in (converted, created):
        with Profile(folder, passphrase=PASS) as opened:
            _write_more(opened)
            files = profile_files(folder)
            assert files.get(DATABASE_NAME + "-wal")  # the WAL is looked at while it holds rows
            for name, data in files.items():
                assert leaks(data) == [], f"{folder.name}/{name}"
        for name, data in profile_files(folder).items():  # and once closed (checkpointed)
            assert leaks(data) == [], f"{folder.name}/{name}"
        key_file = (folder / profile_key.KEY_FILE).read_bytes()
        assert leaks(key_file) == [] and PASS.encode() not in key_file


PHOTO = b"\x89PNG\r\n\x1a\n" + "ảnh thẻ Nguyễn Thị Hà 张晓燕".encode() * 50


def test_attachments_are_sealed_and_read_back(tmp_path: Path) -> None:
    from smartgrowth_desktop.services.attachments import AttachmentService

    folder = tmp_path / "profile"
    fill(folder)
    with Profile(folder) as profile:
        contact = RecordService(profile).list("contact")[0]
        first = AttachmentService(profile).attach("contact", contact.id, PHOTO, "card.png")
    blobs = [p for p in (folder / "attachments").rglob("*") if p.is_file()]
    assert leaks(blobs[0].read_bytes())  # the control: plain, it is readable
    encrypt_profile(folder, PASS)
    assert not (folder / "attachments" / ".sealing").exists()
    with Profile(folder, passphrase=PASS) as profile:
        service = AttachmentService(profile)
        second = service.attach("contact", contact.id, PHOTO[::-1], "back.png")
        for attachment_id in (first, second):
            row = RecordService(profile).get("attachment", attachment_id)
            assert service.read(row.content_hash) in (PHOTO, PHOTO[::-1])
    blobs = [p for p in (folder / "attachments").rglob("*") if p.is_file()]
    assert len(blobs) == 2
    for blob in blobs:
        assert leaks(blob.read_bytes()) == [] and PHOTO[:8] not in blob.read_bytes()
    decrypt_profile(folder, PASS)
    with Profile(folder) as profile:
        row = RecordService(profile).get("attachment", first)
        assert AttachmentService(profile).read(row.content_hash) == PHOTO
    opened = [p.read_bytes() for p in (folder / "attachments").rglob("*") if p.is_file()]
    assert sorted(opened) == sorted([PHOTO, PHOTO[::-1]])  # plain again
