"""Device identities: each profile's Ed25519 key pair, and the keys it trusts for others.

Every changeset is signed by the device that wrote it (``changeset.encode`` takes a
``Signer``). A receiver pins the first key it meets for a device and refuses anything
under that device's id signed by another key, so no member can write another laptop's
history. A profile copied to a second laptop copies its key too: that honest clone is
still caught by the clone check, and explained.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlalchemy import Connection

from smartgrowth_desktop.core.device import SIGNING_KEY, read_state, write_state

KEY_SETTING = SIGNING_KEY
KEY_BYTES = 32
SIGNATURE_BYTES = 64


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode_key(text: object) -> bytes | None:
    """The 32 raw bytes of a public key given in base64, or None when it is not one."""
    if not isinstance(text, str) or len(text) != 44:
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except ValueError:
        return None
    return raw if len(raw) == KEY_BYTES else None


def fingerprint(public_key: str) -> str:
    """A short form a person can compare aloud: ``3F2A-91C0-77DE-05B1``."""
    digest = hashlib.sha256(public_key.encode("ascii")).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def verify(public_key: str, signature: str, message: bytes) -> bool:
    """Whether ``signature`` (base64) is ``public_key``'s over ``message``."""
    raw_key = decode_key(public_key)
    if raw_key is None or not isinstance(signature, str):
        return False
    try:
        raw_sig = base64.b64decode(signature.encode("ascii"), validate=True)
        Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_sig, message)
    except (ValueError, InvalidSignature):
        return False
    return len(raw_sig) == SIGNATURE_BYTES


@dataclass(frozen=True)
class Signer:
    """A device's private key: signs what the device publishes."""

    private: Ed25519PrivateKey

    @property
    def public_key(self) -> str:
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return _b64(raw)

    def sign(self, message: bytes) -> str:
        return _b64(self.private.sign(message))

    @classmethod
    def generate(cls) -> Signer:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def load(cls, conn: Connection) -> Signer:
        """This profile's key, made (in the caller's transaction) the first time."""
        stored = read_state(conn).get(KEY_SETTING)
        if stored is not None:
            raw = base64.b64decode(stored.encode("ascii"))
            return cls(Ed25519PrivateKey.from_private_bytes(raw))
        signer = cls.generate()
        raw = signer.private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        write_state(conn, {KEY_SETTING: _b64(raw)})
        return signer
