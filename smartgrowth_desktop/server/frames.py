"""What the server checks in an uploaded changeset without reading its records.

A plain changeset (``SGCS``) must have a sound frame: a JSON header whose device, range
and body hash match the name it is uploaded under, and a body of the announced length
and SHA-256. A sealed one (``SGCE``, team encryption) must have a readable envelope; its
content is the team's business.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct

PLAIN = b"SGCS"
SEALED = b"SGCE"
_PREFIX = struct.Struct(">4sI")
_MAX_HEADER = 1 << 20
DEVICE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TAG = re.compile(r"[0-9a-f]{12}")
HASH = re.compile(r"[0-9a-f]{64}")


class FrameError(ValueError):
    """The bytes are not an acceptable changeset; the message says why."""


def check(data: bytes, origin: str, first: int, last: int, tag: str) -> None:
    """Raise ``FrameError`` unless ``data`` is a changeset fit to store under that name."""
    if len(data) < _PREFIX.size:
        raise FrameError(f"truncated: only {len(data)} bytes")
    magic, head_len = _PREFIX.unpack_from(data)
    if magic not in (PLAIN, SEALED):
        raise FrameError("not a SmartGrowth changeset (unknown signature)")
    end = _PREFIX.size + head_len
    if head_len > _MAX_HEADER or end > len(data):
        raise FrameError("truncated or damaged: the header runs past the end")
    try:
        header = json.loads(data[_PREFIX.size : end].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise FrameError("damaged: the header is not readable JSON") from None
    if not isinstance(header, dict):
        raise FrameError("damaged: the header is not a JSON object")
    if magic == SEALED:
        if not isinstance(header.get("nonce"), str) or end == len(data):
            raise FrameError("damaged: not a sealed changeset envelope")
        return
    _check_plain(header, data[end:], origin, first, last, tag)


def _check_plain(
    header: dict[str, object], body: bytes, origin: str, first: int, last: int, tag: str
) -> None:
    expected = (origin, first, last)
    if (header.get("device"), header.get("first"), header.get("last")) != expected:
        raise FrameError("its header names another device or range than its upload path")
    body_sha = header.get("body_sha256")
    if not isinstance(body_sha, str) or body_sha[:12] != tag:
        raise FrameError("its body hash does not match the tag in its upload path")
    if header.get("body_len") != len(body):
        raise FrameError(f"truncated or damaged: {len(body)} body bytes, header says otherwise")
    if hashlib.sha256(body).hexdigest() != body_sha:
        raise FrameError("damaged: the body does not match its SHA-256")
