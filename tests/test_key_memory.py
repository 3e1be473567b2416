"""'Remember on this computer': the data key in the OS keyring, through keyring's own
backend interface (an in-memory backend stands in for the desktop's key store)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.services import key_memory
from smartgrowth_desktop.services.profile import Profile, unlock_data_key
from smartgrowth_desktop.services.profile_crypto import change_passphrase, encrypt_profile

PASS = "chuyến đi Đà Nẵng"


class MemoryKeyring(KeyringBackend):
    """A key store in memory, with the priority of a real one."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def store() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")
    path = tmp_path / "profile"
    Profile(path).close()
    encrypt_profile(path, PASS)
    return path


def test_a_remembered_key_opens_the_profile(store: MemoryKeyring, folder: Path) -> None:
    assert key_memory.remember_problem() is None
    assert key_memory.remembered(folder) is None
    data_key = unlock_data_key(folder, PASS)
    key_memory.remember(folder, data_key)
    assert key_memory.remembered(folder) == data_key
    assert PASS not in str(store.kept)  # the key, never the passphrase
    Profile(folder, data_key=key_memory.remembered(folder)).close()
    change_passphrase(folder, "another passphrase", passphrase=PASS)
    assert key_memory.remembered(folder) == data_key  # the same data key, rewrapped
    key_memory.forget(folder)
    assert key_memory.remembered(folder) is None and store.kept == {}


def test_a_remembered_key_of_another_profile_is_not_taken(
    store: MemoryKeyring, folder: Path
) -> None:
    key_memory.remember(folder, bytes(32))  # not this profile's key
    assert key_memory.remembered(folder) is None
    store.kept[(key_memory.KEYRING_SERVICE, str(folder.resolve()))] = "not hex"
    assert key_memory.remembered(folder) is None


def test_without_a_keyring_nothing_is_remembered(folder: Path) -> None:
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert "no OS keyring" in (key_memory.remember_problem() or "")
        assert key_memory.remembered(folder) is None
        key_memory.forget(folder)  # nothing to do, no error
    finally:
        keyring.set_keyring(before)
