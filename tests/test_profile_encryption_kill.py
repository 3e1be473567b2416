"""Killed (SIGKILL, real subprocesses) while encrypting, decrypting or changing the
passphrase: exactly one usable profile afterwards, with every record."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.core.backup import list_backups
from smartgrowth_desktop.core.blob_seal import is_sealed
from smartgrowth_desktop.core.paths import DATABASE_NAME
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.backups import BackupService
from smartgrowth_desktop.services.profile import Profile, is_encrypted_profile
from smartgrowth_desktop.services.profile_crypto import decrypt_profile, encrypt_profile
from smartgrowth_desktop.services.records import RecordService
from tests.test_profile_encryption import PASS, digest, fill
from tests.test_profile_encryption_backup import _zip_leaks
from tests.test_profile_encryption_raw import PHOTO

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL")

NEW_PASS = "the passphrase after"

#: runs a conversion, printing each step's name, and stops for good at the one named
STOPPING = """
import sys, time
from pathlib import Path
from smartgrowth_desktop.services import profile_crypto as pc
folder, action, stop = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
def step(name):
    print(name, flush=True)
    if name == stop:
        time.sleep(600)
if action == "encrypt":
    pc.encrypt_profile(folder, sys.argv[4], step=step)
else:
    pc.decrypt_profile(folder, sys.argv[4], step=step)
print("finished", flush=True)
"""


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")


def _big(folder: Path) -> str:
    """A profile with enough rows that copying it takes a moment, a photo and a backup;
    its data's digest."""
    fill(folder)
    with Profile(folder) as profile, profile.write() as writer:
        notes = "ghi chú cuộc họp " * 20
        rows = [(uuid.uuid4(), {"family_name": f"Lê {n}", "notes": notes}) for n in range(800)]
        writer.create_many("contact", rows)
    with Profile(folder) as profile:
        contact = RecordService(profile).list("contact")[0]
        AttachmentService(profile).attach("contact", contact.id, PHOTO, "card.png")
        BackupService(profile).back_up_now()
        return digest(profile)


def _sealed_whole(folder: Path) -> None:
    """Once an encrypted profile has been opened, nothing of it is left readable."""
    assert not (folder / ".sealing").exists()
    for path in (folder / "attachments").rglob("*"):
        if path.is_file() and len(path.name) == 64:
            assert is_sealed(path.read_bytes()), path
    for backup in list_backups(folder):
        assert _zip_leaks(backup.path) == [], backup.path


def _usable(folder: Path, expected: str, passphrases: tuple[str, ...] = (PASS,)) -> bool:
    """The one profile in ``folder`` opens and holds ``expected``; True if encrypted."""
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    encrypted = is_encrypted_profile(folder)
    if not encrypted:
        with Profile(folder) as profile:
            assert digest(profile) == expected
        return False
    for passphrase in passphrases:
        try:
            profile = Profile(folder, passphrase=passphrase)
        except profile_key.WrongPassphrase:
            continue
        with profile:
            assert digest(profile) == expected
            assert AttachmentService(profile).read(hashlib.sha256(PHOTO).hexdigest()) == PHOTO
        _sealed_whole(folder)
        return True
    raise AssertionError(f"no passphrase opens {folder} (left over: {leftovers})")


def _kill_at(folder: Path, action: str, stop: str, passphrase: str) -> list[str]:
    script = [sys.executable, "-c", STOPPING, str(folder), action, stop, passphrase]
    process = subprocess.Popen(script, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    seen: list[str] = []
    while not seen or seen[-1] not in (stop, "finished", ""):
        seen.append(process.stdout.readline().strip())
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    assert seen[-1] == stop, seen
    return seen


SEAL = "attachments and backups"
ENCRYPT_STEPS = ("lock", "write", "verify", "key file", "swap", SEAL, "done")
DECRYPT_STEPS = (SEAL, "lock", "write", "verify", "swap", "key file", "done")


@pytest.mark.slow
def test_killed_at_every_step_of_encrypting_and_decrypting(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    expected = _big(folder)
    for stop in ENCRYPT_STEPS:
        _kill_at(folder, "encrypt", stop, PASS)
        encrypted = _usable(folder, expected)
        assert encrypted == (stop in (SEAL, "done")), stop
        if encrypted:  # back to plain for the next round, by the service itself
            decrypt_profile(folder, PASS)
    encrypt_profile(folder, PASS)  # a killed run leaves nothing in the way of the next
    for stop in DECRYPT_STEPS:
        _kill_at(folder, "decrypt", stop, PASS)
        encrypted = _usable(folder, expected)
        assert encrypted == (stop in (SEAL, "lock", "write", "verify", "swap")), stop
        if not encrypted:
            encrypt_profile(folder, PASS)
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def _cli(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "smartgrowth_desktop", "--data-dir", str(folder), *args]


@pytest.mark.slow
def test_the_cli_killed_at_moments_spread_over_its_run(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    expected = _big(folder)
    secrets = {}
    for name, text in (("old", PASS), ("new", NEW_PASS)):
        secrets[name] = tmp_path / f"{name}.txt"
        secrets[name].write_text(text, encoding="utf-8")
    encrypt = _cli(folder, "encrypt-profile", "--passphrase-file", str(secrets["old"]))
    started = time.monotonic()
    subprocess.run(encrypt, check=True, capture_output=True, timeout=120)
    whole = time.monotonic() - started
    decrypt = _cli(folder, "decrypt-profile", "--passphrase-file", str(secrets["old"]))
    subprocess.run(decrypt, check=True, capture_output=True, timeout=120)
    for fraction in (0.6, 0.85, 0.95, 1.05):
        command = decrypt if is_encrypted_profile(folder) else encrypt
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        _usable(folder, expected)
    if not is_encrypted_profile(folder):
        subprocess.run(encrypt, check=True, capture_output=True, timeout=120)
    # changing the passphrase: the old one or the new one opens it, never neither
    change = _cli(
        folder,
        "change-passphrase",
        "--passphrase-file",
        str(secrets["old"]),
        "--new-passphrase-file",
        str(secrets["new"]),
    )
    env = {**os.environ, profile_key.KDF_N_ENV: str(2**16)}  # a rewrap that takes a moment
    for fraction in (0.4, 0.8, 1.0):
        process = subprocess.Popen(change, env=env, stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert _usable(folder, expected, (PASS, NEW_PASS))
        if _opens(folder, NEW_PASS):
            break
    assert (folder / DATABASE_NAME).is_file()


def _opens(folder: Path, passphrase: str) -> bool:
    try:
        Profile(folder, passphrase=passphrase).close()
    except profile_key.WrongPassphrase:
        return False
    return True
