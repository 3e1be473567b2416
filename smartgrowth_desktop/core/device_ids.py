"""Device ids that prove themselves: a laptop's id is made from its signing key.

A profile made by this version takes as its device id a version-8 UUID whose bits are
the SHA-256 of its Ed25519 public key (as Syncthing's device ids are made from their
certificates). Whoever receives a changeset can then check that the key which signed
it is the one its device id was made from: nobody can write under another laptop's id,
whatever order files arrive in and with no list of members to trust first. Profiles
made before keep their random (version-4) ids; their keys are pinned on first sight.

Standard library only: the sync server checks the same rule (tests/test_architecture.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid

KEY_BYTES = 32
SELF_CERTIFYING_VERSION = 8
_DOMAIN = b"smartgrowth device id\x00"


def _raw_key(public_key: str) -> bytes | None:
    if not isinstance(public_key, str) or len(public_key) != 44:
        return None
    try:
        raw = base64.b64decode(public_key.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None
    return raw if len(raw) == KEY_BYTES else None


def device_id_for(public_key: str) -> str:
    """The device id made from a public key (base64 of its 32 raw bytes)."""
    raw = _raw_key(public_key)
    if raw is None:
        raise ValueError("not an Ed25519 public key in base64")
    digest = bytearray(hashlib.sha256(_DOMAIN + raw).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | (SELF_CERTIFYING_VERSION << 4)
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 / 9562 variant
    return str(uuid.UUID(bytes=bytes(digest)))


def self_certifying(device_id: str) -> bool:
    """Whether ``device_id`` claims to be made from its key (a version-8 UUID)."""
    try:
        parsed = uuid.UUID(device_id)
    except (ValueError, TypeError, AttributeError):
        return False
    return parsed.variant == uuid.RFC_4122 and parsed.version == SELF_CERTIFYING_VERSION


def made_from(device_id: str, public_key: str | None) -> bool:
    """Whether ``device_id`` is the id made from ``public_key``."""
    if public_key is None or _raw_key(public_key) is None:
        return False
    return device_id_for(public_key) == device_id
