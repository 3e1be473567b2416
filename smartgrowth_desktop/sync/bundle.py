"""Bundles: one file with every changeset a device holds, for e-mail or a bare USB stick.

A bundle is a ZIP archive (stored, not compressed again) laid out like a sync folder, so
it is read with the same checks; each changeset inside is verified on its own. A bundle
comes from outside: its directory is bounded before the zip is opened, and a member is
read only when the size it declares fits a file of ours (``zipfile`` never unpacks more
than a member declares), so a few MB that unpack to GBs are refused unread.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from smartgrowth_desktop.core.atomic import commit, temporary_name
from smartgrowth_desktop.core.bounded_io import size_text
from smartgrowth_desktop.sync.jail import FileTooLarge, LinkError
from smartgrowth_desktop.sync.layout import Listing, classify
from smartgrowth_desktop.sync.report import SyncError
from smartgrowth_desktop.sync.sizes import max_size

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
#: the zip's directory, read whole when it is opened: about 70,000 changesets and blobs
MAX_DIRECTORY_BYTES = 8 * 2**20
_END = b"PK\x05\x06"  # end of central directory record (22 bytes and a comment)
_END64_LOCATOR = b"PK\x06\x07"  # 20 bytes just before it, in a zip64 archive
_END64 = b"PK\x06\x06"
_DAMAGE = (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError)


class DamagedMember(LinkError):
    """A member of a bundle that cannot be read: refused by name, the rest still syncs."""


def directory_bytes(handle: BinaryIO) -> int:
    """The size of a zip's central directory, as its end record says (0 if it has none)."""
    size = handle.seek(0, os.SEEK_END)
    start = max(0, size - (22 + 65535 + 20))  # the end record, its longest comment, zip64
    handle.seek(start)
    tail = handle.read()
    at = tail.rfind(_END)
    if at < 0 or at + 22 > len(tail):
        return 0
    (directory,) = struct.unpack_from("<L", tail, at + 12)
    if directory == 0xFFFFFFFF and at >= 20 and tail[at - 20 : at - 16] == _END64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", tail, at - 20 + 8)
        handle.seek(offset)
        record = handle.read(56)
        if len(record) == 56 and record[:4] == _END64:
            (directory,) = struct.unpack_from("<Q", record, 40)
    return int(directory)


class BundleReader:
    """A bundle opened for import."""

    reads_ahead = True

    def __init__(self, path: Path) -> None:
        self.label = str(path)
        try:
            with open(path, "rb") as handle:
                directory = directory_bytes(handle)
            if directory > MAX_DIRECTORY_BYTES:
                raise SyncError(
                    f"{path} is not a bundle SmartGrowth wrote: its list of files takes "
                    f"{size_text(directory)}, more than the {size_text(MAX_DIRECTORY_BYTES)} "
                    "allowed; nothing was imported"
                )
            self._zip = zipfile.ZipFile(path)
            self._names = {info.filename: info for info in self._zip.infolist()}
        except FileNotFoundError:
            raise SyncError(f"the bundle {path} does not exist") from None
        except (OSError, zipfile.BadZipFile) as error:
            raise SyncError(
                f"{path} is not a readable bundle (damaged or cut short): {error}"
            ) from error

    def close(self) -> None:
        self._zip.close()

    def scan(self, me: str) -> Listing:
        listing = Listing()
        for name, info in self._names.items():
            if not info.is_dir():
                classify(listing, me, name)
        listing.own_temp.clear()
        return listing

    def read(self, path: str) -> bytes:
        """A member's bytes; refused by name when it declares more than a file of ours."""
        info = self._names[path]
        limit = max_size(path)
        if info.file_size > limit:
            raise FileTooLarge(path, info.file_size, limit)
        try:
            with self._zip.open(info) as member:
                return member.read(limit + 1)
        except _DAMAGE as error:
            # a bundle does not change: damage in it is a refusal, not a file still arriving
            raise DamagedMember(path, f"damaged in the bundle: {error}") from error

    def write(self, path: str, data: bytes) -> bool:
        raise SyncError("a bundle is only read when importing")

    def has(self, path: str) -> bool:
        return path in self._names

    def remove(self, path: str) -> bool:
        """A bundle is written once and read whole: nothing is removed from it."""
        return False


class BundleWriter:
    """A new bundle being written; ``close`` puts it in place (or nothing, on error)."""

    reads_ahead = False

    def __init__(self, path: Path) -> None:
        self.label = str(path)
        self.path = path
        self._temp = temporary_name(path)
        try:
            self._zip = zipfile.ZipFile(self._temp, "w", zipfile.ZIP_STORED)
        except OSError as error:
            raise SyncError(f"cannot write the bundle {path}: {error.strerror}") from error
        self._names: set[str] = set()

    def scan(self, me: str) -> Listing:
        return Listing()

    def read(self, path: str) -> bytes:
        return self._zip.read(path)

    def write(self, path: str, data: bytes) -> bool:
        if path in self._names:
            return False
        try:
            self._zip.writestr(zipfile.ZipInfo(path, _FIXED_TIME), data)
        except OSError as error:
            raise SyncError(f"cannot write the bundle {self.path}: {error.strerror}") from error
        self._names.add(path)
        return True

    def has(self, path: str) -> bool:
        return path in self._names

    def remove(self, path: str) -> bool:
        """A bundle is written once and read whole: nothing is removed from it."""
        return False

    def close(self, keep: bool) -> None:
        """Finish the archive and rename it into place (``keep``), or throw it away."""
        self._zip.close()
        if not keep:
            self._temp.unlink(missing_ok=True)
            return
        commit(self._temp, self.path)
