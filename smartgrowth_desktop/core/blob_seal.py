"""An encrypted profile's attachment files: sealed with AES-256-GCM on disk.

A profile keeps each attachment once, as ``attachments/xx/<sha256 of the content>``. In
an encrypted profile the file holds the content sealed under a key derived from the
database key (so whoever holds an open ``Database`` can read them)::

    b"SGPB\\x01" | 12-byte nonce | AES-256-GCM(content, associated data = the hash)

The name stays the content's hash, so sync and backups find files as before; it tells
someone who already holds a file that this profile holds it too, never what a file
holds. Readers accept both forms (a conversion seals or opens files one at a time), and
a content is taken only when it matches its hash.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from smartgrowth_desktop.core.atomic import write_atomically

MAGIC = b"SGPB\x01"
_NONCE = 12


def blob_key(database_key: bytes | None) -> bytes | None:
    """The attachments' key of a profile whose database has ``database_key`` (None: plain)."""
    if database_key is None:
        return None
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"smartgrowth", info=b"attachments")
    return kdf.derive(database_key)


def is_sealed(data: bytes) -> bool:
    """Whether ``data`` is a sealed attachment file (by its first bytes)."""
    return data.startswith(MAGIC)


def seal(key: bytes, content_hash: str, data: bytes) -> bytes:
    """``data`` sealed for the file named ``content_hash``."""
    nonce = os.urandom(_NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, content_hash.encode("ascii"))


def unseal(key: bytes | None, content_hash: str, stored: bytes) -> bytes | None:
    """The content of a stored file (sealed or plain) if it matches its hash, else None."""
    data: bytes | None = stored
    if is_sealed(stored) and key is not None:
        body = stored[len(MAGIC) :]
        try:
            data = AESGCM(key).decrypt(body[:_NONCE], body[_NONCE:], content_hash.encode("ascii"))
        except InvalidTag:
            data = None
    if data is None or hashlib.sha256(data).hexdigest() != content_hash:
        return None
    return data


def stored_form(key: bytes | None, content_hash: str, data: bytes) -> bytes:
    """What to write on disk for ``data``: sealed in an encrypted profile, else as it is."""
    return seal(key, content_hash, data) if key is not None else data


def reseal_file(path: Path, key: bytes | None, new_key: bytes | None) -> bool:
    """Rewrite one stored file from ``key``'s form to ``new_key``'s (sealing, opening);
    returns whether it changed. A file that does not open is left as it is."""
    content_hash = path.name
    stored = path.read_bytes()
    if is_sealed(stored) == (new_key is not None):
        return False
    data = unseal(key if is_sealed(stored) else None, content_hash, stored)
    if data is None:
        return False
    write_atomically(path, stored_form(new_key, content_hash, data), permissions=0o600)
    return True
