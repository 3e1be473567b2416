"""Bundles: one file with every changeset a device holds, for e-mail or a bare USB stick.

A bundle is a ZIP archive (stored, not compressed again) laid out like a sync folder, so
it is read with the same checks; each changeset inside is verified on its own.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from smartgrowth_desktop.sync.changeset import ChangesetError
from smartgrowth_desktop.sync.folder import sync_dir
from smartgrowth_desktop.sync.layout import TEMP_SUFFIX, Listing, classify
from smartgrowth_desktop.sync.report import SyncError

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class BundleReader:
    """A bundle opened for import."""

    def __init__(self, path: Path) -> None:
        self.label = str(path)
        try:
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
        try:
            return self._zip.read(path)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            # a bundle does not change: damage in it is a refusal, not a file still arriving
            raise ChangesetError(f"damaged in the bundle: {error}") from error

    def write(self, path: str, data: bytes) -> bool:
        raise SyncError("a bundle is only read when importing")

    def has(self, path: str) -> bool:
        return path in self._names


class BundleWriter:
    """A new bundle being written; ``close`` puts it in place (or nothing, on error)."""

    def __init__(self, path: Path) -> None:
        self.label = str(path)
        self.path = path
        self._temp = path.with_name(f".{path.name}{TEMP_SUFFIX}")
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

    def close(self, keep: bool) -> None:
        """Finish the archive and rename it into place (``keep``), or throw it away."""
        self._zip.close()
        if not keep:
            self._temp.unlink(missing_ok=True)
            return
        with open(self._temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self._temp, self.path)
        sync_dir(self.path.parent)
