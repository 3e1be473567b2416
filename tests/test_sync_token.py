"""Where a sync-server token is kept: the OS keyring when there is one, else a 0600 file."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.compat import properties

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services import sync_token

URL = "https://sync.example.org"
TOKEN = "sgt_" + "Ab1_-" * 8 + "xyz"


class MemoryKeyring(KeyringBackend):
    """A keyring in memory, standing in for the OS key store.

    Not viable for keyring's own detection (its priority raises until a test enables it),
    so defining it here never makes it the default of the test process.
    """

    enabled = False

    @properties.classproperty
    def priority(cls) -> float:
        if not cls.enabled:
            raise RuntimeError("only where a test sets it")
        return 1

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


@pytest.fixture
def backend() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    MemoryKeyring.enabled = False
    keyring.set_keyring(before)


def test_without_a_keyring_the_token_goes_to_a_private_file(tmp_path: Path, backend: None) -> None:
    keyring.set_keyring(fail.Keyring())
    assert "no OS keyring" in (sync_token.keyring_problem() or "")
    assert sync_token.load(URL, tmp_path) is None
    assert sync_token.save(URL, TOKEN, tmp_path).where == "file"
    path = tmp_path / sync_token.TOKEN_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sync_token.load(URL, tmp_path) == sync_token.SavedToken(TOKEN, "file")
    assert sync_token.load("https://other.example.org", tmp_path) is None
    sync_token.forget(URL, tmp_path)
    assert sync_token.load(URL, tmp_path) is None


def test_with_a_keyring_no_file_is_written(tmp_path: Path, backend: None) -> None:
    MemoryKeyring.enabled = True
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    assert sync_token.keyring_problem() is None
    assert sync_token.save(URL, f"  {TOKEN}\n", tmp_path).where == "keyring"
    assert memory.saved == {(sync_token.KEYRING_SERVICE, URL): TOKEN}
    assert not (tmp_path / sync_token.TOKEN_FILE).exists()
    assert sync_token.load(URL, tmp_path) == sync_token.SavedToken(TOKEN, "keyring")


def test_a_token_file_must_hold_one_token(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.write_text(TOKEN + "\n", encoding="utf-8")
    assert sync_token.read_token_file(good) == TOKEN
    for text in ("", "two tokens", "x" * 300):
        bad = tmp_path / "bad"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ValidationError, match="does not hold one token"):
            sync_token.read_token_file(bad)
    with pytest.raises(ValidationError, match="cannot read"):
        sync_token.read_token_file(tmp_path / "missing")
