"""The key of an encrypted profile: a random data key, wrapped twice, in ``profile.key``.

The profile's data (the SQLCipher database, later its attachments and backups) is
encrypted under one random 256-bit *data key*. That key is never stored in clear: the
key file beside the database holds it wrapped (AES-256-GCM) twice,

- by a key derived from the passphrase with scrypt (its cost parameters and salt are
  stored, so a later version may raise the cost for new files and still open old ones);
- by a key derived (HKDF) from the *recovery key*, 150 random bits shown once to the
  user as ``XXXXX-XXXXX-...`` (Crockford base32, with a check group against typos).

Changing the passphrase rewraps the data key: nothing else is re-encrypted. The file
carries a SHA-256 of its own content, so a damaged file is told apart from a wrong
passphrase (both would otherwise fail the same GCM tag check). Nothing here counts
failed attempts: a wrong passphrase never locks the file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from smartgrowth_desktop.core import paths
from smartgrowth_desktop.core.atomic import write_atomically
from smartgrowth_desktop.core.errors import ProfileError

KEY_FILE = paths.KEY_FILE
FORMAT = "smartgrowth-profile-key/1"
#: Tests (and only tests) may set this to a smaller scrypt ``n`` (a power of two, at
#: least 1024) for the key files they create; opening always uses the stored parameters.
KDF_N_ENV = "SMARTGROWTH_KDF_N"
MIN_PASSPHRASE = 8
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_RECOVERY_BITS = 150
_GROUP = 5


class KeyFileError(ProfileError):
    """The key file is missing, damaged or of an unknown format (its path is named)."""


class ProfileLocked(ProfileError):
    """The profile is encrypted and no passphrase (or key) was given to open it."""


class WrongPassphrase(ProfileError):
    """The passphrase (or recovery key) does not open this profile; nothing was changed."""


@dataclass(frozen=True)
class KdfParams:
    """scrypt's cost: ``n`` (CPU and memory, a power of two), ``r`` (block size), ``p``."""

    n: int = 2**17  # 128 MiB, about 0.3 s on a laptop core (OWASP's recommendation)
    r: int = 8
    p: int = 1

    def check(self) -> None:
        """Raise ``ValueError`` for parameters no file of ours holds (or a memory bomb)."""
        if not (1024 <= self.n <= 2**20 and self.n & (self.n - 1) == 0):
            raise ValueError(f"scrypt n={self.n} out of range")
        if not (1 <= self.r <= 16 and 1 <= self.p <= 4):
            raise ValueError(f"scrypt r={self.r}, p={self.p} out of range")


def default_kdf() -> KdfParams:
    """The cost for a new key file: the default, or ``$SMARTGROWTH_KDF_N`` in tests."""
    text = os.environ.get(KDF_N_ENV)
    if not text:
        return KdfParams()
    params = KdfParams(n=int(text))
    params.check()
    return params


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any, size: int | None = None) -> bytes:
    if not isinstance(value, str):
        raise ValueError("expected base64 text")
    data = base64.b64decode(value.encode("ascii"), validate=True)
    if size is not None and len(data) != size:
        raise ValueError("wrong length")
    return data


def _passphrase_key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    text = unicodedata.normalize("NFC", passphrase)
    return Scrypt(salt=salt, length=32, n=kdf.n, r=kdf.r, p=kdf.p).derive(text.encode("utf-8"))


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def subkey(data_key: bytes, purpose: str) -> bytes:
    """A key for one use (``"database"``, ``"attachments"``, ...) derived from the data key."""
    return _hkdf(data_key, b"smartgrowth profile", purpose.encode("ascii"))


def key_id(data_key: bytes) -> str:
    """A short public name of a data key (tells two profiles' keys apart; reveals nothing)."""
    return hmac.new(data_key, b"smartgrowth key id", hashlib.sha256).hexdigest()[:16]


# -- the recovery key ---------------------------------------------------------------------


def _check_group(payload: str) -> str:
    digest = int.from_bytes(hashlib.sha256(payload.encode("ascii")).digest()[:4], "big")
    return "".join(_ALPHABET[(digest >> (5 * i)) & 31] for i in range(_GROUP))


def new_recovery_key() -> str:
    """150 random bits as six groups of five characters, then a check group."""
    value = secrets.randbits(_RECOVERY_BITS)
    chars = "".join(_ALPHABET[(value >> (5 * i)) & 31] for i in range(_RECOVERY_BITS // 5))
    groups = [chars[i : i + _GROUP] for i in range(0, len(chars), _GROUP)]
    return "-".join([*groups, _check_group(chars)])


def normalize_recovery_key(text: str) -> str:
    """The recovery key's 30 payload characters, or ``WrongPassphrase`` saying what is off
    (case, spaces, dashes, O for 0 and I or L for 1 are forgiven)."""
    plain = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    plain = plain.replace("O", "0").replace("I", "1").replace("L", "1")
    size = _RECOVERY_BITS // 5 + _GROUP
    if len(plain) != size or any(ch not in _ALPHABET for ch in plain):
        raise WrongPassphrase(
            f"a recovery key has {size} letters and digits in seven groups "
            f"(XXXXX-XXXXX-…); this one has {len(plain)}"
        )
    payload, check = plain[:-_GROUP], plain[-_GROUP:]
    if _check_group(payload) != check:
        raise WrongPassphrase("this recovery key has a typo (its last group does not match)")
    return payload


def _recovery_secret(text: str) -> bytes:
    return normalize_recovery_key(text).encode("ascii")


# -- the key file -------------------------------------------------------------------------


@dataclass(frozen=True)
class Wrapped:
    """The data key sealed under one unlocking key."""

    salt: bytes
    nonce: bytes
    sealed: bytes

    def to_json(self) -> dict[str, str]:
        return {"salt": _b64(self.salt), "nonce": _b64(self.nonce), "sealed": _b64(self.sealed)}

    @staticmethod
    def from_json(value: Any) -> Wrapped:
        if not isinstance(value, dict):
            raise ValueError("expected an object")
        return Wrapped(
            _unb64(value.get("salt"), 16),
            _unb64(value.get("nonce"), 12),
            _unb64(value.get("sealed"), 48),
        )


def _seal(unlock: bytes, data_key: bytes, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(12)
    return nonce, AESGCM(unlock).encrypt(nonce, data_key, aad)


@dataclass(frozen=True)
class KeyFile:
    """What ``profile.key`` holds: the KDF parameters and the data key wrapped twice."""

    kid: str
    kdf: KdfParams
    by_passphrase: Wrapped
    by_recovery: Wrapped

    @staticmethod
    def create(passphrase: str, kdf: KdfParams | None = None) -> tuple[KeyFile, bytes, str]:
        """A new data key: returns the key file, the data key and the recovery key."""
        check_new_passphrase(passphrase)
        data_key = os.urandom(32)
        recovery = new_recovery_key()
        salt = os.urandom(16)
        nonce, sealed = _seal(_hkdf(_recovery_secret(recovery), salt, b"recovery"), data_key, b"")
        rec = Wrapped(salt, nonce, sealed)
        placeholder = Wrapped(b"\0" * 16, b"\0" * 12, b"\0" * 48)
        blank = KeyFile(key_id(data_key), kdf or default_kdf(), placeholder, rec)
        return blank.rewrapped(data_key, passphrase, kdf), data_key, recovery

    def rewrapped(self, data_key: bytes, passphrase: str, kdf: KdfParams | None = None) -> KeyFile:
        """The same data key under a new passphrase (the recovery key still opens it)."""
        check_new_passphrase(passphrase)
        params = kdf or default_kdf()
        salt = os.urandom(16)
        nonce, sealed = _seal(_passphrase_key(passphrase, salt, params), data_key, b"")
        return replace(self, kdf=params, by_passphrase=Wrapped(salt, nonce, sealed))

    def unlock(self, passphrase: str) -> bytes:
        """The data key, or ``WrongPassphrase`` (the file is left as it is)."""
        wrapped = self.by_passphrase
        unlock = _passphrase_key(passphrase, wrapped.salt, self.kdf)
        return self._open(unlock, wrapped, "the passphrase is wrong")

    def unlock_with_recovery(self, recovery: str) -> bytes:
        """The data key from the recovery key, or ``WrongPassphrase``."""
        wrapped = self.by_recovery
        unlock = _hkdf(_recovery_secret(recovery), wrapped.salt, b"recovery")
        return self._open(unlock, wrapped, "this recovery key does not open this profile")

    def _open(self, unlock: bytes, wrapped: Wrapped, message: str) -> bytes:
        try:
            data_key = AESGCM(unlock).decrypt(wrapped.nonce, wrapped.sealed, b"")
        except InvalidTag:
            raise WrongPassphrase(f"{message} (nothing was changed; try again)") from None
        if key_id(data_key) != self.kid:
            raise WrongPassphrase(f"{message} (nothing was changed; try again)")
        return data_key

    def to_bytes(self) -> bytes:
        """The file's content: JSON with a SHA-256 of the rest in ``check``."""
        body = {
            "format": FORMAT,
            "kid": self.kid,
            "kdf": {"name": "scrypt", "n": self.kdf.n, "r": self.kdf.r, "p": self.kdf.p},
            "passphrase": self.by_passphrase.to_json(),
            "recovery": self.by_recovery.to_json(),
        }
        body["check"] = _digest(body)
        return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode("ascii")

    @staticmethod
    def from_bytes(data: bytes, where: Path) -> KeyFile:
        """Parse a key file, or ``KeyFileError`` naming ``where`` and what is wrong."""
        try:
            body = json.loads(data.decode("ascii"))
            if not isinstance(body, dict):
                raise ValueError("not a JSON object")
        except (UnicodeDecodeError, ValueError):
            raise _damaged(where, "it is not the JSON it should be") from None
        if body.get("format") != FORMAT:
            raise KeyFileError(
                f"{where} is not a SmartGrowth profile key of a format this version knows "
                f"({body.get('format')!r})"
            )
        check = body.pop("check", None)
        if check != _digest(body):
            raise _damaged(where, "its content does not match its checksum")
        try:
            kdf = body["kdf"]
            params = KdfParams(int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
            params.check()
            return KeyFile(
                str(body["kid"]),
                params,
                Wrapped.from_json(body["passphrase"]),
                Wrapped.from_json(body["recovery"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise _damaged(where, f"a field is missing or wrong ({error})") from None


def _digest(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")
    return hashlib.sha256(canonical).hexdigest()


def _damaged(where: Path, why: str) -> KeyFileError:
    return KeyFileError(
        f"the key file {where} is damaged ({why}); the profile cannot be unlocked with it. "
        "Put back a copy of this file (a backup of the profile folder holds one)"
    )


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect anything."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise WrongPassphrase(
            f"a passphrase needs at least {MIN_PASSPHRASE} characters (a few words is best)"
        )


def read_key_file(path: Path) -> KeyFile:
    """The key file at ``path``, or ``KeyFileError`` (missing, unreadable, damaged)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(
            f"this profile is encrypted but its key file {path} is missing; put back a copy "
            "of it (without it neither the passphrase nor the recovery key can open the data)"
        ) from None
    except OSError as error:
        raise KeyFileError(f"the key file {path} cannot be read: {error.strerror}") from None
    if len(data) > 64 * 1024:
        raise _damaged(path, "it is far too large")
    return KeyFile.from_bytes(data, path)


def write_key_file(path: Path, key_file: KeyFile) -> None:
    """Write ``key_file`` at ``path`` in one step, readable by its owner only."""
    write_atomically(path, key_file.to_bytes(), permissions=0o600)
