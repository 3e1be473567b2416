"""An encrypted profile on read-only media (a locked USB stick): opened with its
passphrase, listed and searched; nothing written, no lock file, no sealing attempted."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import encrypt_profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.search import SearchService
from tests.conftest import run_cli
from tests.test_profile_encryption import PASS, fill


@pytest.fixture
def read_only_encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An encrypted profile seen through a read-only bind mount (real read-only media)."""
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")
    source, mount = tmp_path / "stick", tmp_path / "mounted"
    mount.mkdir()
    fill(source / "profile")
    encrypt_profile(source / "profile", PASS)
    (source / "profile" / "profile.lock").unlink()
    for command in (["mount", "--bind", str(source), str(mount)],
                    ["mount", "-o", "remount,bind,ro", str(mount)]):  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            subprocess.run(["umount", str(mount)], capture_output=True)
            pytest.skip(f"this machine cannot make a read-only mount: {done.stderr.strip()}")
    try:
        yield mount / "profile"
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_an_encrypted_profile_on_read_only_media_opens_and_is_searched(
    read_only_encrypted: Path, tmp_path: Path
) -> None:
    folder = read_only_encrypted
    before = sorted(p.name for p in folder.iterdir())
    with Profile(folder, passphrase=PASS) as profile:
        assert profile.read_only and profile.encrypted
        assert len(RecordService(profile).list("contact")) == 2
        assert SearchService(profile).search("nguyen thi ha")
        with pytest.raises(ProfileError, match="read-only media"):
            RecordService(profile).create("contact", {"family_name": "Lê"})
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS, encoding="utf-8")
    listed = run_cli("--passphrase-file", str(secret), "list", "contact", data_dir=folder)
    assert listed.returncode == 0 and "Nguyễn" in listed.stdout, listed.stderr
    assert sorted(p.name for p in folder.iterdir()) == before
