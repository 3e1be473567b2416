"""A new profile's database copied from a template of the current schema, not migrated.

Creating a database ran every migration since the first: Alembic's import and seven
revisions, about 0.15-0.25 s, most of a first sync's start-up (and of every test that makes
a profile). Now the migrations run once per machine into a template in the user's cache
folder, and each new plain database starts as a copy of it, then opens as any profile at
the current schema does (one query).

The template's name carries a digest of what builds it (the migrations, the SQLite
library, ``FORMAT``) so a changed migration builds a new one, and a digest of its bytes,
checked on every copy. Whatever goes wrong with the template (a damaged file, a cache
folder that cannot be written) only costs time: the database is then migrated as before.
Encrypted databases are always migrated (SQLCipher writes their pages).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from smartgrowth_desktop.core import migrate
from smartgrowth_desktop.core.paths import APP_NAME

log = logging.getLogger(__name__)

#: where the templates are kept (tests and a portable install may set it)
CACHE_ENV = "SMARTGROWTH_CACHE_DIR"
#: bumped when something outside the migrations changes what a new database holds (the
#: pragmas a file keeps, such as its journal mode: ``core/plain.set_pragmas``)
FORMAT = 1
_PREFIX = "schema-"


def cache_folder() -> Path:
    """``SMARTGROWTH_CACHE_DIR``, else the platform's user cache folder, plus ``schema``."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given).expanduser() / "schema"
    import platformdirs

    return Path(platformdirs.user_cache_dir("smartgrowth-desk", appauthor=False)) / "schema"


def build_digest() -> str:
    """A digest of everything that decides a new database's bytes but the template itself."""
    digest = hashlib.sha256(f"{APP_NAME}|{FORMAT}|{migrate.HEAD}|{sqlite3.sqlite_version}".encode())
    for source in sorted(migrate.MIGRATIONS.rglob("*")):
        if source.is_file() and source.suffix in {".py", ".mako"}:
            digest.update(source.relative_to(migrate.MIGRATIONS).as_posix().encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:20]


def fill_new(path: Path) -> bool:
    """Give ``path``, a database not yet created, the current schema from the template.

    Returns whether it did; False (and ``path`` untouched) when ``path`` exists, or when
    the template cannot be had: the caller then creates and migrates it as before.
    """
    if path.exists():
        return False
    try:
        content = _template_bytes()
    except Exception as error:  # a full cache disk, SQLAlchemy's or Alembic's errors: migrate
        log.info("new database %s migrated: no schema template (%s)", path, error)
        return False
    try:
        return _place(path, content)
    except OSError as error:
        log.info("new database %s migrated: the template could not be copied (%s)", path, error)
        return False


def _template_bytes() -> bytes:
    """The template's bytes, checked against the digest in its name; built if missing."""
    folder = cache_folder()
    prefix = f"{_PREFIX}{migrate.HEAD}-{build_digest()}-"
    for found in sorted(folder.glob(f"{prefix}*.sqlite3")) if folder.is_dir() else []:
        content = found.read_bytes()
        if found.name == f"{prefix}{_content_digest(content)}.sqlite3":
            return content
        log.warning("schema template %s is damaged: deleted, built again", found)
        with contextlib.suppress(OSError):
            found.unlink()
    return _build(folder, prefix)


def _content_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:20]


def _build(folder: Path, prefix: str) -> bytes:
    """Run the migrations into a new template in ``folder``; its bytes."""
    from smartgrowth_desktop.core.db import make_engine

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".building-") as work:
        built = Path(work) / "template.sqlite3"
        engine = make_engine(built)
        try:
            with engine.connect() as conn:
                migrate.upgrade_to(conn, "head")
                conn.commit()
        finally:
            engine.dispose()
        conn_ = sqlite3.connect(built)
        try:  # everything in the main file: the template is copied alone
            conn_.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if conn_.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise ValueError("the built template failed its integrity check")
        finally:
            conn_.close()
        built.chmod(0o600)
        content = built.read_bytes()
        final = folder / f"{prefix}{_content_digest(content)}.sqlite3"
        os.replace(built, final)  # several processes may build it at once: same bytes
    _prune(folder, keep=final)
    return content


def _prune(folder: Path, keep: Path) -> None:
    """Delete the templates of other schemas, and builds a killed process left behind
    (an hour old: a build takes a fraction of a second)."""
    stale = time.time() - 3600
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if path.name.startswith(_PREFIX) and path.suffix == ".sqlite3" and path != keep:
                path.unlink()
            elif path.name.startswith(".building-") and path.stat().st_mtime < stale:
                shutil.rmtree(path)


def _place(path: Path, content: bytes) -> bool:
    """Write ``content`` as the new file ``path`` (owner-only), whole or not at all."""
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".new")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:  # mkstemp's file is readable by its owner only
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temp, path)  # fails if a database appeared meanwhile
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links (FAT, some shares)
            if path.exists():
                return False
            os.replace(temp, path)
        return True
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
