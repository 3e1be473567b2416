"""Ed25519 signatures as the server checks them: a changeset's header and an upload request.

The app signs with ``sync/identity.py``; the server stands alone from the app's packages
(tests/test_architecture.py), so it verifies with this copy of the few lines it needs.
``tests/server/test_device_binding.py`` checks that both ends agree: the same fingerprint,
the same canonical header, the same request string.

A request is signed over the request prefix, its method, its path under the server's root
(``/v1/…``), the body's SHA-256 (the ``X-Content-SHA256`` it carries) and the device it
names, one per line: ``request_message``, from ``sync/frame.py`` (standard library only,
shared by both ends) so the two cannot drift apart.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from smartgrowth_desktop.sync.frame import request_message as request_message

KEY_BYTES = 32
SIGNATURE_BYTES = 64


def decode_key(text: object) -> bytes | None:
    """The 32 raw bytes of a public key in base64, or None when it is not one."""
    if not isinstance(text, str) or len(text) != 44:
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None
    return raw if len(raw) == KEY_BYTES else None


def verify(public_key: str, signature: object, message: bytes) -> bool:
    """Whether ``signature`` (base64) is ``public_key``'s over ``message``."""
    raw_key = decode_key(public_key)
    if raw_key is None or not isinstance(signature, str) or len(signature) > 100:
        return False
    try:
        raw_sig = base64.b64decode(signature.encode("ascii"), validate=True)
        if len(raw_sig) != SIGNATURE_BYTES:
            return False
        Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_sig, message)
    except (binascii.Error, UnicodeEncodeError, ValueError, InvalidSignature):
        return False
    return True


def fingerprint(public_key: str) -> str:
    """The short form people compare aloud (the app's ``device`` shows the same)."""
    digest = hashlib.sha256(public_key.encode("ascii")).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def canonical_header(header: dict[str, Any]) -> bytes:
    """The bytes a changeset header is written as (and, without ``sig``, what is signed)."""
    text = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")
