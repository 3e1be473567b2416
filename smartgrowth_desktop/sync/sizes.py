"""How large a file of a sync folder or bundle may be: anything larger was not written by
SmartGrowth, and is refused by name without being read (a sparse file of 3 GB costs no
disk, and a zip member of 3 MB may unpack to 3 GB)."""

from __future__ import annotations

from smartgrowth_desktop.sync.names import MAX_FILE_BYTES, TEAM_FILE

#: what sealing adds to a file (prefix, envelope header, tag: about 150 bytes), with room
SEALING_OVERHEAD = 4096
#: the largest file of a folder or bundle: a changeset or an attachment, sealed or not
MAX_STORED_BYTES = MAX_FILE_BYTES + SEALING_OVERHEAD
MAX_TEAM_FILE_BYTES = 64 * 1024  # a few hundred bytes of JSON


def max_size(path: str) -> int:
    """The most bytes the file at ``path`` (``/``-separated, any case) may hold."""
    return MAX_TEAM_FILE_BYTES if path.lower() == TEAM_FILE else MAX_STORED_BYTES
