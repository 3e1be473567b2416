"""The shared-folder transport: a plain folder, a USB stick or a cloud-synced folder.

Files are written under a temporary name, flushed to disk, then renamed to their final
name, and an existing file is never replaced. Nothing depends on modification times or
locks, so FAT/exFAT sticks and cloud clients are fine.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from pathlib import Path
from typing import Protocol

from smartgrowth_desktop.sync.layout import BLOBS, DEVICES, RELAY, TEMP_SUFFIX, Listing, classify
from smartgrowth_desktop.sync.report import SyncError

STALE_TEMP_SECONDS = 600


class Store(Protocol):
    """Where changesets and blobs are read and written: a folder or a bundle file."""

    label: str

    def scan(self, me: str) -> Listing: ...

    def read(self, path: str) -> bytes: ...

    def write(self, path: str, data: bytes) -> bool: ...

    def has(self, path: str) -> bool: ...


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a flushed temporary file and a rename."""
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}")
    try:
        with open(temp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    sync_dir(target.parent)


def sync_dir(folder: Path) -> None:
    """Make a rename durable where the platform allows it (not on Windows)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class FolderStore:
    """A sync folder on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        if not root.exists():
            raise SyncError(f"the sync folder {root} does not exist (is the drive plugged in?)")
        if not root.is_dir():
            raise SyncError(f"{root} is a file, not a folder")

    def scan(self, me: str) -> Listing:
        """Every changeset in the folder, and every file that is not ours."""
        listing = Listing()
        try:
            entries = list(os.scandir(self.root))
        except OSError as error:
            raise SyncError(f"the sync folder {self.root} cannot be read: {error}") from error
        for entry in entries:
            if entry.name == DEVICES and entry.is_dir():
                self._scan_devices(listing, me, Path(entry.path))
            elif entry.name == BLOBS and entry.is_dir():
                continue
            elif entry.is_dir():
                if not entry.name.startswith("."):  # hidden: a sync client's own folder
                    listing.ignored.append((entry.name + "/", "folder not used by SmartGrowth"))
            else:
                classify(listing, me, entry.name)
        self._clean_temp(listing)
        return listing

    def _scan_devices(self, listing: Listing, me: str, devices: Path) -> None:
        for owner in _entries(devices):
            if not owner.is_dir():
                classify(listing, me, f"{DEVICES}/{owner.name}")
                continue
            for item in _entries(Path(owner.path)):
                path = f"{DEVICES}/{owner.name}/{item.name}"
                if item.is_dir() and item.name == RELAY:
                    for origin in _entries(Path(item.path)):
                        for relayed in _entries(Path(origin.path)) if origin.is_dir() else ():
                            name = f"{path}/{origin.name}/{relayed.name}"
                            classify(listing, me, name)
                elif item.is_dir():
                    listing.ignored.append((path + "/", "folder not used by SmartGrowth"))
                else:
                    classify(listing, me, path)

    def _clean_temp(self, listing: Listing) -> None:
        """Remove temporary files a killed sync of this device left (once they are stale)."""
        now = time.time()
        for path in listing.own_temp:
            target = self.root / path
            with contextlib.suppress(OSError):
                if now - target.stat().st_mtime > STALE_TEMP_SECONDS:
                    target.unlink()

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()

    def write(self, path: str, data: bytes) -> bool:
        """Write a new file; False (and nothing written) when it already exists."""
        target = self.root / path
        if target.exists():
            return False
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, data)
        except OSError as error:
            raise SyncError(
                f"cannot write {path} into {self.root}: {error.strerror or error} "
                "(is the drive full, read-only or unplugged?); what was done so far is kept"
            ) from error
        return True

    def has(self, path: str) -> bool:
        return (self.root / path).is_file()


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        return list(os.scandir(folder))
    except OSError:
        return []
