"""An encrypted profile: opened everywhere with its passphrase, converted both ways by the
CLI, refused plainly when the passphrase is wrong or the key file damaged."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.core.profile_key import KdfParams, ProfileLocked, WrongPassphrase
from smartgrowth_desktop.services.glance import glance
from smartgrowth_desktop.services.interchange import export_document
from smartgrowth_desktop.services.profile import Profile, is_encrypted_profile, unlock_data_key
from smartgrowth_desktop.services.profile_crypto import (
    change_passphrase,
    create_encrypted_profile,
    decrypt_profile,
    encrypt_profile,
)
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.search import SearchService
from tests.conftest import run_cli

CHEAP = KdfParams(n=1024)  # tests only (the default is pinned in test_profile_key.py)
PASS = "đi công tác Quảng Châu"


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Key files made here, and by the CLI subprocesses, use a cheap scrypt."""
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")


def fill(folder: Path, passphrase: str | None = None) -> None:
    """A profile with a Vietnamese and a Chinese contact (the names the raw tests seek)."""
    with Profile(folder, passphrase=passphrase) as profile:
        records = RecordService(profile)
        records.create(
            "contact",
            {
                "family_name": "Nguyễn",
                "given_name": "Thị Hà",
                "native_name": "Nguyễn Thị Hà",
                "phones": ["+84 912 345 678"],
                "notes": "Muốn thí điểm đèn đường ở Sơn Trà",
            },
        )
        records.create(
            "contact",
            {
                "family_name": "张",
                "given_name": "晓燕",
                "native_name": "张晓燕",
                "phones": ["+86 138 0013 8000"],
                "notes": "广州智慧城市项目负责人",
            },
        )


def digest(profile: Profile) -> str:
    """The profile's data, as the interchange export sees it."""
    document = export_document(profile, include_deleted=True)
    document.pop("exported_at")
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def plain_digest(folder: Path, passphrase: str | None = None) -> str:
    with Profile(folder, passphrase=passphrase) as profile:
        return digest(profile)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "profile"
    fill(path)
    yield path


def test_encrypting_keeps_every_record_and_search_works(folder: Path) -> None:
    before = plain_digest(folder)
    result = encrypt_profile(folder, PASS)
    assert result.recovery_key and result.counts["contacts"] == 2
    assert is_encrypted_profile(folder)
    assert sorted(os.listdir(folder)) == ["profile.key", "profile.lock", "profile.sqlite3"]
    with Profile(folder, passphrase=PASS) as profile:
        assert profile.encrypted
        assert digest(profile) == before
        found = SearchService(profile).search("nguyen thi ha")
        assert len(found) == 1 and "Nguyễn" in found[0].label
        assert ["张" in hit.label for hit in SearchService(profile).search("晓燕")] == [True]
        RecordService(profile).create("contact", {"family_name": "Lê", "given_name": "Lan"})
    # the recovery key opens it too; decrypting gives back a plain profile with it all
    decrypt_profile(folder, recovery=result.recovery_key)
    assert not is_encrypted_profile(folder)
    assert not (folder / profile_key.KEY_FILE).exists()
    with Profile(folder) as profile:
        assert len(RecordService(profile).list("contact")) == 3


def test_an_encrypted_profile_needs_its_passphrase_and_a_wrong_one_touches_nothing(
    folder: Path,
) -> None:
    encrypt_profile(folder, PASS)
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(ProfileLocked, match="is encrypted: give its passphrase"):
        Profile(folder)
    for _ in range(3):
        with pytest.raises(WrongPassphrase, match="the passphrase is wrong"):
            Profile(folder, passphrase="not the passphrase")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files
    Profile(folder, passphrase=PASS).close()  # no lock-out


def test_changing_the_passphrase_rewrites_only_the_key_file(folder: Path) -> None:
    result = encrypt_profile(folder, PASS)
    database = (folder / "profile.sqlite3").read_bytes()
    change_passphrase(folder, "a brand new passphrase", passphrase=PASS)
    assert (folder / "profile.sqlite3").read_bytes() == database
    with pytest.raises(WrongPassphrase):
        Profile(folder, passphrase=PASS)
    Profile(folder, passphrase="a brand new passphrase").close()
    assert result.recovery_key is not None  # the recovery key still opens it, and rekeys
    change_passphrase(folder, "third passphrase", recovery=result.recovery_key)
    Profile(folder, passphrase="third passphrase").close()
    with pytest.raises(WrongPassphrase, match="at least 8"):
        change_passphrase(folder, "short", passphrase="third passphrase")


def test_a_damaged_or_missing_key_file_is_named(folder: Path) -> None:
    encrypt_profile(folder, PASS)
    key = folder / profile_key.KEY_FILE
    good = key.read_bytes()
    key.write_bytes(good.replace(b'"n": 1024', b'"n": 2048'))
    with pytest.raises(profile_key.KeyFileError, match="damaged") as caught:
        Profile(folder, passphrase=PASS)
    assert str(key) in str(caught.value)
    key.unlink()
    with pytest.raises(ProfileError, match=r"its key file .* is missing"):
        Profile(folder, passphrase=PASS)
    key.write_bytes(good)
    Profile(folder, passphrase=PASS).close()


def test_a_new_profile_can_be_encrypted_from_its_start(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    profile, recovery = create_encrypted_profile(folder, PASS, CHEAP)
    with profile:
        RecordService(profile).create("contact", {"family_name": "Trần"})
    assert is_encrypted_profile(folder) and len(recovery) == 41
    with Profile(folder, passphrase=PASS) as opened:
        assert [c.family_name for c in RecordService(opened).list("contact")] == ["Trần"]
    with pytest.raises(ProfileError, match="already holds a profile"):
        create_encrypted_profile(folder, PASS, CHEAP)


def test_the_glance_gives_up_on_an_encrypted_profile(folder: Path) -> None:
    now = datetime.now(UTC)
    assert glance(folder, now) is not None
    encrypt_profile(folder, PASS)
    assert glance(folder, now) is None


def test_converting_an_open_profile_is_refused_and_changes_nothing(folder: Path) -> None:
    with Profile(folder) as profile:
        RecordService(profile).list("contact")
        before = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".sqlite3"}
        with pytest.raises(ProfileError, match="open in another SmartGrowth window"):
            encrypt_profile(folder, PASS)
        after = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".sqlite3"}
        assert after == before and not is_encrypted_profile(folder)
        assert len(RecordService(profile).list("contact")) == 2
    assert not list(folder.glob(".*.tmp")) and not (folder / profile_key.KEY_FILE).exists()


def test_the_cli_encrypts_opens_rekeys_and_decrypts(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    new = tmp_path / "new.txt"
    new.write_text("another passphrase\n", encoding="utf-8")
    done = run_cli("encrypt-profile", "--passphrase-file", str(secret), data_dir=folder)
    assert done.returncode == 0, done.stderr
    recovery = done.stdout.strip()
    assert len(recovery) == 41 and "cannot be recovered" in done.stderr
    locked = run_cli("list", "contact", data_dir=folder)
    assert locked.returncode == 1 and "--passphrase-file" in locked.stderr
    listed = run_cli("--passphrase-file", str(secret), "list", "contact", data_dir=folder)
    assert listed.returncode == 0 and "Nguyễn" in listed.stdout
    with monkeypatch.context() as env:
        env.setenv("SMARTGROWTH_PASSPHRASE", PASS)
        found = run_cli("search", "晓燕", data_dir=folder)
    assert found.returncode == 0 and "晓燕" in found.stdout, found.stderr
    wrong = run_cli("--passphrase-file", str(new), "list", "contact", data_dir=folder)
    assert wrong.returncode == 1 and "the passphrase is wrong" in wrong.stderr
    changed = run_cli(
        "change-passphrase",
        "--passphrase-file",
        str(secret),
        "--new-passphrase-file",
        str(new),
        data_dir=folder,
    )
    assert changed.returncode == 0, changed.stderr
    key = tmp_path / "recovery.txt"
    key.write_text(recovery, encoding="utf-8")
    plain = run_cli("decrypt-profile", "--recovery-key-file", str(key), data_dir=folder)
    assert plain.returncode == 0, plain.stderr
    assert not is_encrypted_profile(folder)
    again = run_cli("decrypt-profile", data_dir=folder)
    assert again.returncode == 1 and "is not encrypted" in again.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    refused = run_cli("encrypt-profile", "--passphrase-file", str(empty), data_dir=folder)
    assert refused.returncode == 1 and "is empty" in refused.stderr
    assert not is_encrypted_profile(folder)


def test_the_change_log_is_replayed_before_the_swap(folder: Path) -> None:
    result = encrypt_profile(folder, PASS)
    assert result.replay is not None and result.replay.replayed
    assert result.replay.entries > 0 and result.replay.differ == ()
    back = decrypt_profile(folder, PASS)
    assert back.replay is not None and back.replay.replayed and back.replay.differ == ()


def test_a_log_that_does_not_replay_to_the_data_stops_the_conversion(folder: Path) -> None:
    import sqlite3

    with sqlite3.connect(folder / "profile.sqlite3") as conn:  # a log that lost entries
        conn.execute("DELETE FROM changes WHERE id IN (SELECT id FROM changes LIMIT 3)")
    conn.close()
    before = plain_digest(folder)
    with pytest.raises(ProfileError, match="replayed into an empty profile does not give"):
        encrypt_profile(folder, PASS)
    assert not is_encrypted_profile(folder)
    assert (folder / "profile.sqlite3").read_bytes()[18:20] == b"\x02\x02"  # WAL again
    assert plain_digest(folder) == before
    assert not list(folder.glob(".*tmp")) and not list(folder.glob(".replay-*"))


def test_the_cli_makes_a_new_encrypted_profile(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS, encoding="utf-8")
    made = run_cli("encrypt-profile", "--passphrase-file", str(secret), data_dir=folder)
    assert made.returncode == 0, made.stderr
    assert len(made.stdout.strip()) == 41 and is_encrypted_profile(folder)
    added = run_cli(
        "--passphrase-file", str(secret), "add", "contact", "family_name=Trần", data_dir=folder
    )
    assert added.returncode == 0, added.stderr
    with Profile(folder, passphrase=PASS) as profile:
        assert [c.family_name for c in RecordService(profile).list("contact")] == ["Trần"]


def test_a_key_of_another_profile_is_refused_plainly(folder: Path, tmp_path: Path) -> None:
    encrypt_profile(folder, PASS)
    other = tmp_path / "other"
    create_encrypted_profile(other, PASS, CHEAP)[0].close()
    with pytest.raises(WrongPassphrase, match="another one's"):
        Profile(folder, data_key=unlock_data_key(other, PASS))


def test_a_read_during_the_encryption_of_the_open_profile_waits_for_it(folder: Path) -> None:
    import threading

    from smartgrowth_desktop.services.encryption import encrypt_open_profile

    seen: list[object] = []
    readers: list[threading.Thread] = []

    def read() -> None:
        try:
            seen.append(RecordService(profile).count("contact"))
        except Exception as error:  # what the window's other lane would have met
            seen.append(error)

    def step(name: str) -> None:
        if name == "write":  # the old file is locked, the new one not there yet
            readers.append(threading.Thread(target=read))
            readers[0].start()

    with Profile(folder) as profile:
        encrypt_open_profile(profile, PASS, step=step)
        readers[0].join(timeout=30)
        assert seen == [2] and profile.encrypted
        assert RecordService(profile).count("contact") == 2
