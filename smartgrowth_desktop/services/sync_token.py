"""Where a person's sync-server token is kept: the OS keyring, else a private file.

Never in the profile database (it travels in backups and copies). With a keyring (Windows
Credential Manager, macOS Keychain, Secret Service on a Linux desktop) the token is saved
there under the server's address. A headless machine has none: the token then goes to
``sync-server-token.json`` in the profile folder, readable by its owner only (0600), and
the command line can always take ``--token-file FILE``.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from smartgrowth_desktop.core.atomic import atomic_file
from smartgrowth_desktop.core.errors import ValidationError

KEYRING_SERVICE = "SmartGrowth Field Desk sync server"
TOKEN_FILE = "sync-server-token.json"


@dataclass(frozen=True)
class SavedToken:
    """A token and where it was found or put ("keyring", "file" or a path)."""

    token: str
    where: str


def keyring_problem() -> str | None:
    """None when an OS keyring can be used here, else a calm sentence why not."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return "the keyring package is not installed"
    try:
        backend = keyring.get_keyring()
    except Exception as error:  # a broken backend configuration
        return f"the OS keyring cannot be used ({error})"
    if isinstance(backend, fail.Keyring) or backend.priority <= 0:
        return "this machine has no OS keyring, as is usual on a headless machine"
    return None


def read_token_file(path: Path) -> str:
    """The token in a file given on the command line; raises ``ValidationError``."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ValidationError("--token-file", f"cannot read {path}: {error.strerror}") from None
    if not text or len(text) > 200 or any(c.isspace() for c in text):
        raise ValidationError("--token-file", f"{path} does not hold one token")
    return text


def load(url: str, folder: Path) -> SavedToken | None:
    """The token saved for ``url`` (keyring first, then the profile's private file)."""
    if keyring_problem() is None:
        import keyring

        with contextlib.suppress(Exception):
            token = keyring.get_password(KEYRING_SERVICE, url)
            if token:
                return SavedToken(token, "keyring")
    try:
        saved = json.loads((folder / TOKEN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    token = saved.get(url) if isinstance(saved, dict) else None
    return SavedToken(token, "file") if isinstance(token, str) and token else None


def save(url: str, token: str, folder: Path) -> SavedToken:
    """Keep ``token`` for ``url``: in the keyring when there is one, else in a 0600 file."""
    token = token.strip()
    if keyring_problem() is None:
        import keyring

        try:
            keyring.set_password(KEYRING_SERVICE, url, token)
            _forget_in_file(url, folder)
            return SavedToken(token, "keyring")
        except Exception:
            pass
    path = folder / TOKEN_FILE
    saved = _file(path)
    saved[url] = token
    _write_private(path, json.dumps(saved, indent=1))
    return SavedToken(token, "file")


def forget(url: str, folder: Path) -> None:
    """Remove the token of ``url`` wherever it was kept."""
    if keyring_problem() is None:
        import keyring

        with contextlib.suppress(Exception):
            keyring.delete_password(KEYRING_SERVICE, url)
    _forget_in_file(url, folder)


def _file(path: Path) -> dict[str, str]:
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in saved.items() if isinstance(v, str)} if isinstance(saved, dict) else {}


def _forget_in_file(url: str, folder: Path) -> None:
    path = folder / TOKEN_FILE
    saved = _file(path)
    if url in saved:
        del saved[url]
        _write_private(path, json.dumps(saved, indent=1))


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (created 0600, replaced atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path, "w", encoding="utf-8", permissions=0o600) as handle:
        handle.write(text)
