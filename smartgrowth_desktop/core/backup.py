"""Backups of a profile: SQLite's online backup plus the attachment files, in one zip.

A backup is a zip file holding ``manifest.json``, ``profile.sqlite3`` (a consistent copy
made with SQLite's online backup API, safe while the app writes) and
``attachments/xx/<sha256>`` for every attachment the database refers to (those in the
trash too). One file: it can be copied to a USB stick and restored anywhere. The copy is
checked (``PRAGMA integrity_check`` and a known schema) before the zip is renamed into
place, so a backup that exists is a good one.

Automatic backups live in ``<profile>/backups/`` as ``backup-<UTC time>-<reason>.zip``.
Rotation keeps the newest backup of each of the 7 most recent days that have one, of
each of the 4 most recent ISO weeks, and the 5 newest of the last 24 hours (so the
backup taken before this morning's import survives a second import).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core.atomic import commit
from smartgrowth_desktop.core.errors import ProfileError, ValidationError
from smartgrowth_desktop.core.migrate import KNOWN as KNOWN_REVISIONS
from smartgrowth_desktop.core.sqlcipher import database_errors, is_encrypted, open_database

DATABASE_NAME = "profile.sqlite3"
KEY_FILE = "profile.key"  # an encrypted profile's (core/profile_key.py)
ATTACHMENTS = "attachments"
BACKUPS = "backups"
FORMAT = "smartgrowth-backup/1"
KEEP_DAILY, KEEP_WEEKLY, KEEP_RECENT = 7, 4, 5
_NAME = re.compile(r"^backup-(\d{8}T\d{6}(?:\d{6})?Z)-([a-z-]+)\.zip$")
_BLOB = re.compile(r"^attachments/([0-9a-f]{2})/([0-9a-f]{64})$")
Clock = Callable[[], datetime]
Progress = Callable[[int, int], None]


def utc_now() -> datetime:
    """The current time in UTC (the default clock; tests inject their own)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where it is, when it was taken, why, and how big it is."""

    path: Path
    taken_at: datetime
    reason: str
    size: int

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "taken_at": self.taken_at.isoformat(timespec="seconds"),
            "reason": self.reason,
            "size": self.size,
        }


@dataclass
class RestoreReport:
    """What a restore did."""

    restored_from: Path
    safety_backup: Path | None
    attachments: int
    schema: str
    warnings: list[str] = field(default_factory=list)


# -- taking a backup ----------------------------------------------------------------------


def backups_dir(folder: Path) -> Path:
    """The folder of a profile's automatic backups."""
    return folder / BACKUPS


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _parse_stamp(text: str) -> datetime:
    pattern = "%Y%m%dT%H%M%S%fZ" if len(text) > 16 else "%Y%m%dT%H%M%SZ"
    return datetime.strptime(text, pattern).replace(tzinfo=UTC)


def copy_database(source: Path, target: Path, key: bytes | None = None) -> None:
    """A consistent copy of a live WAL database (SQLite's online backup API); an
    encrypted one (``key``) is copied encrypted under the same key."""
    try:
        src = open_database(source, key, timeout=30)
        if key is not None:
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except database_errors(sqlite3.Error) as error:
        raise ProfileError(f"{source} cannot be opened for a backup: {error}") from error
    try:
        dst = open_database(target, key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
    except database_errors(sqlite3.Error) as error:
        raise ProfileError(f"backing up {source} failed: {error}") from error
    finally:
        src.close()


def check_database(path: Path, key: bytes | None = None) -> str:
    """Check a profile database file; returns its schema revision or raises ``ValidationError``.

    It must be SQLite (SQLCipher under ``key`` for an encrypted profile), pass ``PRAGMA
    integrity_check`` and hold a schema this version knows (a newer one is refused:
    this version could not open it).
    """
    with path.open("rb") as handle:
        plain = handle.read(16) == b"SQLite format 3\x00"
    if key is None and not plain:
        raise ValidationError(str(path), "not a SQLite database (or an encrypted one)")
    if key is not None and plain:
        raise ValidationError(
            str(path),
            "not encrypted, while the profile is: restore it after decrypt-profile, then "
            "encrypt the profile again",
        )
    try:
        conn = open_database(path, key, read_only=True)
    except database_errors(sqlite3.Error) as error:
        raise ValidationError(str(path), f"cannot be opened: {error}") from None
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()
        if not verdict or verdict[0] != "ok":
            raise ValidationError(str(path), f"the database is damaged ({verdict[0]})")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables or "contacts" not in tables:
            raise ValidationError(str(path), "not a SmartGrowth profile database")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except database_errors() as error:
        if key is not None and "not a database" in str(error):
            raise ValidationError(
                str(path),
                "encrypted under another key than this profile's (or damaged); it restores "
                "only into the profile it was taken of",
            ) from None
        raise ValidationError(str(path), f"the database is damaged ({error})") from None
    finally:
        conn.close()
    revision = str(row[0]) if row else ""
    if revision not in KNOWN_REVISIONS:
        raise ValidationError(
            str(path),
            f"written by a newer version of SmartGrowth Field Desk (schema {revision}); "
            "install the newer version to restore it",
        )
    return revision


def _attachment_hashes(database: Path, key: bytes | None = None) -> list[str]:
    conn = open_database(database, key, read_only=True)
    try:
        rows = conn.execute("SELECT DISTINCT content_hash FROM attachments").fetchall()
    except database_errors():
        return []
    finally:
        conn.close()
    return sorted(str(r[0]) for r in rows if r[0] and re.fullmatch("[0-9a-f]{64}", str(r[0])))


def _blob(root: Path, content_hash: str) -> Path:
    return root / content_hash[:2] / content_hash


def _sweep(parent: Path, older_than: float = 3600.0) -> None:
    """Remove work folders left by a backup or restore that was killed."""
    limit = time.time() - older_than
    for stale in parent.glob(".work-*"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < limit:
                shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def _workdir(parent: Path) -> Iterator[Path]:
    parent.mkdir(parents=True, exist_ok=True)
    _sweep(parent)
    work = Path(tempfile.mkdtemp(dir=parent, prefix=".work-"))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def create_backup(
    folder: Path,
    out: Path | None = None,
    reason: str = "manual",
    now: Clock = utc_now,
    rotate: bool = True,
    key: bytes | None = None,
) -> BackupInfo:
    """Back up the profile in ``folder`` to ``out`` (default: its backups folder).

    The zip is written beside its target and renamed into place once complete and
    checked; an automatic backup then rotates the backups folder. An encrypted profile
    is backed up with its database ``key``: the zip holds the database encrypted, the
    attachment files sealed as they are stored and the key file (``profile.key``,
    opened only by the passphrase or the recovery key).
    """
    database = folder / DATABASE_NAME
    if not database.exists():
        raise ProfileError(f"no profile database in {folder}")
    if key is None and is_encrypted(database):
        raise ProfileError(f"the profile in {folder} is encrypted: unlock it to back it up")
    moment = now()
    target = out or backups_dir(folder) / f"backup-{_stamp(moment)}-{reason}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    with _workdir(target.parent) as work:
        copy = work / DATABASE_NAME
        copy_database(database, copy, key)
        try:
            revision = check_database(copy, key)
        except ValidationError as error:
            raise ProfileError(f"the profile cannot be backed up: {error.message}") from None
        hashes = _attachment_hashes(copy, key)
        partial = work / "backup.zip"
        _write_zip(partial, copy, folder / ATTACHMENTS, hashes, moment, reason, revision)
        if key is not None:
            _add_key_file(partial, folder / KEY_FILE)
        commit(partial, target)  # the work folder is beside the target: one rename
    if out is None and rotate:
        prune(folder, now)
    return BackupInfo(target, moment, reason, target.stat().st_size)


def _write_zip(
    path: Path,
    database: Path,
    blobs: Path,
    hashes: list[str],
    moment: datetime,
    reason: str,
    revision: str,
) -> list[str]:
    missing: list[str] = []
    with zipfile.ZipFile(path, "w", allowZip64=True) as archive:
        archive.write(database, DATABASE_NAME, zipfile.ZIP_DEFLATED, compresslevel=1)
        stored = 0
        for content_hash in hashes:
            source = _blob(blobs, content_hash)
            if source.is_file():
                name = f"{ATTACHMENTS}/{content_hash[:2]}/{content_hash}"
                archive.write(source, name, compress_type=zipfile.ZIP_STORED)
                stored += 1
            else:
                missing.append(content_hash)
        manifest = {
            "format": FORMAT,
            "taken_at": moment.astimezone(UTC).isoformat(timespec="seconds"),
            "reason": reason,
            "schema": revision,
            "attachments": stored,
            "missing_attachments": missing,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return missing


def _add_key_file(archive_path: Path, key_file: Path) -> None:
    """Put an encrypted profile's key file in its backup (it holds only wrapped keys)."""
    try:
        data = key_file.read_bytes()
    except OSError as error:
        raise ProfileError(f"{key_file} cannot be read for the backup: {error}") from error
    with zipfile.ZipFile(archive_path, "a", allowZip64=True) as archive:
        archive.writestr(KEY_FILE, data)


# -- listing and rotation -----------------------------------------------------------------


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in the profile's backups folder, newest first."""
    found: list[BackupInfo] = []
    directory = backups_dir(folder)
    if not directory.is_dir():
        return found
    for path in directory.iterdir():
        match = _NAME.match(path.name)
        if not match or not path.is_file():
            continue
        try:
            found.append(BackupInfo(path, _parse_stamp(match[1]), match[2], path.stat().st_size))
        except (ValueError, OSError):
            continue
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def to_keep(backups: list[BackupInfo], now: datetime) -> set[Path]:
    """The backups rotation keeps: newest per day (7 days), per ISO week (4), last 24 h (5)."""
    ordered = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep: set[Path] = set()
    days: dict[Any, Path] = {}
    weeks: dict[Any, Path] = {}
    for backup in ordered:
        day = backup.taken_at.date()
        days.setdefault(day, backup.path)
        weeks.setdefault(day.isocalendar()[:2], backup.path)
    keep.update(list(days.values())[:KEEP_DAILY])
    keep.update(list(weeks.values())[:KEEP_WEEKLY])
    recent = [b.path for b in ordered if now - b.taken_at < timedelta(hours=24)]
    keep.update(recent[:KEEP_RECENT])
    return keep


def prune(folder: Path, now: Clock = utc_now) -> list[Path]:
    """Delete the backups rotation does not keep; returns them."""
    from smartgrowth_desktop.core.backup_chain import ancestors

    backups = list_backups(folder)
    keep = to_keep(backups, now())
    keep |= ancestors(keep)  # a kept daily backup keeps the links it is made over
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def daily_backup(folder: Path, now: Clock = utc_now, key: bytes | None = None) -> BackupInfo | None:
    """The day's backup when the app starts: taken unless one exists for today (UTC).

    A link of a chain (``core/backup_chain.py``): a full copy once a week, otherwise
    the pages changed since the newest daily backup.
    """
    today = now().date()
    backups = list_backups(folder)
    if any(b.taken_at.date() == today for b in backups):
        return None
    info = chain_backup(folder, now, key, [b.path for b in backups if b.reason == "daily"])
    prune(folder, now)
    return info


def chain_backup(
    folder: Path, now: Clock = utc_now, key: bytes | None = None, dailies: list[Path] | None = None
) -> BackupInfo:
    """A daily backup as a link of a chain: a full copy, or the pages changed since the
    newest link of a chain less than a week old (``dailies``: the daily backups)."""
    from smartgrowth_desktop.core import backup_chain

    database = folder / DATABASE_NAME
    if not database.exists():
        raise ProfileError(f"no profile database in {folder}")
    if key is None and is_encrypted(database):
        raise ProfileError(f"the profile in {folder} is encrypted: unlock it to back it up")
    moment = now()
    base = backup_chain.chain_base(dailies or [], moment)
    target = backups_dir(folder) / f"backup-{_stamp(moment)}-daily.zip"
    held: set[str] = set()
    if base is not None:
        for link in backup_chain.chain_of(base.path):
            with zipfile.ZipFile(link.path) as archive:
                held.update(archive.namelist())
    with _workdir(target.parent) as work:
        hashes = _attachment_hashes(database, key)
        blobs = []
        for content_hash in hashes:
            name = f"{ATTACHMENTS}/{content_hash[:2]}/{content_hash}"
            source = _blob(folder / ATTACHMENTS, content_hash)
            if name not in held and source.is_file():
                blobs.append((name, source))
        if key is not None:
            (work / KEY_FILE).write_bytes((folder / KEY_FILE).read_bytes())
            blobs.append((KEY_FILE, work / KEY_FILE))
        manifest = {
            "format": FORMAT,
            "taken_at": moment.astimezone(UTC).isoformat(timespec="seconds"),
            "reason": "daily",
            "attachments": len([b for b in blobs if b[0] != KEY_FILE]),
            "missing_attachments": [],
        }
        partial, copy = work / "backup.zip", work / DATABASE_NAME
        backup_chain.write_link(database, key, partial, base, manifest, blobs, copy)
        if base is None:  # a full copy is checked whole, as every full backup is
            backup_chain.self_contained(copy, key)
            try:
                check_database(copy, key)
            except ValidationError as error:
                raise ProfileError(f"the profile cannot be backed up: {error.message}") from None
        commit(partial, target)
    return BackupInfo(target, moment, "daily", target.stat().st_size)


def before_bulk_change(
    folder: Path, what: str = "import", key: bytes | None = None
) -> BackupInfo | None:
    """A backup before a bulk import or merge (the vCard, spreadsheet and JSON importers);
    ``key`` is an encrypted profile's database key.

    Returns None for a profile without a database yet (nothing to lose).
    """
    if not (folder / DATABASE_NAME).exists():
        return None
    return create_backup(folder, reason=f"before-{what}", key=key)
