"""Backups of an encrypted profile: encrypted, restorable only into that profile, and a
profile's old backups follow it when it is encrypted or decrypted."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.core.backup import create_backup, list_backups
from smartgrowth_desktop.core.errors import ProfileError, ValidationError
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.backups import BackupService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import decrypt_profile, encrypt_profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli
from tests.test_profile_encryption import PASS, fill
from tests.test_profile_encryption_raw import PHOTO, leaks


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")


def _with_photo(folder: Path, passphrase: str | None = None) -> None:
    fill(folder, passphrase)
    with Profile(folder, passphrase=passphrase) as profile:
        contact = RecordService(profile).list("contact")[0]
        AttachmentService(profile).attach("contact", contact.id, PHOTO, "card.png")


def _zip_leaks(path: Path) -> list[str]:
    """Secrets in the zip's raw bytes or in any member once decompressed."""
    found = leaks(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            found += leaks(archive.read(name))
    return found


def _names(profile: Profile) -> set[str]:
    return {c.family_name or "" for c in RecordService(profile).list("contact")}


def test_a_backup_of_an_encrypted_profile_is_encrypted_and_restores(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    _with_photo(folder)
    plain = create_backup(folder, tmp_path / "plain.zip").path
    assert _zip_leaks(plain)  # the control
    encrypt_profile(folder, PASS)
    with Profile(folder, passphrase=PASS) as profile:
        backup = BackupService(profile).back_up_now().path
        assert _zip_leaks(backup) == []
        with zipfile.ZipFile(backup) as archive:
            assert profile_key.KEY_FILE in archive.namelist()
        RecordService(profile).create("contact", {"family_name": "Võ"})
        assert "Võ" in _names(profile)
        BackupService(profile).restore(backup)
        assert "Võ" not in _names(profile) and "Nguyễn" in _names(profile)
        contact_photo = RecordService(profile).list("attachment")[0].content_hash
        assert AttachmentService(profile).read(contact_photo) == PHOTO
        # the profile as it was before the restore is kept, encrypted too
        for info in list_backups(folder):
            assert _zip_leaks(info.path) == [], info.path.name
        with pytest.raises(ValidationError, match="not encrypted, while the profile is"):
            BackupService(profile).restore(plain)
        assert "Nguyễn" in _names(profile)
    with pytest.raises(ProfileError, match="encrypted: unlock it to back it up"):
        create_backup(folder, tmp_path / "nokey.zip")


def test_an_encrypted_backup_is_refused_by_a_plain_or_another_profile(tmp_path: Path) -> None:
    folder, other = tmp_path / "profile", tmp_path / "other"
    _with_photo(folder)
    encrypt_profile(folder, PASS)
    with Profile(folder, passphrase=PASS) as profile:
        backup = BackupService(profile).back_up_now().path
    fill(other)
    with (
        Profile(other) as profile,
        pytest.raises(ValidationError, match="a backup of an encrypted profile"),
    ):
        BackupService(profile).restore(backup)
    encrypt_profile(other, PASS)  # another data key
    with (
        Profile(other, passphrase=PASS) as profile,
        pytest.raises(ValidationError, match="encrypted under another key"),
    ):
        BackupService(profile).restore(backup)


def test_old_backups_follow_the_profile_both_ways(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    _with_photo(folder)
    with Profile(folder) as profile:
        BackupService(profile).back_up_now()
    assert all(_zip_leaks(b.path) for b in list_backups(folder))
    encrypt_profile(folder, PASS)
    assert not (folder / ".sealing").exists()
    backups = list_backups(folder)
    assert backups and all(_zip_leaks(b.path) == [] for b in backups)
    with Profile(folder, passphrase=PASS) as profile:
        RecordService(profile).create("contact", {"family_name": "Võ"})
        BackupService(profile).restore(backups[-1].path)  # the old one, now encrypted
        assert "Võ" not in _names(profile)
    decrypt_profile(folder, PASS)
    with Profile(folder) as profile:
        BackupService(profile).restore(list_backups(folder)[-1].path)
        assert "Nguyễn" in _names(profile)


def test_the_cli_backs_up_and_restores_an_encrypted_profile(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    _with_photo(folder)
    encrypt_profile(folder, PASS)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS, encoding="utf-8")
    out = tmp_path / "cli.zip"
    made = run_cli("--passphrase-file", str(secret), "backup", "--out", str(out), data_dir=folder)
    assert made.returncode == 0, made.stderr
    assert _zip_leaks(out) == []
    refused = run_cli("restore", str(out), data_dir=folder)
    assert refused.returncode == 1 and "is encrypted" in refused.stderr
    restored = run_cli("--passphrase-file", str(secret), "restore", str(out), data_dir=folder)
    assert restored.returncode == 0, restored.stderr


def test_a_backup_of_an_encrypted_profile_restores_on_a_new_laptop(tmp_path: Path) -> None:
    folder, laptop = tmp_path / "profile", tmp_path / "new-laptop"
    _with_photo(folder)
    encrypt_profile(folder, PASS)
    with Profile(folder, passphrase=PASS) as profile:
        backup = BackupService(profile).back_up_now().path
        expected = _names(profile)
    wrong, right = tmp_path / "wrong.txt", tmp_path / "pass.txt"
    wrong.write_text("not the passphrase", encoding="utf-8")
    right.write_text(PASS, encoding="utf-8")
    refused = run_cli("--passphrase-file", str(wrong), "restore", str(backup), data_dir=laptop)
    assert refused.returncode == 1 and "the passphrase is wrong" in refused.stderr
    assert not (laptop / profile_key.KEY_FILE).exists()  # nothing left half-restored
    done = run_cli("--passphrase-file", str(right), "restore", str(backup), data_dir=laptop)
    assert done.returncode == 0, done.stderr
    with Profile(laptop, passphrase=PASS) as profile:
        assert _names(profile) == expected
        photo = RecordService(profile).list("attachment")[0].content_hash
        assert AttachmentService(profile).read(photo) == PHOTO
    assert _zip_leaks(backup) == [] and leaks((laptop / "profile.sqlite3").read_bytes()) == []
