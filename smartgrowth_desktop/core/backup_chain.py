"""Daily backups as a chain: a full copy once a week, then each day only the pages of the
database file that changed since the day before.

A link is a zip like every backup (``core/backup.py``): ``manifest.json`` (with ``kind``
``full`` or ``increment``), ``hashes.bin`` (a 16-byte BLAKE2b digest of every page of the
database file, in page order) and attachment files; a full link holds the database file
(``profile.sqlite3``), an increment the changed pages (``pages.bin``: page number, then
page, for each) and names the link it builds on with the SHA-256 of that link's
``hashes.bin``. Pages are copied as the file holds them: an encrypted profile's pages
stay SQLCipher ciphertext, so its increments are as encrypted as its full copies.

The file is read while this process holds a read transaction over a checkpointed
write-ahead log: no checkpoint can then change the file, so it is one consistent
moment. A link is read back and checked against the file's digests before it is kept;
a restore rebuilds the database link by link and checks every page's digest, then
``PRAGMA integrity_check`` as for any backup. A missing or altered link is refused by
name, with the newest point that still restores.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import struct
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core.errors import ProfileError, ValidationError
from smartgrowth_desktop.core.held_files import Hold, open_file
from smartgrowth_desktop.core.sqlcipher import database_errors, open_database

HASHES = "hashes.bin"
PAGES = "pages.bin"
MANIFEST = "manifest.json"
DATABASE_NAME = "profile.sqlite3"
DIGEST = 16
FULL_EVERY = timedelta(days=7)
MAX_INCREMENTS = 6
_CHUNK_PAGES = 256
_SETTLE_TRIES = 20
_PAGE_NUMBER = struct.Struct(">I")


class Unsettled(ProfileError):
    """The database file could not be caught at rest (a long reader or writer)."""


@dataclass(frozen=True)
class Link:
    """One link of a chain, as its manifest says."""

    path: Path
    kind: str  # "full" or "increment"
    page_size: int
    page_count: int
    hashes_sha256: str
    base: str | None = None  # an increment's: the file name of the link it builds on
    base_sha256: str | None = None


def page_digests(data: bytes, page_size: int) -> list[bytes]:
    """The digest of each page in ``data``."""
    blake = hashlib.blake2b
    return [
        blake(data[start : start + page_size], digest_size=DIGEST).digest()
        for start in range(0, len(data), page_size)
    ]


@contextlib.contextmanager
def settled_file(database: Path, key: bytes | None) -> Iterator[tuple[Any, int]]:
    """Hold the database file at one consistent moment: yields a connection inside a read
    transaction (for queries of that moment) and the page size; raises ``Unsettled``.
    The file may be read with ``held_files.open_file`` meanwhile (its locks stay)."""
    try:
        held = Hold(database, key is not None)
    except OSError as error:
        raise ProfileError(f"{database} cannot be opened for a backup: {error}") from error
    try:
        with _settled(database, key) as settled:
            yield settled
    finally:
        held.release()


@contextlib.contextmanager
def _settled(database: Path, key: bytes | None) -> Iterator[tuple[Any, int]]:
    try:
        reader = open_database(database, key, timeout=30)
        helper = open_database(database, key, timeout=30)
    except database_errors() as error:
        raise ProfileError(f"{database} cannot be opened for a backup: {error}") from error
    try:
        for attempt in range(_SETTLE_TRIES):
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
            # copies every frame up to our snapshot into the file, none after it
            busy, log, done = helper.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if not busy and log == done:
                page_size = int(reader.execute("PRAGMA page_size").fetchone()[0])
                yield reader, page_size
                return
            reader.execute("ROLLBACK")
            time.sleep(0.05 * (attempt + 1))
        raise Unsettled(f"{database} is too busy for a backup now; try again later")
    except database_errors() as error:
        raise ProfileError(f"backing up {database} failed: {error}") from error
    finally:
        with contextlib.suppress(Exception):
            reader.execute("ROLLBACK")
        reader.close()
        helper.close()


def read_link(path: Path) -> Link:
    """A link's manifest; ``ValidationError`` when it is not a readable chain link."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            names = set(archive.namelist())
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ValidationError(str(path), f"cannot be read ({error})") from None
    chain = manifest.get("chain") if isinstance(manifest, dict) else None
    if not isinstance(chain, dict) or HASHES not in names:
        raise ValidationError(str(path), "not a link of a chain of daily backups")
    try:
        return Link(
            path,
            str(chain["kind"]),
            int(chain["page_size"]),
            int(chain["page_count"]),
            str(chain["hashes_sha256"]),
            chain.get("base"),
            chain.get("base_sha256"),
        )
    except (KeyError, TypeError, ValueError):
        raise ValidationError(str(path), "its chain manifest is damaged") from None


def is_increment(path: Path) -> bool:
    """Whether ``path`` is an increment (restorable only with the links before it)."""
    try:
        return read_link(path).kind == "increment"
    except ValidationError:
        return False


def chain_of(path: Path) -> list[Link]:
    """The links from the full copy to ``path``, each checked to be the one its successor
    was made over; ``ValidationError`` names a missing or altered link."""
    links = [read_link(path)]
    while links[-1].kind == "increment":
        link = links[-1]
        base = path.parent / str(link.base)
        if not link.base or not base.is_file():
            raise _broken(path, f"the backup it builds on, {link.base}, is missing")
        try:
            before = read_link(base)
        except ValidationError:
            raise _broken(path, f"the backup it builds on, {link.base}, is damaged") from None
        if before.hashes_sha256 != link.base_sha256:
            raise _broken(path, f"the backup it builds on, {link.base}, was changed")
        links.append(before)
    links.reverse()
    return links


def _broken(path: Path, reason: str) -> ValidationError:
    newest = newest_restorable(path.parent, before=path)
    offer = (
        f"; the newest backup that restores is {newest.name}"
        if newest
        else "; no backup before it restores"
    )
    return ValidationError(str(path), f"this daily backup cannot be restored: {reason}{offer}")


def newest_restorable(folder: Path, before: Path | None = None) -> Path | None:
    """The newest backup zip in ``folder`` whose chain is whole (older than ``before``)."""
    for candidate in sorted(folder.glob("backup-*.zip"), reverse=True):
        if before is not None and candidate.name >= before.name:
            continue
        if not is_increment(candidate):
            return candidate
        with contextlib.suppress(ValidationError):
            chain_of(candidate)
            return candidate
    return None


def ancestors(paths: set[Path]) -> set[Path]:
    """The links the increments among ``paths`` are made over (whole chains or not)."""
    found: set[Path] = set()
    for path in paths:
        current = path
        while True:
            try:
                link = read_link(current)
            except ValidationError:
                break
            if link.kind != "increment" or not link.base:
                break
            current = current.parent / link.base
            if current in found:
                break
            found.add(current)
    return found


def self_contained(path: Path, key: bytes | None) -> None:
    """Turn a database file copied from a live profile (write-ahead log mode) into one
    that opens on its own, read-only too."""
    try:
        conn = open_database(path, key)
        try:
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            conn.close()
    except database_errors() as error:
        raise ValidationError(str(path), f"the database is damaged ({error})") from None


def _hashes(archive: zipfile.ZipFile, link: Link) -> bytes:
    data = archive.read(HASHES)
    if (
        hashlib.sha256(data).hexdigest() != link.hashes_sha256
        or len(data) != DIGEST * link.page_count
    ):
        raise ValidationError(str(link.path), "its page digests are damaged")
    return data


def materialize(path: Path, target: Path) -> None:
    """Rebuild the database file of the daily backup at ``path`` into ``target``, every
    page checked against the digests of that day; ``ValidationError`` when it cannot."""
    links = chain_of(path)
    full = links[0]
    try:
        extract(full.path, DATABASE_NAME, target)
        with target.open("r+b") as out:
            for link in links[1:]:
                _apply(link, out)
            out.truncate(links[-1].page_count * links[-1].page_size)
        with zipfile.ZipFile(links[-1].path) as archive:
            expected = _hashes(archive, links[-1])
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise ValidationError(str(path), f"a link of its chain cannot be read ({error})") from None
    if _file_digests(target, links[-1].page_size) != expected:
        raise ValidationError(str(path), "the rebuilt database differs from the day it was taken")


def extract(path: Path, member: str, target: Path) -> None:
    """Copy one member of a zip to ``target``."""
    with zipfile.ZipFile(path) as archive, archive.open(member) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)


def _apply(link: Link, out: Any) -> None:
    size = link.page_size
    with zipfile.ZipFile(link.path) as archive, archive.open(PAGES) as pages:
        while head := pages.read(_PAGE_NUMBER.size):
            (number,) = _PAGE_NUMBER.unpack(head)
            page = pages.read(size)
            if len(page) != size or number >= link.page_count:
                raise ValidationError(str(link.path), "its pages are damaged")
            out.seek(number * size)
            out.write(page)


def _file_digests(path: Path, page_size: int) -> bytes:
    digests: list[bytes] = []
    with path.open("rb") as handle:
        while data := handle.read(page_size * _CHUNK_PAGES):
            digests.extend(page_digests(data, page_size))
    return b"".join(digests)


# -- taking a link ------------------------------------------------------------------------


def chain_base(backups: list[Path], now: datetime) -> Link | None:
    """The link today's increment builds on: the newest daily backup, when it belongs to
    a chain whose full copy is less than a week old and that is not too long yet."""
    for path in sorted(backups, reverse=True):
        try:
            links = chain_of(path)
        except ValidationError:
            return None  # the newest is not a whole link: start a new chain
        taken = _taken(links[0].path)
        if taken is None or now - taken >= FULL_EVERY or len(links) > MAX_INCREMENTS:
            return None
        return links[-1]
    return None


def _taken(path: Path) -> datetime | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return datetime.fromisoformat(
                json.loads(archive.read(MANIFEST))["taken_at"]
            ).astimezone(UTC)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def write_link(
    database: Path,
    key: bytes | None,
    partial: Path,
    base: Link | None,
    manifest: dict[str, Any],
    blobs: list[tuple[str, Path]],
    copy_to: Path | None = None,
) -> None:
    """Write a full link (``base`` None) or an increment over ``base`` to ``partial``,
    then read it back against the file's digests. ``blobs``: (member name, file); a full
    link's database is read back into ``copy_to`` when given (for a whole check)."""
    with settled_file(database, key) as (conn, page_size):
        old: bytes = b""
        if base is not None:
            if base.page_size != page_size:
                base = None  # the page size changed (a VACUUM): start over
            else:
                with zipfile.ZipFile(base.path) as archive:
                    old = _hashes(archive, base)
        digests, changed = _scan(database, page_size, old if base is not None else None, partial)
        manifest["schema"] = str(
            conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        )
    hashes = b"".join(digests)
    chain = {
        "kind": "full" if base is None else "increment",
        "page_size": page_size,
        "page_count": len(digests),
        "hashes_sha256": hashlib.sha256(hashes).hexdigest(),
    }
    if base is not None:
        chain.update(base=base.path.name, base_sha256=base.hashes_sha256, pages=changed)
    with zipfile.ZipFile(partial, "a", allowZip64=True) as archive:
        archive.writestr(HASHES, hashes, zipfile.ZIP_STORED)
        for name, source in blobs:
            archive.write(source, name, compress_type=zipfile.ZIP_STORED)
        archive.writestr(MANIFEST, json.dumps({**manifest, "chain": chain}, indent=2))
    _check_written(partial, hashes, page_size, base is None, copy_to)


def _scan(
    database: Path, page_size: int, old: bytes | None, partial: Path
) -> tuple[list[bytes], int]:
    """Digest every page; write the whole file (full) or the changed pages (increment)."""
    digests: list[bytes] = []
    changed = 0
    with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
        name = DATABASE_NAME if old is None else PAGES
        info = zipfile.ZipInfo(name, date_time=time.gmtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = 1  # type: ignore[attr-defined]  # as fast as deflate goes
        with open_file(database) as handle, archive.open(info, "w", force_zip64=True) as out:
            while data := handle.read(page_size * _CHUNK_PAGES):
                chunk = page_digests(data, page_size)
                first = len(digests)
                digests.extend(chunk)
                if old is None:
                    out.write(data)
                    continue
                for index, digest in enumerate(chunk, start=first):
                    if old[index * DIGEST : (index + 1) * DIGEST] != digest:
                        at = (index - first) * page_size
                        out.write(_PAGE_NUMBER.pack(index) + data[at : at + page_size])
                        changed += 1
    return digests, changed


def _check_written(
    partial: Path, hashes: bytes, page_size: int, full: bool, copy_to: Path | None
) -> None:
    """Read a written link back: every page it holds must have the file's digest."""
    try:
        with zipfile.ZipFile(partial) as archive:
            if archive.read(HASHES) != hashes:
                raise ProfileError("the backup's page digests did not read back")
            if full:
                with archive.open(DATABASE_NAME) as source, contextlib.ExitStack() as stack:
                    out = stack.enter_context(copy_to.open("wb")) if copy_to else None
                    index = 0
                    while data := source.read(page_size * _CHUNK_PAGES):
                        if out is not None:
                            out.write(data)
                        for digest in page_digests(data, page_size):
                            if hashes[index * DIGEST : (index + 1) * DIGEST] != digest:
                                raise ProfileError("the backup's database did not read back")
                            index += 1
                if index * DIGEST != len(hashes):
                    raise ProfileError("the backup's database did not read back whole")
                return
            with archive.open(PAGES) as pages:
                while head := pages.read(_PAGE_NUMBER.size):
                    (number,) = _PAGE_NUMBER.unpack(head)
                    digest = page_digests(pages.read(page_size), page_size)[0]
                    if hashes[number * DIGEST : (number + 1) * DIGEST] != digest:
                        raise ProfileError("the backup's pages did not read back")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise ProfileError(f"the backup did not read back: {error}") from error


# -- turning increments into full copies ---------------------------------------------------


def flatten_all(backups: list[Path], key: bytes | None) -> int:
    """Turn every daily increment among ``backups`` into a full copy (before a rewrite of
    every backup: an erasure, a new key), all before any link changes; returns how many.
    One whose chain is broken is left as it is (it restores nothing anyway)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path in backups:
            if not is_increment(path):
                continue
            partial = path.with_name(f".flat-{path.name}")
            try:
                _flatten(path, partial, key)
            except ValidationError:
                partial.unlink(missing_ok=True)
                continue
            staged.append((partial, path))
        for partial, path in staged:
            partial.replace(path)
    finally:
        for partial, _path in staged:
            partial.unlink(missing_ok=True)
    return len(staged)


def _flatten(path: Path, partial: Path, key: bytes | None) -> None:
    links = chain_of(path)
    database = partial.with_name(partial.name + ".sqlite3")
    try:
        materialize(path, database)
        self_contained(database, key)
        with zipfile.ZipFile(links[-1].path) as last:
            manifest = json.loads(last.read(MANIFEST))
            manifest.pop("chain", None)
            key_file = last.read("profile.key") if "profile.key" in last.namelist() else None
        with zipfile.ZipFile(partial, "w", allowZip64=True) as out:
            out.write(database, DATABASE_NAME, zipfile.ZIP_DEFLATED, compresslevel=1)
            seen: set[str] = set()
            for link in reversed(links):
                with zipfile.ZipFile(link.path) as archive:
                    for name in archive.namelist():
                        if name.startswith("attachments/") and name not in seen:
                            seen.add(name)
                            out.writestr(name, archive.read(name), zipfile.ZIP_STORED)
            if key_file is not None:
                out.writestr("profile.key", key_file)
            out.writestr(MANIFEST, json.dumps(manifest, indent=2))
    finally:
        database.unlink(missing_ok=True)
