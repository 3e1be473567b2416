"""The frame of a changeset file: 4 magic bytes, the header's length (big-endian u32),
the header, then the body.

``PLAIN`` frames a changeset (``sync/changeset.py``: a JSON header, a zlib body),
``SEALED`` one sealed for the team (``sync/crypto.py``: a JSON envelope, the ciphertext).
A header longer than ``MAX_HEADER_BYTES`` is damage. Both ends read frames with this
module: the app and the sync server, so it imports nothing of the app (the server stands
alone).
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
