"""Encrypting, decrypting and re-keying a profile, each safe to kill at any moment.

``encrypt_profile`` and ``decrypt_profile`` never change the profile's database in place:

1. the profile must be closed everywhere: the folder's lock (``core/profile_lock.py``)
   is taken exclusively, held until the new file is in place, and the database is
   switched out of WAL mode and locked exclusively while it is copied;
2. a new file is written beside it (``sqlcipher_export`` into an attached database,
   encrypted or plain), then verified: ``PRAGMA integrity_check`` (and
   ``cipher_integrity_check``), the same tables with the same number of rows and the
   same content, row by row (a digest of every table), and its change log replayed into
   an empty profile gives the same records (``services/log_replay.py``; a log of more
   than ``REPLAY_LIMIT`` entries is not replayed, and the result says so);
3. it is put in place: the key file first (``profile.key``; beside a plain database it
   is ignored), then one rename of the new database over the old one; decrypting
   removes the key file after the rename.

Attachment files (``core/blob_seal.py``) and backups (``core/backup_rekey.py``) are
sealed one by one after the rename (the marker ``.sealing`` stays until the last one
is, and the next open of the profile finishes the work), and opened one by one before a
decryption's rename (under the same marker: killed before the rename, the still
encrypted profile seals them again when next opened); an encrypted profile reads both
forms of attachment, so every moment between is usable.

A kill before the rename leaves the old profile, after it the new one: exactly one
usable profile either way (a leftover temporary file is removed by the next run).
``change_passphrase`` rewraps the data key and replaces ``profile.key`` in one rename;
the database is not touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core import profile_key, sqlcipher
from smartgrowth_desktop.core.atomic import commit, sync_folder, temporary_name
from smartgrowth_desktop.core.backup import RestoreReport
from smartgrowth_desktop.core.backup_rekey import rekey_backups
from smartgrowth_desktop.core.backup_zip import BackupArchive
from smartgrowth_desktop.core.blob_seal import blob_key, reseal_file
from smartgrowth_desktop.core.errors import ProfileError, ValidationError
from smartgrowth_desktop.core.paths import DATABASE_NAME
from smartgrowth_desktop.core.profile_lock import exclusive_use
from smartgrowth_desktop.core.restore import restore_backup
from smartgrowth_desktop.services.log_replay import Replay, replay_check
from smartgrowth_desktop.services.profile import Profile, is_encrypted_profile, unlock_data_key

#: called with the name of each step as it starts (the window shows it; tests kill there)
Step = Callable[[str], None]
ATTACHMENTS = "attachments"
SEALING = ".sealing"  # while an encryption seals the attachment files and backups


@dataclass(frozen=True)
class Conversion:
    """What an encryption or decryption did: rows per table, verified equal in both."""

    folder: Path
    encrypted: bool
    counts: dict[str, int] = field(default_factory=dict)
    recovery_key: str | None = None  # shown once, after encrypting
    replay: Replay | None = None  # the change log replayed into an empty profile


def _quiet(_step: str) -> None:
    pass


def _remove_leftovers(database: Path) -> None:
    """Temporary files of a conversion that was killed (never the profile itself)."""
    for stale in database.parent.glob(f".{database.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    for stale in database.parent.glob(".replay-*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def _exclusive(database: Path, key: bytes | None) -> Iterator[Any]:
    """The profile's database, out of WAL mode and locked against every other process."""
    conn = sqlcipher.connect(str(database), key, timeout=2.0)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.dbapi().DatabaseError as error:
            raise ProfileError(f"{database} cannot be read: {error}") from None
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")  # the exclusive lock stays until the connection closes
        except sqlcipher.dbapi().OperationalError:
            mode = "busy"
        if str(mode).lower() != "delete":
            raise ProfileError(
                f"the profile in {database.parent} is open in another SmartGrowth window or "
                "command; close it and try again (nothing was changed)"
            )
        yield conn
    finally:
        with contextlib.suppress(Exception):  # back as it was (WAL), for whoever opens it
            conn.execute("PRAGMA locking_mode = NORMAL")
            conn.execute("PRAGMA journal_mode = WAL")
        conn.close()


def _tables(conn: Any) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [str(row[0]) for row in rows]


def table_digests(conn: Any) -> dict[str, tuple[int, str]]:
    """Each table's row count and a SHA-256 of its rows in rowid order."""
    result: dict[str, tuple[int, str]] = {}
    for table in _tables(conn):
        digest, count = hashlib.sha256(), 0
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            digest.update(repr(tuple(row)).encode("utf-8"))
            count += 1
        result[table] = (count, digest.hexdigest())
    return result


def _verify(new: Path, key: bytes | None, expected: dict[str, tuple[int, str]]) -> None:
    """Check the new database whole against the old one's digests, or raise."""
    conn = sqlcipher.connect(f"{new.resolve().as_uri()}?mode=ro", key, uri=True)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()
        if not verdict or verdict[0] != "ok":
            raise ProfileError(f"the new database failed its integrity check ({verdict})")
        if key is not None:
            problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if problems:
                raise ProfileError(f"the new database failed its cipher check ({problems[0]})")
        found = table_digests(conn)
    finally:
        conn.close()
    if found != expected:
        differ = sorted(t for t in set(found) | set(expected) if found.get(t) != expected.get(t))
        raise ProfileError(f"the new database differs from the profile in: {', '.join(differ)}")


def _convert(
    folder: Path, old_key: bytes | None, new_key: bytes | None, step: Step
) -> tuple[Path, dict[str, int], Replay]:
    """Write and verify the new database beside the old one; returns its temporary path."""
    database = folder / DATABASE_NAME
    _remove_leftovers(database)
    new = temporary_name(database)
    step("lock")
    with _exclusive(database, old_key) as conn:
        expected = table_digests(conn)
        step("write")
        try:
            conn.execute(sqlcipher.attach_statement("target", new_key), (str(new),))
            conn.execute("SELECT sqlcipher_export('target')")
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute(f"PRAGMA target.user_version = {int(version)}")
            conn.execute("DETACH DATABASE target")
            step("verify")
            _verify(new, new_key, expected)
            replay = replay_check(new, new_key, folder)
            if replay.differ:
                raise ProfileError(
                    "the change log replayed into an empty profile does not give the same "
                    f"records in: {', '.join(replay.differ)}; nothing was changed"
                )
        except BaseException:
            new.unlink(missing_ok=True)
            raise
        return new, {table: count for table, (count, _) in expected.items()}, replay


def _reseal_attachments(folder: Path, key: bytes | None, new_key: bytes | None) -> int:
    """Seal (or open) every attachment file, one atomic rewrite each; returns how many."""
    root = folder / ATTACHMENTS
    if not root.is_dir():
        return 0
    changed = 0
    for path in sorted(root.glob("??/*")):
        if len(path.name) == 64 and path.is_file():
            changed += reseal_file(path, key, new_key)
    return changed


def finish_sealing(folder: Path, database_key: bytes) -> int:
    """Seal the attachment files and backups an encryption killed half-way left open (it
    leaves the marker ``.sealing`` until every one is sealed); returns how many."""
    marker = folder / SEALING
    if not marker.exists():
        return 0
    changed = _reseal_attachments(folder, None, blob_key(database_key))
    changed += rekey_backups(folder, None, database_key)
    marker.unlink(missing_ok=True)
    sync_folder(folder)
    return changed


def _swap_in(new: Path, folder: Path) -> None:
    database = folder / DATABASE_NAME
    for suffix in ("-wal", "-shm", "-journal"):  # none after _exclusive; never replayed
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    commit(new, database)


def encrypt_profile(
    folder: Path,
    passphrase: str,
    kdf: profile_key.KdfParams | None = None,
    step: Step = _quiet,
) -> Conversion:
    """Encrypt the (closed) plain profile in ``folder`` under a new passphrase.

    Returns the recovery key, to be shown once to the user.
    """
    if is_encrypted_profile(folder):
        raise ProfileError(f"the profile in {folder} is already encrypted")
    if not (folder / DATABASE_NAME).is_file():
        raise ProfileError(f"no profile in {folder}")
    key_file, data_key, recovery = profile_key.KeyFile.create(passphrase, kdf)
    new_key = profile_key.subkey(data_key, "database")
    with exclusive_use(folder):
        new, counts, replay = _convert(folder, None, new_key, step)
        try:
            step("key file")
            profile_key.write_key_file(folder / profile_key.KEY_FILE, key_file)
            step("swap")
            (folder / SEALING).touch()
            _swap_in(new, folder)
        finally:
            new.unlink(missing_ok=True)
        step("attachments and backups")
        finish_sealing(folder, new_key)
    step("done")
    return Conversion(folder, True, counts, recovery, replay)


def decrypt_profile(
    folder: Path,
    passphrase: str | None = None,
    recovery: str | None = None,
    step: Step = _quiet,
) -> Conversion:
    """Turn the (closed) encrypted profile in ``folder`` back into a plain one."""
    if not is_encrypted_profile(folder):
        raise ProfileError(f"the profile in {folder} is not encrypted")
    data_key = unlock_data_key(folder, passphrase, recovery)
    old_key = profile_key.subkey(data_key, "database")
    with exclusive_use(folder):
        step("attachments and backups")  # opened first: an encrypted profile reads both
        (folder / SEALING).touch()  # killed before the rename: the next open seals again
        _reseal_attachments(folder, blob_key(old_key), None)
        rekey_backups(folder, old_key, None)
        new, counts, replay = _convert(folder, old_key, None, step)
        try:
            step("swap")
            _swap_in(new, folder)
        finally:
            new.unlink(missing_ok=True)
        step("key file")
        (folder / SEALING).unlink(missing_ok=True)
        (folder / profile_key.KEY_FILE).unlink(missing_ok=True)
        sync_folder(folder)
    step("done")
    return Conversion(folder, False, counts, None, replay)


def change_passphrase(
    folder: Path,
    new_passphrase: str,
    passphrase: str | None = None,
    recovery: str | None = None,
    kdf: profile_key.KdfParams | None = None,
) -> None:
    """Rewrap the data key under ``new_passphrase`` (opened with the old passphrase or the
    recovery key); one rename of ``profile.key``, nothing else re-encrypted."""
    if not is_encrypted_profile(folder):
        raise ProfileError(f"the profile in {folder} is not encrypted")
    profile_key.check_new_passphrase(new_passphrase)
    path = folder / profile_key.KEY_FILE
    data_key = unlock_data_key(folder, passphrase, recovery)
    key_file = profile_key.read_key_file(path)
    profile_key.write_key_file(path, key_file.rewrapped(data_key, new_passphrase, kdf))


def create_encrypted_profile(
    folder: Path, passphrase: str, kdf: profile_key.KdfParams | None = None
) -> tuple[Profile, str]:
    """A new, empty, encrypted profile in ``folder``: the opened profile and the recovery
    key (to show once)."""
    database = folder / DATABASE_NAME
    if database.is_file() and database.stat().st_size > 0:
        raise ProfileError(f"{folder} already holds a profile (encrypt it instead)")
    key_file, data_key, recovery = profile_key.KeyFile.create(passphrase, kdf)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    profile_key.write_key_file(folder / profile_key.KEY_FILE, key_file)
    return Profile(folder, data_key=data_key), recovery


def backup_is_encrypted(source: Path) -> bool:
    """Whether ``source`` is a backup zip of an encrypted profile (it holds a key file)."""
    try:
        with zipfile.ZipFile(source) as archive:
            return profile_key.KEY_FILE in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def open_backup_key(
    source: Path, passphrase: str | None, recovery: str | None = None
) -> tuple[profile_key.KeyFile, bytes]:
    """The key file in a backup of an encrypted profile and the data key it opens with the
    passphrase (or the recovery key); ``WrongPassphrase`` or ``ValidationError`` else."""
    with BackupArchive(source) as archive:
        if profile_key.KEY_FILE not in archive.names():
            raise ValidationError(str(source), "not a backup of an encrypted profile")
        if archive.size(profile_key.KEY_FILE) > 64 * 1024:
            raise archive.damaged("its key file is far too large")
        with tempfile.TemporaryDirectory() as scratch:
            staged = Path(scratch) / profile_key.KEY_FILE
            archive.extract(profile_key.KEY_FILE, staged)
            key_file = profile_key.KeyFile.from_bytes(staged.read_bytes(), source)
    if recovery:
        return key_file, key_file.unlock_with_recovery(recovery)
    return key_file, key_file.unlock(passphrase or "")


def restore_encrypted_backup(
    folder: Path, source: Path, passphrase: str | None, recovery: str | None = None
) -> tuple[RestoreReport, bytes]:
    """A backup of an encrypted profile restored where no profile is yet (a new laptop):
    its key file is opened with the passphrase (or the recovery key) first, then put in
    place, then the backup restored under its key. Returns the report and the data key."""
    database = folder / DATABASE_NAME
    if database.is_file() and database.stat().st_size > 0:
        raise ProfileError(f"{folder} already holds a profile: restore into that one")
    key_file, data_key = open_backup_key(source, passphrase, recovery)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_path = folder / profile_key.KEY_FILE
    profile_key.write_key_file(key_path, key_file)
    try:
        report = restore_backup(folder, source, key=profile_key.subkey(data_key, "database"))
    except BaseException:
        if not database.exists():  # nothing restored: no key file beside no profile
            key_path.unlink(missing_ok=True)
        raise
    return report, data_key


#: for other whole-file conversions (travel mode, ``services/travel_leave.py``)
exclusive_database = _exclusive
remove_leftovers = _remove_leftovers
swap_in = _swap_in
