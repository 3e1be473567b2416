"""The frame of a changeset file: 4 magic bytes, the header's length (big-endian u32),
the header, then the body.

``PLAIN`` frames a changeset (``sync/changeset.py``: a JSON header, a zlib body),
``SEALED`` one sealed for the team (``sync/crypto.py``: a JSON envelope, the ciphertext).
A header longer than ``MAX_HEADER_BYTES`` is damage. Both ends read frames with this
module: the app and the sync server, so it imports nothing of the app (the server stands
alone). What else both ends must write alike lives here too: the message a laptop signs
for an upload (``request_message``), which the server checks.
"""

from __future__ import annotations

import struct

PLAIN = b"SGCS"
SEALED = b"SGCE"
PREFIX = struct.Struct(">4sI")  # magic, header length
MAX_HEADER_BYTES = 1 << 20


def frame(magic: bytes, head: bytes, body: bytes) -> bytes:
    """The bytes of a file: prefix, header, body."""
    return PREFIX.pack(magic, len(head)) + head + body


#: the first line of a signed request: it keeps a request's signature from ever being a
#: changeset header's (the app signs in sync/http_store.py, the server checks in
#: server/signatures.py)
REQUEST_PREFIX = "smartgrowth-request/1"


def request_message(method: str, path: str, sha256: str, device: str) -> bytes:
    """What a laptop signs for one upload: method, API path, body SHA-256, device."""
    return "\n".join((REQUEST_PREFIX, method.upper(), path, sha256, device)).encode("utf-8")
