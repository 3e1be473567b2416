""" "Remember on this computer": an encrypted profile's data key in the OS keyring.

With a keyring (Windows Credential Manager, macOS Keychain, Secret Service on a Linux
desktop) the data key is kept under the profile folder's path, and the profile opens
without its passphrase for whoever can log in as this user. A headless machine has no
keyring (``keyring`` falls back to its "fail" backend): the option is then offered
disabled, with the reason. Light at import (the unlock screen is the first frame).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.services.sync_token import keyring_problem

KEYRING_SERVICE = "SmartGrowth Field Desk profile key"


def remember_problem() -> str | None:
    """None when the OS keyring can keep the key here, else why not (headless, none)."""
    return keyring_problem()


def _account(folder: Path) -> str:
    return str(folder.resolve())


def remember(folder: Path, data_key: bytes) -> None:
    """Keep the data key in the OS keyring (this user on this computer)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, _account(folder), data_key.hex())


def remembered(folder: Path) -> bytes | None:
    """The data key kept for ``folder`` if it still opens its key file's key, else None."""
    if remember_problem() is not None:
        return None
    import keyring

    try:
        text = keyring.get_password(KEYRING_SERVICE, _account(folder))
        data_key = bytes.fromhex(text) if text else None
        key_file = profile_key.read_key_file(folder / profile_key.KEY_FILE)
    except (ValueError, profile_key.KeyFileError, keyring.errors.KeyringError):
        return None
    if data_key is None or profile_key.key_id(data_key) != key_file.kid:
        return None
    return data_key


def forget(folder: Path) -> None:
    """Remove a remembered key (nothing happens when there is none)."""
    if remember_problem() is not None:
        return
    import keyring

    with contextlib.suppress(keyring.errors.KeyringError):
        keyring.delete_password(KEYRING_SERVICE, _account(folder))
