"""Paths inside the sync folder that never lead out of it.

A shared folder is written by others: a colleague's laptop, a cloud client, whoever has
the share. A link in it (``devices/<me>`` pointing at a home folder, ``blobs/ab`` at a
USB stick) must not make a sync read, write or delete anything elsewhere. So every path
is walked from the resolved root one name at a time: a link (symbolic link, Windows
junction) anywhere on the way is refused with its name, not followed; the resolved path
must stay under the resolved root; files are opened with ``O_NOFOLLOW`` where the
platform has it, and only regular files are read.

Names are matched whatever their case (a cloud client may rename ``devices`` to
``Devices``): the name as written is used when it exists, else an existing name that
differs only by case, so no second folder differing by case is ever made.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from smartgrowth_desktop.core.atomic import (
    flush_to_disk,
    rename_into_place,
    sync_folder,
    temporary_name,
)
from smartgrowth_desktop.core.bounded_io import size_text
from smartgrowth_desktop.sync.report import SyncError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted in the folder must not block
_BINARY = getattr(os, "O_BINARY", 0)
_LINK_TAGS = {
    getattr(stat, "IO_REPARSE_TAG_SYMLINK", 0xA000000C),
    getattr(stat, "IO_REPARSE_TAG_MOUNT_POINT", 0xA0000003),  # a junction
}  # other reparse points (OneDrive's cloud placeholders) are ordinary files
_BAD_PARTS = {"", ".", ".."}


class LinkError(SyncError):
    """A path of the sync folder refused: it leads through a link, or names no plain file
    (a folder where a file should be, a file where a folder should be, a pipe), or a file
    far larger than any we write."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class FileTooLarge(LinkError):
    """A file larger than any SmartGrowth writes there (``size`` None: it grew past it)."""

    def __init__(self, path: str, size: int | None, limit: int) -> None:
        found = f"{size_text(size)}, more" if size is not None else "more"
        super().__init__(
            path,
            f"too large: {found} than the {size_text(limit)} a file of ours holds "
            "(not written by SmartGrowth; left unread)",
        )


def is_link(info: os.stat_result) -> bool:
    """Whether an ``lstat`` result is a symbolic link or a Windows junction."""
    tag = getattr(info, "st_reparse_tag", 0)
    return stat.S_ISLNK(info.st_mode) or (tag != 0 and tag in _LINK_TAGS)


def link_reason(full: Path) -> str:
    """Why a link is refused, naming where it points when that can be read."""
    try:
        target = f" (to {os.readlink(full)})"
    except (OSError, ValueError):
        target = ""
    return f"a link{target}: links are never followed out of the sync folder"


class Jail:
    """Reads and writes under ``root`` without following links."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve(strict=True)

    def locate(self, path: str, make_folders: bool = False) -> Path:
        """Where ``path`` (``/``-separated) is on disk; raises ``LinkError`` for a link.

        Names that exist are taken as found (any case); the rest as given, the missing
        folders made when ``make_folders``.
        """
        parts = path.split("/")
        if any(p in _BAD_PARTS or "\\" in p or "\0" in p for p in parts):
            raise LinkError(path, "not a path inside the sync folder")
        here = self.root
        for index, part in enumerate(parts):
            name = _existing(here, part)
            last = index == len(parts) - 1
            if name is None and make_folders and not last:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(here / part)
                name = part
            if name is None:
                return self._inside(here.joinpath(*parts[index:]))
            here = here / name
            info = self._check(here)
            if not last and not stat.S_ISDIR(info.st_mode):
                raise LinkError(self._name(here), "not a folder (something else has its name)")
        return self._inside(here)

    def read(self, path: str, limit: int) -> bytes:
        """The bytes of a regular file of at most ``limit`` bytes; ``LinkError`` for a
        link or anything else, ``FileTooLarge`` (checked before reading) for a bigger one."""
        full = self.locate(path)
        try:
            fd = os.open(full, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.EMLINK):
                raise LinkError(self._name(full), link_reason(full)) from None
            raise
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise LinkError(self._name(full), "not a regular file")
            if info.st_size > limit:
                raise FileTooLarge(self._name(full), info.st_size, limit)
            data = handle.read(limit + 1)
        if len(data) > limit:  # it grew while we read it
            raise FileTooLarge(self._name(full), None, limit)
        return data

    def is_file(self, path: str) -> bool:
        """Whether ``path`` is a regular file (``LinkError`` when a link is on the way)."""
        try:
            return stat.S_ISREG(os.lstat(self.locate(path)).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            return False

    def write_new(self, path: str, data: bytes, replace: bool = False) -> bool:
        """Write a new file (temporary name, flush, rename); False when the name is taken,
        unless ``replace`` (the rename then swaps the old file out in one step).

        The steps of ``core/atomic.py``, but not ``atomic_file``: the temporary file is
        opened without following a link, and its folder checked to be still inside the
        jail just before the rename.
        """
        target = self.locate(path, make_folders=True)
        if _exists(target) and not replace:
            return False
        temp = temporary_name(target)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
        fd = os.open(temp, flags, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                flush_to_disk(handle)
            self._check(target.parent)
            if replace:
                rename_into_place(temp, target)
            elif not _link_if_absent(temp, target):
                os.unlink(temp)
                return False
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        return True

    def remove_stale(self, path: str, older_than: float, now: float) -> bool:
        """Delete a temporary file we left, only if it is a plain file, unlinked elsewhere."""
        full = self.locate(path)
        info = os.lstat(full)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            return False
        if now - info.st_mtime <= older_than:
            return False
        os.unlink(full)
        return True

    def remove_file(self, path: str) -> bool:
        """Delete a plain file inside the root (not a link, not linked elsewhere)."""
        full = self.locate(path)
        try:
            info = os.lstat(full)
        except FileNotFoundError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            return False
        os.unlink(full)
        return True

    def _check(self, full: Path) -> os.stat_result:
        info = os.lstat(full)
        if is_link(info):
            raise LinkError(self._name(full), link_reason(full))
        return info

    def _inside(self, full: Path) -> Path:
        resolved = Path(os.path.realpath(full))
        if resolved != self.root and self.root not in resolved.parents:
            raise LinkError(self._name(full), "leads out of the sync folder")
        return full

    def _name(self, full: Path) -> str:
        try:
            return full.relative_to(self.root).as_posix()
        except ValueError:
            return str(full)


def _exists(full: Path) -> bool:
    try:
        os.lstat(full)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


def _existing(folder: Path, name: str) -> str | None:
    """``name`` if it exists in ``folder``, else an entry differing only by case, or None."""
    if _exists(folder / name):
        return name
    try:
        entries = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return None
    lowered = name.casefold()
    return next((e for e in entries if e.casefold() == lowered), None)


def _link_if_absent(temp: Path, target: Path) -> bool:
    """Put ``temp`` in place as ``target`` unless a file has that name: in one step where
    the disk has hard links (two laptops writing one name at once: one wins, the other is
    told), checked then renamed where it has none (FAT/exFAT sticks)."""
    try:
        os.link(temp, target)
    except FileExistsError:
        return False
    except OSError:  # no hard links here
        if _exists(target):
            return False
        rename_into_place(temp, target)
        return True
    os.unlink(temp)
    sync_folder(target.parent)
    return True
