"""The key file of an encrypted profile: wrapping, recovery, rewrapping, damage."""

from __future__ import annotations

import json
import os
import stat
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartgrowth_desktop.core import profile_key as pk
from smartgrowth_desktop.core.profile_key import KdfParams, KeyFile, KeyFileError, WrongPassphrase
from tests.conftest import examples

CHEAP = KdfParams(n=1024)  # tests only: the default (2**17) is pinned below
PASS = "mưa phùn ở Hà Nội"


def test_the_default_cost_is_not_weakened() -> None:
    assert KdfParams() == KdfParams(n=2**17, r=8, p=1)


def test_a_new_key_opens_with_its_passphrase_and_its_recovery_key() -> None:
    key_file, data_key, recovery = KeyFile.create(PASS, CHEAP)
    assert len(data_key) == 32
    assert key_file.unlock(PASS) == data_key
    assert key_file.unlock_with_recovery(recovery) == data_key
    # the recovery key is forgiving of case, spaces and look-alike letters
    sloppy = recovery.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert key_file.unlock_with_recovery(sloppy) == data_key
    # the passphrase is compared as text: composed or decomposed accents alike
    assert key_file.unlock(unicodedata.normalize("NFD", PASS)) == data_key


def test_the_recovery_key_is_seven_groups_with_a_check_group() -> None:
    recovery = pk.new_recovery_key()
    groups = recovery.split("-")
    assert len(groups) == 7 and all(len(g) == 5 for g in groups)
    assert pk.new_recovery_key() != recovery
    typo = recovery[:-1] + ("0" if recovery[-1] != "0" else "1")
    with pytest.raises(WrongPassphrase, match="typo"):
        pk.normalize_recovery_key(typo)
    with pytest.raises(WrongPassphrase, match="35 letters and digits"):
        pk.normalize_recovery_key("ABCDE-FGHJK")


def test_a_wrong_passphrase_or_recovery_key_is_refused_plainly() -> None:
    key_file, _, _ = KeyFile.create(PASS, CHEAP)
    for _ in range(5):  # no lock-out: the right one still works after many wrong ones
        with pytest.raises(WrongPassphrase, match="the passphrase is wrong"):
            key_file.unlock("not the passphrase")
    with pytest.raises(WrongPassphrase, match="does not open this profile"):
        key_file.unlock_with_recovery(pk.new_recovery_key())
    assert key_file.unlock(PASS)


def test_changing_the_passphrase_rewraps_the_same_key() -> None:
    key_file, data_key, recovery = KeyFile.create(PASS, CHEAP)
    changed = key_file.rewrapped(data_key, "a whole new passphrase", CHEAP)
    assert changed.unlock("a whole new passphrase") == data_key
    assert changed.unlock_with_recovery(recovery) == data_key
    assert changed.by_recovery == key_file.by_recovery and changed.kid == key_file.kid
    with pytest.raises(WrongPassphrase):
        changed.unlock(PASS)


def test_a_short_passphrase_is_refused() -> None:
    with pytest.raises(WrongPassphrase, match="at least 8 characters"):
        KeyFile.create("short", CHEAP)


def test_the_file_round_trips_private_and_holds_no_key_in_clear(tmp_path: Path) -> None:
    key_file, data_key, recovery = KeyFile.create(PASS, CHEAP)
    path = tmp_path / pk.KEY_FILE
    pk.write_key_file(path, key_file)
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert pk.read_key_file(path) == key_file
    data = path.read_bytes()
    for secret in (data_key, data_key.hex().encode(), recovery.encode(), PASS.encode()):
        assert secret not in data
    body = json.loads(data)
    assert body["kdf"] == {"name": "scrypt", "n": 1024, "r": 8, "p": 1}


def _damage(path: Path, edit: str) -> None:
    body = json.loads(path.read_text())
    if edit == "sealed":  # one character of the wrapped key changed
        sealed = body["passphrase"]["sealed"]
        body["passphrase"]["sealed"] = ("B" if sealed[0] != "B" else "C") + sealed[1:]
        path.write_text(json.dumps(body))
    elif edit == "truncated":
        path.write_bytes(path.read_bytes()[:100])
    elif edit == "field":
        del body["recovery"]
        body["check"] = pk._digest({k: v for k, v in body.items() if k != "check"})
        path.write_text(json.dumps(body))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("sealed", "does not match its checksum"),
        ("truncated", "not the JSON it should be"),
        ("field", "a field is missing or wrong"),
    ],
)
def test_a_damaged_key_file_is_named_and_told_apart(
    tmp_path: Path, edit: str, message: str
) -> None:
    key_file, _, _ = KeyFile.create(PASS, CHEAP)
    path = tmp_path / pk.KEY_FILE
    pk.write_key_file(path, key_file)
    _damage(path, edit)
    with pytest.raises(KeyFileError, match=message) as caught:
        pk.read_key_file(path)
    assert str(path) in str(caught.value) and "damaged" in str(caught.value)


def test_a_missing_key_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="is missing") as caught:
        pk.read_key_file(tmp_path / pk.KEY_FILE)
    assert str(tmp_path / pk.KEY_FILE) in str(caught.value)


def test_out_of_range_costs_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pk.KDF_N_ENV, "1000")  # not a power of two
    with pytest.raises(ValueError, match="out of range"):
        pk.default_kdf()
    monkeypatch.setenv(pk.KDF_N_ENV, "2048")
    assert pk.default_kdf() == KdfParams(n=2048)
    key_file, _, _ = KeyFile.create(PASS, CHEAP)
    path = tmp_path / pk.KEY_FILE
    body = json.loads(key_file.to_bytes())
    body["kdf"]["n"] = 2**30  # a memory bomb in a hand-made file
    body.pop("check")
    body["check"] = pk._digest(body)
    path.write_text(json.dumps(body))
    with pytest.raises(KeyFileError, match="out of range"):
        pk.read_key_file(path)


_ONE_FILE = KeyFile.create(PASS, CHEAP)


@settings(max_examples=examples(60))
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
def test_a_key_file_damaged_anywhere_never_opens_to_another_key(position: int, value: int) -> None:
    key_file, data_key, recovery = _ONE_FILE
    data = bytearray(key_file.to_bytes())
    data[position % len(data)] = value
    try:
        damaged = KeyFile.from_bytes(bytes(data), Path("profile.key"))
        opened = [damaged.unlock(PASS), damaged.unlock_with_recovery(recovery)]
    except (KeyFileError, WrongPassphrase):
        return  # said plainly
    assert opened == [data_key, data_key]  # a change that changed nothing (whitespace)


@settings(max_examples=examples(60))
@given(noise=st.lists(st.sampled_from([" ", "-", "\t"]), max_size=12), lower=st.booleans())
def test_the_recovery_key_is_read_back_whatever_its_spacing(noise: list[str], lower: bool) -> None:
    _, _, recovery = _ONE_FILE
    plain = recovery.replace("-", "")
    typed = "".join(ch + (noise[i] if i < len(noise) else "") for i, ch in enumerate(plain))
    typed = typed.lower() if lower else typed
    assert pk.normalize_recovery_key(typed) == pk.normalize_recovery_key(recovery)
