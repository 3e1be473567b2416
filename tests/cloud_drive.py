"""A cloud drive (OneDrive, SharePoint, Dropbox, Google Drive) as the sync tests meet it.

The cloud holds one copy of the shared folder; each laptop has its own local copy, which
its client uploads from and downloads into. Like the real clients, ``download`` can
bring a file late, in pieces (cut short, or an empty placeholder, or full length with a
blank end, then whole at ``settle``), under upper-case names, or read-only. Names are
matched whatever their case, in the cloud and on the laptops, as OneDrive and Windows do.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

WHOLE, LATE = "whole", "late"
CUT_SHORT, PLACEHOLDER, BLANK_END = "cut short", "placeholder", "blank end"
UPPER, READ_ONLY = "upper case", "read-only"
PIECES = (CUT_SHORT, PLACEHOLDER, BLANK_END)
CONFLICT_NAMES = ("{stem} (1){suffix}", "{stem} (conflicted copy 2026-12-04){suffix}",
                  "{stem}-LAPTOP-7{suffix}")  # fmt: skip

How = Callable[[str], str]


def _files(root: Path) -> dict[str, Path]:
    """Every plain file under ``root`` by its path, ``/``-separated and lower-cased."""
    found = {}
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(root).as_posix().lower()] = path
    return found


def _place(root: Path, rel: str) -> Path:
    """Where ``rel`` goes under ``root``: into folders that exist under another case."""
    here = root
    for part in rel.split("/")[:-1]:
        same = (
            [p for p in here.iterdir() if p.name.lower() == part.lower()] if here.is_dir() else []
        )
        here = same[0] if same else here / part
    return here / rel.split("/")[-1]


class CloudDrive:
    """The cloud and one local folder per laptop; ``pending`` files still to come whole."""

    def __init__(self, root: Path, laptops: Iterable[str]) -> None:
        self.cloud = root / "cloud"
        self.cloud.mkdir(parents=True)
        self.local = {name: root / f"{name}-drive" for name in laptops}
        for folder in self.local.values():
            folder.mkdir()
        self.pending: dict[Path, bytes] = {}

    def folder(self, laptop: str) -> Path:
        return self.local[laptop]

    def upload(self, laptop: str) -> list[str]:
        """Send the laptop's new files up (not temporary ones, not half-downloaded ones)."""
        sent = []
        cloud = _files(self.cloud)
        for key, path in sorted(_files(self.local[laptop]).items()):
            if key in cloud or path in self.pending or path.name.startswith("."):
                continue
            rel = path.relative_to(self.local[laptop]).as_posix()
            target = _place(self.cloud, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            sent.append(rel)
        return sent

    def download(self, laptop: str, how: How = lambda rel: WHOLE) -> list[str]:
        """Bring the cloud's new files down; ``how(rel)`` says how each one arrives."""
        here = _files(self.local[laptop])
        brought = []
        for key, path in sorted(_files(self.cloud).items()):
            if key in here:
                continue
            rel = path.relative_to(self.cloud).as_posix()
            mode = how(rel)
            if mode != LATE:
                self._deliver(laptop, rel, path.read_bytes(), mode)
                brought.append(rel)
        return brought

    def _deliver(self, laptop: str, rel: str, data: bytes, mode: str) -> None:
        if mode == UPPER:
            parts = rel.split("/")
            rel = "/".join([p.upper() for p in parts[:-1]] + [parts[-1].upper()])
        target = _place(self.local[laptop], rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        first = {
            CUT_SHORT: data[: len(data) // 2],
            PLACEHOLDER: b"",
            BLANK_END: data[: len(data) // 3] + bytes(len(data) - len(data) // 3),
        }.get(mode, data)
        target.write_bytes(first)
        if first != data:
            self.pending[target] = data
        if mode == READ_ONLY:
            target.chmod(0o444)

    def settle(self, laptop: str | None = None) -> None:
        """Every file in pieces arrives whole (on one laptop, or everywhere)."""
        folders = [self.local[laptop]] if laptop else list(self.local.values())
        for path, data in list(self.pending.items()):
            if any(folder in path.parents for folder in folders):
                path.write_bytes(data)
                del self.pending[path]

    def remove(self, rel: str) -> bytes:
        """Someone deletes a file: gone from the cloud and every laptop; returns its bytes."""
        data = b""
        for root in (self.cloud, *self.local.values()):
            path = _files(root).get(rel.lower())
            if path is not None:
                data = path.read_bytes()
                path.unlink()
        return data

    def everywhere(self, rel: str) -> list[Path]:
        """The copies of ``rel`` in the cloud and on every laptop that has it."""
        roots = (self.cloud, *self.local.values())
        return [p for p in (_files(root).get(rel.lower()) for root in roots) if p is not None]


def conflicted_copies(path: Path, data: bytes | None = None) -> list[Path]:
    """The copies a cloud client makes beside ``path`` when two versions meet."""
    made = []
    for pattern in CONFLICT_NAMES:
        copy = path.with_name(pattern.format(stem=path.stem, suffix=path.suffix))
        copy.write_bytes(path.read_bytes() if data is None else data)
        made.append(copy)
    return made


def _immutable(paths: list[Path], on: bool) -> bool:
    """``chattr +i``/``-i``: what makes a file read-only even for root; False if unavailable."""
    if os.geteuid() != 0 or shutil.which("chattr") is None or not paths:
        return False
    flag = "+i" if on else "-i"
    done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, check=False)
    return done.returncode == 0


@contextlib.contextmanager
def read_only(paths: list[Path]) -> Iterator[bool]:
    """Files and folders made read-only (also for root, with ``chattr +i`` where it works).

    Yields whether the protection holds for this process (root without chattr: no).
    """
    modes = {path: stat.S_IMODE(path.stat().st_mode) for path in paths}
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    enforced = _immutable(paths, True) or os.geteuid() != 0
    try:
        yield enforced
    finally:
        _immutable(paths, False)
        for path, mode in modes.items():
            path.chmod(mode)
