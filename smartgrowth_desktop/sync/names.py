"""How sync files are named, in a module of the standard library alone: a folder is
listed (``sync/layout.py``) before anything is opened, verified or decrypted, so a sync
with nothing to do loads neither the changeset codec nor the cryptography behind it."""

from __future__ import annotations

import re
import uuid
from typing import Any

SUFFIX = ".sgc"
MAX_FILE_BYTES = 64 * 2**20
NAME = re.compile(r"(\d{12})-(\d{12})-([0-9a-f]{12})\.sgc")
TAG_LENGTH = 12
TEAM_FILE = "team.json"  # a team that encrypts: its key's salt and check (sync/crypto.py)


def is_device_id(text: Any) -> bool:
    """Whether ``text`` is a device id in its canonical form (a lower-case UUID)."""
    try:
        return isinstance(text, str) and str(uuid.UUID(text)) == text
    except ValueError:
        return False


def file_name(first: int, last: int, body_sha256: str) -> str:
    """The file name of a changeset: its range and the start of its body's hash.

    Two different changesets for one range (a cloned profile) thus never share a name.
    """
    return f"{first:012d}-{last:012d}-{body_sha256[:TAG_LENGTH]}{SUFFIX}"


def parse_name(name: str) -> tuple[int, int, str] | None:
    """``(first, last, tag)`` of a changeset file name, or None when it is not one."""
    match = NAME.fullmatch(name)
    if match is None:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    return (first, last, match.group(3)) if 0 < first <= last else None
