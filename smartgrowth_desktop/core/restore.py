"""Restoring a profile from a backup: verify first, keep the current profile, swap safely.

The order makes every moment of a restore safe to crash in:

1. the backup is checked whole in a work folder: the zip (``backup_zip``: any damage
   is one plain refusal), SHA-256 of each attachment, ``PRAGMA integrity_check``, a
   revision this version knows, and a schema exactly as our migrations make it at that
   revision (``schema_check``: no trigger, view, table or index of anyone else's);
2. the current profile is backed up (``before-restore``; a damaged database is copied
   as it is instead);
3. missing attachment files are added (content-addressed: adding files never breaks
   the current profile);
4. the database is replaced in one SQLite transaction, with the online backup API
   writing *into* the live database: a crash before the commit leaves the old profile,
   after it the new one. Only a damaged database (which SQLite cannot open) is replaced
   by an atomic file rename instead.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from smartgrowth_desktop.core import backup_chain
from smartgrowth_desktop.core.atomic import commit, temporary_name
from smartgrowth_desktop.core.backup import (
    ATTACHMENTS,
    DATABASE_NAME,
    FORMAT,
    KEY_FILE,
    Clock,
    Progress,
    RestoreReport,
    _blob,
    _stamp,
    _workdir,
    backups_dir,
    check_database,
    copy_database,
    create_backup,
    utc_now,
)
from smartgrowth_desktop.core.backup_zip import BackupArchive, describe
from smartgrowth_desktop.core.blob_seal import blob_key, unseal
from smartgrowth_desktop.core.errors import ProfileError, ValidationError
from smartgrowth_desktop.core.schema_check import check_schema
from smartgrowth_desktop.core.sqlcipher import database_errors, is_encrypted, open_database

_STEP_PAGES = 1024
_BLOB_PARTS = 3  # attachments/xx/<sha256>


@dataclass
class VerifiedBackup:
    """A backup that passed every check, its database extracted to a work folder."""

    database: Path
    schema: str
    blobs: dict[str, str] = field(default_factory=dict)  # sha256 -> member name
    sources: dict[str, Path] = field(default_factory=dict)  # sha256 -> another link's zip
    warnings: list[str] = field(default_factory=list)


def _is_blob_name(name: str) -> str | None:
    parts = name.split("/")
    if len(parts) != _BLOB_PARTS or parts[0] != ATTACHMENTS:
        return None
    digest = parts[2]
    hexdigits = set("0123456789abcdef")
    if len(digest) == 64 and set(digest) <= hexdigits and parts[1] == digest[:2]:
        return digest
    return None


def verify_backup(path: Path, work: Path, key: bytes | None = None) -> VerifiedBackup:
    """Check a backup file whole; raise ``ValidationError`` saying what is wrong with it.

    ``key`` is the database key of the encrypted profile it is to restore into: only a
    backup of that profile (under the same key) passes then.
    """
    where = str(path)
    if not path.is_file():
        raise ValidationError(where, "no such backup file")
    with path.open("rb") as handle:
        head = handle.read(16)
    database = work / DATABASE_NAME
    if head == b"SQLite format 3\x00":  # a bare database (no attachments)
        try:
            copy_database(path, database)  # through SQLite: a -wal file beside it counts
        except ProfileError as error:
            raise ValidationError(where, f"the database is damaged ({error})") from None
        verified = VerifiedBackup(database, "", warnings=["no attachments in it"])
        verified.schema = _checked(database, where, verified.warnings, key)
        return verified
    if not zipfile.is_zipfile(path):
        raise ValidationError(where, "not a SmartGrowth backup (neither a zip nor a database)")
    with BackupArchive(path) as archive:
        return _verify_zip(archive, database, work, key)


def _blob_matches(raw_digest: str, copy: Path, digest: str, key: bytes | None) -> bool:
    """Whether an extracted attachment file holds the content named ``digest`` (plain, or
    sealed with the profile's attachment key)."""
    if raw_digest == digest:
        return True
    return key is not None and unseal(blob_key(key), digest, copy.read_bytes()) is not None


def _verify_zip(
    archive: BackupArchive, database: Path, work: Path, key: bytes | None = None
) -> VerifiedBackup:
    where = archive.where
    names = archive.names()
    if backup_chain.PAGES in names:  # a daily increment: rebuilt from its chain
        return _verify_increment(archive, database, work, key)
    if "manifest.json" not in names or DATABASE_NAME not in names:
        raise ValidationError(where, "not a SmartGrowth backup (no manifest or database in it)")
    manifest = archive.manifest()
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise ValidationError(where, f"not a SmartGrowth backup (format {found!r})")
    if key is None and KEY_FILE in names:
        raise ValidationError(
            where,
            "a backup of an encrypted profile: it restores only into that profile, unlocked",
        )
    members = names - {"manifest.json", DATABASE_NAME, KEY_FILE}
    blobs = {name: _is_blob_name(name) for name in sorted(members)}
    biggest = max((n for n, d in blobs.items() if d), key=archive.size, default=None)
    archive.check_room(work, [DATABASE_NAME, *([biggest] if biggest else [])])
    archive.extract(DATABASE_NAME, database)
    if backup_chain.HASHES in names:  # a daily full copy: the live file as it was
        backup_chain.self_contained(database, key)
    verified = VerifiedBackup(database, "")
    verified.schema = _checked(database, where, verified.warnings, key)
    scratch = work / "blob"
    for name, digest in blobs.items():
        if digest is None:
            verified.warnings.append(f"ignored unexpected file {name!r} in the backup")
            continue
        if not _blob_matches(archive.extract(name, scratch), scratch, digest, key):
            raise ValidationError(where, f"the attachment {digest[:12]}… in it is damaged")
        verified.blobs[digest] = name
    scratch.unlink(missing_ok=True)
    return verified


def _verify_increment(
    archive: BackupArchive, database: Path, work: Path, key: bytes | None
) -> VerifiedBackup:
    """Rebuild a daily increment's database from its chain, then check it as any backup;
    its attachment files are those of every link."""
    where = archive.where
    if key is None and KEY_FILE in archive.names():
        raise ValidationError(
            where,
            "a backup of an encrypted profile: it restores only into that profile, unlocked",
        )
    links = backup_chain.chain_of(archive.path)
    backup_chain.materialize(archive.path, database)
    backup_chain.self_contained(database, key)
    verified = VerifiedBackup(database, "")
    verified.schema = _checked(database, where, verified.warnings, key)
    scratch = work / "blob"
    for link in links:
        with BackupArchive(link.path) as member_archive:
            for name in sorted(member_archive.names()):
                digest = _is_blob_name(name)
                if digest is None or digest in verified.blobs:
                    continue
                extracted = member_archive.extract(name, scratch)
                if not _blob_matches(extracted, scratch, digest, key):
                    raise ValidationError(where, f"the attachment {digest[:12]}… in it is damaged")
                verified.blobs[digest] = name
                verified.sources[digest] = link.path
    scratch.unlink(missing_ok=True)
    return verified


def _checked(database: Path, where: str, warnings: list[str], key: bytes | None = None) -> str:
    """The database's revision, once its integrity and its schema are checked."""
    try:
        revision = check_database(database, key)
        warnings += check_schema(database, revision, where, key)
    except ValidationError as error:
        raise ValidationError(where, error.message) from None
    except database_errors() as error:  # the schema check found it unreadable
        raise ValidationError(where, f"the backup file is damaged ({describe(error)})") from None
    return revision


def _keep_current(folder: Path, now: Clock, key: bytes | None = None) -> Path | None:
    """Back up the current profile; a damaged database is copied as it is."""
    live = folder / DATABASE_NAME
    if not live.exists():
        return None
    try:
        return create_backup(folder, reason="before-restore", now=now, rotate=False, key=key).path
    except ProfileError:
        target = backups_dir(folder) / f"damaged-{_stamp(now())}"
        target.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            source = live.with_name(live.name + suffix)
            if source.exists():
                shutil.copy2(source, target / source.name)
        return target


def _add_attachments(
    source: Path, verified: VerifiedBackup, root: Path, key: bytes | None = None
) -> int:
    """Add the attachment files the profile lacks, each checked again as it is copied
    (the backup file may have changed since it was verified)."""
    added = 0
    by_source: dict[Path, dict[str, str]] = {}
    for digest, name in verified.blobs.items():  # a daily increment's are in its chain
        by_source.setdefault(verified.sources.get(digest, source), {})[digest] = name
    for path, blobs in by_source.items():
        added += _add_from(path, blobs, root, key)
    return added


def _add_from(source: Path, blobs: dict[str, str], root: Path, key: bytes | None) -> int:
    added = 0
    with BackupArchive(source) as archive:
        for digest, name in blobs.items():
            target = _blob(root, digest)
            if target.is_file() and target.stat().st_size == archive.size(name):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = temporary_name(target)
            if not _blob_matches(archive.extract(name, temp), temp, digest, key):
                temp.unlink(missing_ok=True)
                raise archive.damaged(f"the attachment {digest[:12]}… in it changed")
            commit(temp, target)
            added += 1
    return added


def _pages(progress: Progress) -> Callable[[int, int, int], None]:
    def report(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    return report


def _replace_database(
    new: Path, live: Path, progress: Progress | None = None, key: bytes | None = None
) -> None:
    if live.exists():
        try:
            _write_into(new, live, progress, key)
            return
        except database_errors():
            pass  # the live database is damaged: replace the file instead
    staged = temporary_name(live)
    shutil.copyfile(new, staged)
    for suffix in ("-wal", "-shm", "-journal"):
        live.with_name(live.name + suffix).unlink(missing_ok=True)
    commit(staged, live)


def _write_into(
    new: Path, live: Path, progress: Progress | None = None, key: bytes | None = None
) -> None:
    """Copy ``new`` over ``live`` in one SQLite write transaction (atomic, crash-safe).

    The copy goes in steps (``progress(done, total)`` pages after each), but the
    destination stays locked and uncommitted until the last step.
    """
    source = open_database(new, key, read_only=True)
    try:
        target = open_database(live, key, timeout=30)
        try:
            target.execute("PRAGMA synchronous = FULL")
            target.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if progress is None:
                source.backup(target)
            else:
                source.backup(target, pages=_STEP_PAGES, progress=_pages(progress))
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
    finally:
        source.close()


def restore_backup(
    folder: Path,
    source: Path,
    now: Clock = utc_now,
    progress: Progress | None = None,
    key: bytes | None = None,
) -> RestoreReport:
    """Replace the profile in ``folder`` by the backup ``source`` (see the module doc).

    Close the profile's database first; the next open migrates an older schema. An
    encrypted profile is restored with its database ``key``, from its own backups only.
    """
    source = source.resolve()
    if key is None and is_encrypted(folder / DATABASE_NAME):
        raise ProfileError(f"the profile in {folder} is encrypted: unlock it to restore it")
    with _workdir(backups_dir(folder)) as work:
        verified = verify_backup(source, work, key)
        safety = _keep_current(folder, now, key)
        added = _add_attachments(source, verified, folder / ATTACHMENTS, key)
        _replace_database(verified.database, folder / DATABASE_NAME, progress, key)
    return RestoreReport(source, safety, added, verified.schema, verified.warnings)
