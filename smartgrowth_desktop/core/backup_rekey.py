"""A profile's backups follow it when it is encrypted or decrypted.

Encrypting a profile whose ``backups/`` holds plain zips would leave every record
readable there; decrypting would leave backups nothing could restore. ``rekey_backup``
rewrites one backup zip into the other form: its database through ``sqlcipher_export``,
its attachment files sealed or opened, the key file added or dropped; the manifest is
kept. The new zip replaces the old one in one rename, so a kill leaves either.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from smartgrowth_desktop.core import sqlcipher
from smartgrowth_desktop.core.backup import DATABASE_NAME, KEY_FILE, list_backups
from smartgrowth_desktop.core.backup_chain import HASHES, flatten_all
from smartgrowth_desktop.core.backup_rewrite import rewrite_backup
from smartgrowth_desktop.core.blob_seal import blob_key, stored_form, unseal

_BLOB = re.compile(r"^attachments/[0-9a-f]{2}/([0-9a-f]{64})$")


def _export(database: Path, old_key: bytes | None, target: Path, new_key: bytes | None) -> None:
    conn = sqlcipher.connect(str(database), old_key)
    try:
        conn.execute(sqlcipher.attach_statement("target", new_key), (str(target),))
        conn.execute("SELECT sqlcipher_export('target')")
        version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        conn.execute(f"PRAGMA target.user_version = {version}")
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()


def _member(name: str, data: bytes, old_key: bytes | None, new_key: bytes | None) -> bytes:
    match = _BLOB.match(name)
    if match is None:
        return data
    content = unseal(blob_key(old_key), match[1], data)
    return data if content is None else stored_form(blob_key(new_key), match[1], content)


def rekey_backup(path: Path, old_key: bytes | None, new_key: bytes | None, key_file: Path) -> bool:
    """Rewrite the backup at ``path`` from ``old_key``'s form to ``new_key``'s (None:
    plain); returns False when it is already in that form or is not a backup zip."""
    return rewrite_backup(
        path,
        lambda names: (KEY_FILE in names) != (new_key is not None),
        lambda database, converted: _export(database, old_key, converted, new_key),
        lambda staged, archive, names, converted, _said: _write(
            staged, archive, names, converted, old_key, new_key, key_file
        ),
    )


def _write(
    staged: Path,
    archive: zipfile.ZipFile,
    names: list[str],
    database: Path,
    old_key: bytes | None,
    new_key: bytes | None,
    key_file: Path,
) -> None:
    with zipfile.ZipFile(staged, "w", allowZip64=True) as out:
        out.write(database, DATABASE_NAME, zipfile.ZIP_DEFLATED, compresslevel=1)
        for name in names:
            if name in (DATABASE_NAME, KEY_FILE, HASHES):  # digests of the old file
                continue
            info = archive.getinfo(name)
            data = _member(name, archive.read(name), old_key, new_key)
            out.writestr(name, data, compress_type=info.compress_type)
        if new_key is not None:
            out.writestr(KEY_FILE, key_file.read_bytes())


def rekey_backups(folder: Path, old_key: bytes | None, new_key: bytes | None) -> int:
    """Rewrite every backup in the profile's backups folder; returns how many changed."""
    key_file = folder / KEY_FILE
    backups = [b.path for b in list_backups(folder)]
    flatten_all(backups, old_key)  # a daily increment's pages are under the old key
    return sum(rekey_backup(path, old_key, new_key, key_file) for path in backups)
