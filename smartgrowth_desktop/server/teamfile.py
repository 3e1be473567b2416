"""The team file (``team.json``) a team that encrypts keeps on the server, checked by shape.

It holds the scrypt parameters, a salt, a key id and a check value (``sync/crypto.py``
writes it; never the passphrase). The server cannot tell a right passphrase from a wrong
one, but it refuses anything the app could not use, or would choke on: other fields,
unbounded key derivation, a salt or key id of the wrong size.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from smartgrowth_desktop.server.frames import FrameError
from smartgrowth_desktop.sync.bounded_json import loads_bounded

MAX_BYTES = 4096
FORMAT = 1
KID = re.compile(r"[0-9a-f]{16}")
_CHECK = re.compile(r"[0-9a-f]{64}")
_KEYS = {"format", "cipher", "kdf", "kid", "check"}
_KDF_KEYS = {"name", "n", "r", "p", "salt"}


def _salt(text: Any) -> bytes:
    try:
        salt = base64.b64decode(str(text).encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise FrameError("team.json: the salt is not base64") from None
    if not 16 <= len(salt) <= 64:
        raise FrameError("team.json: the salt must be 16 to 64 bytes")
    return salt


def _check_work(kdf: dict[str, Any]) -> None:
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if not (type(n) is int and type(r) is int and type(p) is int):
        raise FrameError("team.json: n, r and p must be integers")
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise FrameError("team.json: the key derivation asks for unreasonable work")


def check(data: bytes) -> str:
    """The key id of a well-formed team file; raises ``FrameError`` saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise FrameError(f"team.json is {len(data)} bytes; a team file is well under {MAX_BYTES}")
    try:
        document = loads_bounded(data, max_depth=2)
    except ValueError as error:
        raise FrameError(f"team.json is not readable: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("kdf"), dict):
        raise FrameError("team.json must be an object with the key derivation (kdf)")
    if type(document.get("format")) is not int or document["format"] < FORMAT:
        raise FrameError("team.json: format is missing")
    if not isinstance(document.get("kid"), str) or not KID.fullmatch(document["kid"]):
        raise FrameError("team.json: the key id must be 16 hexadecimal digits")
    if document["format"] > FORMAT:  # a newer app's file: its fields are its business
        return str(document["kid"])
    kdf = document["kdf"]
    if set(document) != _KEYS or set(kdf) != _KDF_KEYS:
        raise FrameError(f"team.json must hold exactly {sorted(_KEYS)}")
    if document["cipher"] != "AES-256-GCM" or kdf["name"] != "scrypt":
        raise FrameError("team.json: only AES-256-GCM with an scrypt key is known")
    if not isinstance(document["check"], str) or not _CHECK.fullmatch(document["check"]):
        raise FrameError("team.json: the check value must be 64 hexadecimal digits")
    _check_work(kdf)
    _salt(kdf["salt"])
    return str(document["kid"])


def kid_of(data: bytes) -> str:
    """The key id of a stored team file ("" when it cannot be read: then any goes)."""
    try:
        return check(data)
    except FrameError:
        return ""
