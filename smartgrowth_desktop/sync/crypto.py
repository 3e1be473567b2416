"""Team encryption: a key from the team passphrase, and sealed (AES-256-GCM) files.

``team.json`` in the shared folder holds the scrypt parameters, a random per-team salt,
a key id and a check value, so a wrong passphrase is told apart from a damaged file. The
passphrase itself is never stored anywhere. Each sealed file gets its own key, derived
with HKDF from the team key and a random salt, and a random nonce; the envelope header
is authenticated too::

    b"SGCE" | u32 header length | header JSON {format, kid, salt, nonce, len} | ciphertext

``len`` (the ciphertext's length, tag included) tells a file still being copied from a
damaged one (see ``arrival``); files sealed before it was added simply lack it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from smartgrowth_desktop.core.errors import SmartGrowthError
from smartgrowth_desktop.sync.changeset import ChangesetError
from smartgrowth_desktop.sync.frame import PREFIX, SEALED, frame
from smartgrowth_desktop.sync.names import TEAM_FILE as TEAM_FILE

FORMAT = 1
SCRYPT = {"n": 2**16, "r": 8, "p": 1}
CHECK = b"smartgrowth team key check"
_TAG = 16  # bytes of the GCM tag after the ciphertext


class TeamKeyError(SmartGrowthError):
    """The team passphrase is missing, wrong, or the folder's team.json is unusable."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"])
    return kdf.derive(passphrase.encode("utf-8"))


@dataclass(frozen=True)
class TeamKey:
    """The key a team's folder is sealed with."""

    kid: str
    key: bytes

    def seal(self, plain: bytes, purpose: bytes) -> bytes:
        """``plain`` encrypted and authenticated, in the envelope format."""
        salt, nonce = os.urandom(16), os.urandom(12)
        header = {
            "format": FORMAT,
            "kid": self.kid,
            "salt": _b64(salt),
            "nonce": _b64(nonce),
            "len": len(plain) + _TAG,
        }
        head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")
        sealed = AESGCM(self._file_key(salt, purpose)).encrypt(nonce, plain, head)
        return frame(SEALED, head, sealed)

    def open(self, data: bytes, purpose: bytes) -> bytes:
        """The plain bytes of a sealed file; raises ``ChangesetError`` saying why not."""
        if len(data) < PREFIX.size or data[:4] != SEALED:
            raise ChangesetError(
                "not sealed with the team key (an unencrypted file in an encrypted folder)"
            )
        _, head_len = PREFIX.unpack_from(data)
        head = data[PREFIX.size : PREFIX.size + head_len]
        try:
            header = json.loads(head.decode("ascii"))
            salt, nonce = _unb64(header["salt"]), _unb64(header["nonce"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise ChangesetError("damaged: its encryption header is unreadable") from None
        if isinstance(header.get("format"), int) and header["format"] > FORMAT:
            raise ChangesetError("sealed by a newer version of the app; update the app")
        if header.get("kid") != self.kid:
            raise ChangesetError(
                "sealed with a different team key (another team's or an older folder's); wrong key"
            )
        try:
            return AESGCM(self._file_key(salt, purpose)).decrypt(
                nonce, data[PREFIX.size + head_len :], head
            )
        except (InvalidTag, ValueError):
            raise ChangesetError(
                "cannot be decrypted with the team key: damaged, truncated or tampered with"
            ) from None

    def overhead(self, size: int = 0) -> int:
        """How many bytes sealing adds to a file of ``size`` bytes."""
        return len(self.seal(bytes(size), b"size")) - size

    def blob_name(self, content_hash: str) -> str:
        """The folder name of an attachment's blob: reveals nothing about its content."""
        return hmac.new(self.key, content_hash.encode("ascii"), hashlib.sha256).hexdigest()

    def _file_key(self, salt: bytes, purpose: bytes) -> bytes:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"sg/" + purpose)
        return hkdf.derive(self.key)


def new_team(passphrase: str) -> tuple[TeamKey, bytes]:
    """A new team key from ``passphrase`` and the ``team.json`` bytes describing it."""
    if not passphrase:
        raise TeamKeyError("the team passphrase is empty")
    salt = os.urandom(16)
    key = _derive(passphrase, salt, SCRYPT)
    kid = os.urandom(8).hex()
    document = {
        "format": FORMAT,
        "cipher": "AES-256-GCM",
        "kdf": {"name": "scrypt", **SCRYPT, "salt": _b64(salt)},
        "kid": kid,
        "check": hmac.new(key, CHECK, hashlib.sha256).hexdigest(),
    }
    return TeamKey(kid, key), (json.dumps(document, indent=2) + "\n").encode("ascii")


def sealed_kid(data: bytes) -> str | None:
    """The key id a sealed file names in its envelope (None: not sealed, or unreadable)."""
    if len(data) < PREFIX.size or data[:4] != SEALED:
        return None
    _, head_len = PREFIX.unpack_from(data)
    try:
        kid = json.loads(data[PREFIX.size : PREFIX.size + head_len].decode("ascii")).get("kid")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return None
    return kid if isinstance(kid, str) else None


def team_kid(team_json: bytes) -> str | None:
    """The key id a ``team.json`` names (None when it is unreadable)."""
    try:
        kid = json.loads(team_json.decode("utf-8")).get("kid")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return None
    return kid if isinstance(kid, str) else None


def _memory(params: dict[str, int]) -> int:
    """The bytes scrypt needs with these parameters (a hostile file must not exhaust RAM)."""
    return 128 * params["n"] * params["r"] * max(1, params["p"])


def unlock(team_json: bytes, passphrase: str) -> TeamKey:
    """The team key of a folder's ``team.json``; raises ``TeamKeyError`` if it does not fit."""
    try:
        document = json.loads(team_json.decode("utf-8"))
        kdf = document["kdf"]
        params = {name: int(kdf[name]) for name in ("n", "r", "p")}
        salt, kid, check = _unb64(kdf["salt"]), str(document["kid"]), str(document["check"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise TeamKeyError(f"{TEAM_FILE} is damaged ({error})") from None
    if document.get("format", FORMAT) > FORMAT or kdf.get("name") != "scrypt":
        raise TeamKeyError(f"{TEAM_FILE} was written by a newer version; update the app")
    if params["n"] > 2**20 or params["r"] > 32 or params["p"] > 16 or _memory(params) > 2**28:
        raise TeamKeyError(f"{TEAM_FILE} asks for an unreasonable key derivation")
    key = _derive(passphrase, salt, params)
    if not hmac.compare_digest(hmac.new(key, CHECK, hashlib.sha256).hexdigest(), check):
        raise TeamKeyError(
            f"the team passphrase does not open this folder ({TEAM_FILE}): wrong passphrase; "
            "nothing was read or written"
        )
    return TeamKey(kid, key)
