"""An encrypted profile syncs its attachments: sent opened (then sealed by the team's key
if the team encrypts), kept sealed with its own key when received."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.core.blob_seal import is_sealed
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import create_encrypted_profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from tests.test_profile_encryption import PASS

CARD = b"\xff\xd8\xff\xe0" + "business card of Trần Văn Nam ".encode() * 40
PHOTO = b"\x89PNG\r\n\x1a\n" + "photo of 李伟 ".encode() * 40


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")


def _stored(folder: Path) -> list[bytes]:
    return [p.read_bytes() for p in (folder / "attachments").rglob("*") if p.is_file()]


def test_attachments_cross_between_an_encrypted_and_a_plain_profile(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    sealed_folder, plain_folder = tmp_path / "sealed", tmp_path / "plain"
    create_encrypted_profile(sealed_folder, PASS)[0].close()
    with Profile(sealed_folder, passphrase=PASS) as sealed:
        person = RecordService(sealed).create("contact", {"family_name": "Trần"})
        AttachmentService(sealed).attach("contact", person, CARD, "card.jpg")
        SyncService(sealed).sync_folder(shared)
    with Profile(plain_folder) as plain:
        SyncService(plain).sync_folder(shared)
        other = RecordService(plain).create("contact", {"family_name": "李"})
        AttachmentService(plain).attach("contact", other, PHOTO, "photo.png")
        SyncService(plain).sync_folder(shared)
    assert sorted(_stored(plain_folder)) == sorted([CARD, PHOTO])  # arrived opened
    with Profile(sealed_folder, passphrase=PASS) as sealed:
        SyncService(sealed).sync_folder(shared)
        service = AttachmentService(sealed)
        rows = RecordService(sealed).list("attachment")
        assert sorted(service.read(r.content_hash) or b"" for r in rows) == sorted([CARD, PHOTO])
    stored = _stored(sealed_folder)
    assert len(stored) == 2 and all(is_sealed(data) for data in stored)
    assert not any("Trần".encode() in d or "李伟".encode() in d for d in stored)
