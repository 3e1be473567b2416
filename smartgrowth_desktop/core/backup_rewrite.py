"""Rewriting one backup zip in place, safely: the database taken out, converted into a
new file, and a new zip written and renamed over the old one (a kill leaves either).

Used when a profile is encrypted or decrypted (``core/backup_rekey.py``) and when a
person is erased (``core/erasure_backups.py``).
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from smartgrowth_desktop.core import sqlcipher
from smartgrowth_desktop.core.atomic import commit, temporary_name
from smartgrowth_desktop.core.backup import DATABASE_NAME, _workdir

T = TypeVar("T")
#: (the new zip, the old zip, its member names, the converted database, what convert said)
Write = Callable[[Path, zipfile.ZipFile, list[str], Path, T], None]


def rewrite_backup(
    path: Path,
    wanted: Callable[[list[str]], bool],
    convert: Callable[[Path, Path], T],
    write: Write[T],
) -> bool:
    """Rewrite the backup at ``path``: ``convert(old_database, new_database)``, then
    ``write`` the new zip; False when it is not a backup zip or ``wanted`` says no."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if DATABASE_NAME not in names or not wanted(names):
                return False
            with _workdir(path.parent) as work:
                database, converted = work / "old.sqlite3", work / "new.sqlite3"
                with archive.open(DATABASE_NAME) as source, database.open("wb") as out:
                    shutil.copyfileobj(source, out)
                said = convert(database, converted)
                database.unlink()
                staged = temporary_name(path)
                try:
                    write(staged, archive, names, converted, said)
                    commit(staged, path)
                finally:
                    staged.unlink(missing_ok=True)
    except sqlcipher.database_errors(zipfile.BadZipFile, OSError):
        return False
    return True
