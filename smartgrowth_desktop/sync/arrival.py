"""Files still arriving: told apart from damaged ones, so they wait instead of being refused.

A cloud client (OneDrive, SharePoint, Dropbox, Google Drive) shows a file before it has
all of it: an empty placeholder, a file cut short while it downloads, or (a Windows copy
sets the size first) a file of full length whose end is still blank. Such a file is not
refused: it is named in the report as one we wait for, and tried again at the next sync.
A file of full length that does not check out is damaged, and refused.
"""

from __future__ import annotations

import json

from smartgrowth_desktop.sync.changeset import ChangesetError
from smartgrowth_desktop.sync.frame import MAX_HEADER_BYTES, PLAIN, PREFIX, SEALED

BLANK_TAIL = 16  # a file whose last bytes are all zero is still being written


class Incomplete(ChangesetError):
    """A file still arriving: not refused, tried again at the next sync."""


def still_arriving(data: bytes) -> Incomplete | None:
    """Why ``data``, which did not check out, looks like a file not fully there yet."""
    if not data:
        return Incomplete("empty (0 bytes): a placeholder the cloud client has not filled yet")
    if len(data) < PREFIX.size:
        return Incomplete(f"cut short: only {len(data)} bytes so far (still being copied)")
    if not any(data[-BLANK_TAIL:]):
        return Incomplete("its last bytes are still blank (still being copied)")
    magic, head_len = PREFIX.unpack_from(data)
    if magic not in (PLAIN, SEALED) or head_len > MAX_HEADER_BYTES:  # damage, not cut short
        return None
    end = PREFIX.size + head_len
    if end > len(data):
        return Incomplete(f"cut short: {len(data)} bytes so far, inside its header")
    expected = end + _announced(data[PREFIX.size : end], magic)
    if len(data) < expected:
        return Incomplete(f"cut short: {len(data)} of {expected} bytes (still being copied)")
    return None


def _announced(head: bytes, magic: bytes) -> int:
    """The length the header announces after itself (0 when it does not say)."""
    try:
        values = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return 0
    size = values.get("body_len" if magic == PLAIN else "len") if isinstance(values, dict) else 0
    return size if type(size) is int and size >= 0 else 0
