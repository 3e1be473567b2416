"""The shared-folder transport: a plain folder, a USB stick or a cloud-synced folder.

Files are written under a temporary name, flushed to disk, then renamed to their final
name, and an existing file is never replaced. Nothing depends on modification times or
locks, so FAT/exFAT sticks and cloud clients are fine. No link is followed out of the
folder (see ``jail``): the scan lists links by name, and reads and writes refuse them.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Protocol

from smartgrowth_desktop.sync.jail import Jail, LinkError, is_link, link_reason
from smartgrowth_desktop.sync.layout import BLOBS, DEVICES, RELAY, Listing, classify
from smartgrowth_desktop.sync.report import SyncError
from smartgrowth_desktop.sync.sizes import max_size

__all__ = ["FolderStore", "LinkError", "Store"]

STALE_TEMP_SECONDS = 600


class Store(Protocol):
    """Where changesets and blobs are read and written: a folder or a bundle file."""

    label: str
    #: whether changesets may be read ahead on a thread (``Reader.read_ahead``): reading
    #: is local, with no waiting between retries that would hold up a cancel
    reads_ahead: bool

    def scan(self, me: str) -> Listing: ...

    def read(self, path: str) -> bytes: ...

    def write(self, path: str, data: bytes) -> bool: ...

    def has(self, path: str) -> bool: ...

    def remove(self, path: str) -> bool: ...


class FolderStore:
    """A sync folder on disk, read and written without following links out of it."""

    reads_ahead = True

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        if not root.exists():
            raise SyncError(f"the sync folder {root} does not exist (is the drive plugged in?)")
        if not root.is_dir():
            raise SyncError(f"{root} is a file, not a folder")
        self.jail = Jail(root)

    def scan(self, me: str) -> Listing:
        """Every changeset in the folder, every file that is not ours, every link met."""
        listing = Listing()
        try:
            entries = list(os.scandir(self.jail.root))
        except OSError as error:
            raise SyncError(f"the sync folder {self.root} cannot be read: {error}") from error
        for entry in entries:
            kind = _kind(entry, listing, entry.name)
            lowered = entry.name.lower()
            if kind == "dir" and lowered == DEVICES:
                self._scan_devices(listing, me, entry)
            elif kind == "dir" and lowered == BLOBS:
                for prefix in _entries(entry):  # only links are looked for here
                    _kind(prefix, listing, f"{entry.name}/{prefix.name}")
            elif kind == "dir" and not entry.name.startswith("."):  # hidden: a client's own
                listing.ignored.append((entry.name + "/", "folder not used by SmartGrowth"))
            elif kind == "file":
                classify(listing, me, entry.name)
        self._clean_temp(listing)
        return listing

    def _scan_devices(self, listing: Listing, me: str, devices: os.DirEntry[str]) -> None:
        for owner in _entries(devices):
            path = f"{devices.name}/{owner.name}"
            kind = _kind(owner, listing, path)
            if kind == "file":
                classify(listing, me, path)
            elif kind == "dir":
                self._scan_owner(listing, me, owner, path)

    def _scan_owner(self, listing: Listing, me: str, owner: os.DirEntry[str], path: str) -> None:
        for item in _entries(owner):
            name = f"{path}/{item.name}"
            kind = _kind(item, listing, name)
            if kind == "file":
                classify(listing, me, name, _size(item))
            elif kind == "dir" and item.name.lower() == RELAY:
                self._scan_relay(listing, me, item, name)
            elif kind == "dir":
                listing.ignored.append((name + "/", "folder not used by SmartGrowth"))

    def _scan_relay(self, listing: Listing, me: str, relay: os.DirEntry[str], path: str) -> None:
        for origin in _entries(relay):
            inner = f"{path}/{origin.name}"
            if _kind(origin, listing, inner) != "dir":
                continue
            for relayed in _entries(origin):
                name = f"{inner}/{relayed.name}"
                if _kind(relayed, listing, name) == "file":
                    classify(listing, me, name, _size(relayed))

    def _clean_temp(self, listing: Listing) -> None:
        """Remove temporary files a killed sync of this device left (once they are stale).

        Only our own temporary names, in our own folder, plain files: nothing else.
        """
        now = time.time()
        for path in listing.own_temp:
            with contextlib.suppress(OSError, LinkError):
                self.jail.remove_stale(path, STALE_TEMP_SECONDS, now)

    def read(self, path: str) -> bytes:
        return self.jail.read(path, max_size(path))

    def write(self, path: str, data: bytes) -> bool:
        """Write a new file; False (and nothing written) when it already exists."""
        return self._write(path, data, replace=False)

    def replace_damaged(self, path: str, data: bytes) -> None:
        """Put good bytes in place of a damaged copy this laptop wrote (its own path)."""
        self._write(path, data, replace=True)

    def _write(self, path: str, data: bytes, replace: bool) -> bool:
        try:
            return self.jail.write_new(path, data, replace)
        except OSError as error:
            raise SyncError(
                f"cannot write {path} into {self.root}: {error.strerror or error} "
                "(is the drive full, read-only or unplugged?); what was done so far is kept"
            ) from error

    def has(self, path: str) -> bool:
        return self.jail.is_file(path)

    def remove(self, path: str) -> bool:
        """Delete a file this laptop wrote (a version an erasure replaced); never a link."""
        return self.jail.remove_file(path)


def _kind(entry: os.DirEntry[str], listing: Listing, path: str) -> str:
    """``"dir"``, ``"file"``, or ``"other"`` once a link or a special file is listed."""
    try:
        if entry.is_symlink() or (os.name == "nt" and is_link(entry.stat(follow_symlinks=False))):
            listing.links.append((path, link_reason(Path(entry.path))))
            return "other"
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        if entry.is_file(follow_symlinks=False):
            return "file"
    except OSError:
        return "other"  # gone since it was listed
    listing.ignored.append((path, "not a regular file"))
    return "other"


def _size(entry: os.DirEntry[str]) -> int | None:
    try:
        return entry.stat(follow_symlinks=False).st_size
    except OSError:
        return None


def _entries(folder: os.DirEntry[str]) -> list[os.DirEntry[str]]:
    try:
        return list(os.scandir(folder.path))
    except OSError:
        return []
