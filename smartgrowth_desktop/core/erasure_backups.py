"""Backups forget an erased person too (GDPR art. 17).

A backup zip holds the whole database and the attachment files as they were. After an
erasure, each backup in the profile's ``backups/`` is rewritten: its database goes
through the same forgetting as the profile (``core/erasure.py``: the log's values, the
rows, the search index; the changesets it holds through ``sync/redaction.py``'s rule,
applied by the caller's ``redact``), is compacted into a fresh file, and the person's
files are left out of the new zip. The new zip replaces the old one in one rename, so a
kill leaves either. A restore re-applies every erasure the profile knows
(``services/backups.py``).
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection

from smartgrowth_desktop.core import erasure, sqlcipher
from smartgrowth_desktop.core.backup import DATABASE_NAME, list_backups
from smartgrowth_desktop.core.backup_chain import HASHES, flatten_all
from smartgrowth_desktop.core.backup_rewrite import rewrite_backup

_BLOB = re.compile(r"^attachments/[0-9a-f]{2}/([0-9a-f]{64})$")
Redact = Callable[[Connection], object]


def _forget_in(
    database: Path, key: bytes | None, records: dict[str, str], redact: Redact
) -> set[str]:
    """Forget ``records`` in a backup's database file; the contents no longer used."""
    from smartgrowth_desktop.core.db import make_engine

    engine = make_engine(database, False, key)
    try:
        with engine.connect() as conn, conn.begin():
            known = {"changes", "local_state"} <= {
                row[0] for row in conn.exec_driver_sql("SELECT name FROM sqlite_master")
            }
            if not known:
                return set()
            gone = erasure.forget(conn, records)
            redact(conn)
            gone = erasure.unused(conn, gone)
            erasure.compact(conn)
    finally:
        engine.dispose()
    return gone


def _vacuum(database: Path, key: bytes | None, target: Path) -> None:
    """A fresh, compact copy of the database: no free page keeps what was deleted."""
    conn = sqlcipher.connect(str(database), key) if key is not None else sqlite3.connect(database)
    try:
        if key is not None:
            conn.execute(sqlcipher.attach_statement("target", key), (str(target),))
            conn.execute("SELECT sqlcipher_export('target')")
            version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
            conn.execute(f"PRAGMA target.user_version = {version}")
            conn.execute("DETACH DATABASE target")
        else:
            conn.execute("VACUUM INTO ?", (str(target),))
    finally:
        conn.close()


def erase_in_backup(path: Path, records: dict[str, str], key: bytes | None, redact: Redact) -> bool:
    """Rewrite one backup without ``records`` (id hex -> kind); False when it is not a
    backup zip or holds nothing to change."""

    def convert(database: Path, compact: Path) -> set[str]:
        gone = _forget_in(database, key, records, redact)
        _vacuum(database, key, compact)
        return gone

    return rewrite_backup(path, lambda _names: True, convert, _rewrite)


def _rewrite(
    staged: Path, archive: zipfile.ZipFile, names: list[str], database: Path, gone: set[str]
) -> None:
    """The new zip: the compacted database, every other member but the person's files."""
    with zipfile.ZipFile(staged, "w", allowZip64=True) as out:
        out.write(database, DATABASE_NAME, zipfile.ZIP_DEFLATED, compresslevel=1)
        for name in names:
            match = _BLOB.match(name)
            if name in (DATABASE_NAME, HASHES) or (match is not None and match[1] in gone):
                continue
            info = archive.getinfo(name)
            out.writestr(name, archive.read(name), compress_type=info.compress_type)


def erase_in_backups(
    folder: Path, records: dict[str, str], key: bytes | None, redact: Redact
) -> int:
    """Rewrite every backup of the profile in ``folder``; returns how many.

    Daily increments (``core/backup_chain.py``) hold pages of the database as it was:
    each is first made a full copy, so the erasure reaches every day of a chain."""
    backups = [b.path for b in list_backups(folder)]
    flatten_all(backups, key)
    return sum(erase_in_backup(path, records, key, redact) for path in backups)
