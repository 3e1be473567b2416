"""Leaving for travel: the laptop keeps only some missions, everything else leaves it.

``leave`` goes in two halves:

1. **Confirm.** The profile syncs with its target (a shared folder or a team server),
   then the target is checked to hold every changeset this laptop holds and every
   attachment content it has (``SyncEngine.missing``). If anything is missing, or the
   sync did not end cleanly, nothing leaves and the reason is said.
2. **Leave.** With the profile closed everywhere (``core/profile_lock.py``), a new
   database is written beside it holding only what travels: the same schema, then the
   kept records (``services/travel.py``) with their change-log entries, conflicts and
   search rows, every table that names no record, the held changesets without their
   bytes (``sync/state.py: trim``: the laptop still knows it has them, so it does not
   fetch them again) and the travel state. What stays at home is never written into it,
   so no page of the new file ever held it. It is verified (integrity check; the kept
   records, their change log and the rest of the profile identical to the old file's;
   no changeset content left) and renamed over the old file, whose WAL goes with it.
   Then the attachment files of records not kept and the backups on this laptop (they
   hold everything) are deleted; the marker ``.travel-leaving`` stays until they are,
   and the next open finishes the work (``finish_leaving``).

Killed before the rename, the profile is as it was; after it, it travels. Either way
exactly one usable profile.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core import search, sqlcipher, travel_state
from smartgrowth_desktop.core.atomic import sync_folder, temporary_name
from smartgrowth_desktop.core.backup import backups_dir
from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.core.paths import DATABASE_NAME
from smartgrowth_desktop.core.profile_lock import exclusive_use
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.travel_state import Travel
from smartgrowth_desktop.services.encryption import Listener, replaced
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import (
    exclusive_database,
    remove_leftovers,
    swap_in,
)
from smartgrowth_desktop.services.sync_target import SyncTarget
from smartgrowth_desktop.services.travel import kept_set
from smartgrowth_desktop.sync.report import Cancelled, Progress, SyncError

#: called with the name of each step as it starts (the window shows it; tests kill there)
Step = Callable[[str], None]
LEAVING = ".travel-leaving"  # while the files of what left are being deleted


class TravelRefused(ProfileError):
    """Travel mode could not start (or end); nothing was changed. ``reasons``: in words."""

    def __init__(self, message: str, reasons: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.reasons = list(reasons)


@dataclass(frozen=True)
class Departure:
    """What leaving did: the travel state, and how much left the laptop."""

    travel: Travel
    removed: dict[str, int] = field(default_factory=dict)  # records, by kind
    changes_removed: int = 0
    files_removed: int = 0
    backups_removed: int = 0
    seconds: float = 0.0


def _quiet(_step: str) -> None:
    pass


def _tables(conn: Any) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index_%' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _columns(conn: Any, table: str) -> set[str]:
    return {str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')}


def _kept_digests(conn: Any, kept_schema: str) -> dict[str, tuple[int, str]]:
    """Per table, the count and a digest of the rows that travel (all rows of tables that
    name no record; the held changesets and travel state are compared apart)."""
    result: dict[str, tuple[int, str]] = {}
    for table in _tables(conn):
        if table in ("sync_changesets", "local_state", "sync_blobs_wanted"):
            continue
        columns = _columns(conn, table)
        where = ""
        if "record_id" in columns:
            where = f"WHERE record_id IN (SELECT id FROM {kept_schema}._kept)"
        elif "id" in columns and table in _record_tables():
            where = f"WHERE id IN (SELECT id FROM {kept_schema}._kept)"
        order = _key_order(conn, table)
        digest, count = hashlib.sha256(), 0
        for row in conn.execute(f'SELECT * FROM "{table}" {where} ORDER BY {order}'):
            digest.update(repr(tuple(row)).encode("utf-8"))
            count += 1
        result[table] = (count, digest.hexdigest())
    return result


def _key_order(conn: Any, table: str) -> str:
    """The table's primary key, to read both files' rows in the same order (a copy may
    number rowids differently)."""
    info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = [f'"{r[1]}"' for r in sorted(info, key=lambda r: r[5]) if r[5]]
    return ", ".join(keys) or "rowid"


def _record_tables() -> set[str]:
    return {str(kind.model.__tablename__) for kind in KINDS.values()}


def _fill_kept(conn: Any, schema: str, ids: set[str]) -> None:
    conn.execute(f"CREATE TABLE IF NOT EXISTS {schema}._kept (id TEXT PRIMARY KEY)")
    conn.execute(f"DELETE FROM {schema}._kept")
    conn.executemany(f"INSERT INTO {schema}._kept (id) VALUES (?)", [(i,) for i in ids])
    conn.commit()


def _schema(conn: Any) -> tuple[list[str], list[str]]:
    """The statements that make the profile's tables (the search index's shadow tables
    come with its virtual table), and those of its indexes and triggers."""
    rows = conn.execute(
        "SELECT type, name, sql FROM main.sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    tables = [str(sql) for kind, name, sql in rows if kind == "table" and not _shadow(str(name))]
    others = [str(sql) for kind, _name, sql in rows if kind in ("index", "trigger", "view")]
    return tables, others


def _shadow(name: str) -> bool:
    """A table FTS5 makes for the search index's shards (made again with them)."""
    return name.startswith("search_index_") and name not in search.TABLES


def _rows_kept(table: str, columns: list[str]) -> tuple[str, str]:
    """What to copy of ``table`` into the travel file: (select list, where clause)."""
    names = ", ".join(f'"{c}"' for c in columns)
    if table in _record_tables():
        return names, "WHERE id IN (SELECT id FROM scratch._kept)"
    if table == "sync_changesets":  # held, without their bytes; unapplied ones come again
        return ", ".join("X''" if c == "data" else f'"{c}"' for c in columns), "WHERE applied = 1"
    if table == "sync_blobs_wanted":
        return names, (
            "WHERE content_hash IN (SELECT content_hash FROM target.attachments "
            "WHERE deleted_at IS NULL)"
        )
    if "record_id" in columns:
        return names, "WHERE record_id IN (SELECT id FROM scratch._kept)"
    return names, ""


def _count(conn: Any, schema: str, table: str) -> int:
    return int(conn.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0])


def _write_kept(
    conn: Any, new: Path, key: bytes | None, travel: Travel
) -> tuple[dict[str, int], int]:
    """Write only what travels into the new file ``new`` (``scratch._kept`` names the
    records): the rest is never written there. Returns (records, changes) left out."""
    tables, others = _schema(conn)
    version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
    target = sqlcipher.connect(str(new), key)
    try:
        for sql in tables:
            target.execute(sql)
        target.execute(f"PRAGMA user_version = {version}")
        target.commit()
    finally:
        target.close()
    conn.execute(sqlcipher.attach_statement("target", key), (str(new),))
    try:
        conn.execute("BEGIN")
        order = [t for t in _tables(conn) if t != "sync_blobs_wanted"] + ["sync_blobs_wanted"]
        for table in order:
            columns = [str(r[1]) for r in conn.execute(f'PRAGMA main.table_info("{table}")')]
            chosen, where = _rows_kept(table, columns)
            names = ", ".join(f'"{c}"' for c in columns)
            conn.execute(
                f'INSERT INTO target."{table}" ({names}) '
                f'SELECT {chosen} FROM main."{table}" {where} ORDER BY rowid'
            )
        for shard in search.TABLES:
            conn.execute(
                f"INSERT INTO target.{shard} (rowid, kind, record_id, title, body) "
                f"SELECT rowid, kind, record_id, title, body FROM main.{shard} "
                "WHERE record_id IN (SELECT id FROM scratch._kept) ORDER BY rowid"
            )
        conn.execute(
            "INSERT INTO target.local_state (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (travel_state.TRAVEL_KEY, travel.to_json()),
        )
        conn.execute("COMMIT")
        removed = {
            kind: _count(conn, "main", t) - _count(conn, "target", t)
            for kind, t in ((k, str(v.model.__tablename__)) for k, v in KINDS.items())
        }
        changes = _count(conn, "main", "changes") - _count(conn, "target", "changes")
    except BaseException:
        with contextlib.suppress(Exception):
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("DETACH DATABASE target")
    target = sqlcipher.connect(str(new), key)
    try:
        for sql in others:
            target.execute(sql)
        target.commit()
    finally:
        target.close()
    return removed, changes


def _check_new(new: Path, key: bytes | None, expected: dict[str, tuple[int, str]]) -> None:
    """The new file whole, its kept rows equal to the old file's, nothing else left."""
    conn = sqlcipher.connect(str(new), key)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()
        if not verdict or verdict[0] != "ok":
            raise ProfileError(f"the travel copy failed its integrity check ({verdict})")
        conn.execute("ATTACH DATABASE ':memory:' AS scratch")
        ids = {str(r[0]) for t in _record_tables() for r in conn.execute(f"SELECT id FROM {t}")}
        _fill_kept(conn, "scratch", ids)
        found = _kept_digests(conn, "scratch")
        conn.execute("DETACH DATABASE scratch")
        if conn.execute("SELECT count(*) FROM sync_changesets WHERE length(data) > 0").fetchone()[
            0
        ]:
            raise ProfileError("the travel copy still carries changeset contents")
    finally:
        conn.close()
    if found != expected:
        differ = sorted(t for t in set(found) | set(expected) if found.get(t) != expected.get(t))
        raise ProfileError(f"the travel copy differs from the profile in: {', '.join(differ)}")


def _remove_files(folder: Path, keep: set[str]) -> tuple[int, int]:
    """Delete the attachment files not in ``keep`` and every backup; (files, backups)."""
    files = 0
    root = folder / "attachments"
    if root.is_dir():
        for path in sorted(root.glob("??/*")):
            if path.is_file() and path.name not in keep:
                path.unlink(missing_ok=True)
                files += 1
    backups = 0
    where = backups_dir(folder)
    if where.is_dir():
        for path in sorted(where.iterdir()):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            backups += 1
    sync_folder(folder)
    return files, backups


def finish_leaving(profile: Profile) -> tuple[int, int]:
    """Finish a departure killed after its rename (the marker is there): delete what
    left's files; a marker from one killed before it is just removed."""
    marker = profile.folder / LEAVING
    if not marker.exists():
        return 0, 0
    removed = (0, 0)
    with profile.database.connection() as conn:
        travelling = travel_state.load(conn) is not None
        keep = {
            str(r[0])
            for r in conn.exec_driver_sql(
                "SELECT content_hash FROM attachments WHERE deleted_at IS NULL "
                "AND content_hash IS NOT NULL"
            )
        }
    if travelling:
        removed = _remove_files(profile.folder, keep)
    marker.unlink(missing_ok=True)
    return removed


def _contents(conn: Any, attachments: set[str]) -> set[str]:
    """The content hashes of the live attachments among ``attachments`` (ids, hex)."""
    found: set[str] = set()
    wanted = sorted(attachments)
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        rows = conn.exec_driver_sql(
            "SELECT content_hash FROM attachments WHERE deleted_at IS NULL AND "
            f"content_hash IS NOT NULL AND id IN ({', '.join('?' for _ in chunk)})",
            tuple(chunk),
        )
        found.update(str(r[0]) for r in rows)
    return found


def confirm(
    profile: Profile,
    target: SyncTarget,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> int:
    """Sync, then check the target holds everything; the change log's size, to see that
    nothing changed before the profile was closed."""
    try:
        report = target.sync(profile, progress, cancelled)
    except (SyncError, OSError) as error:
        raise TravelRefused(
            f"the sync with {target.label} failed ({error}); nothing left this laptop"
        ) from None
    if not report.ok or report.waiting_files:
        raise TravelRefused(
            f"the sync with {target.label} did not end cleanly ({report.summary()}); "
            "nothing left this laptop",
            [str(problem) for problem in report.errors],
        )
    with target.store(profile) as store:
        lacking = target.engine(profile, progress, cancelled).missing(store, target.passphrase)
    if lacking:
        raise TravelRefused(
            f"{target.label} does not hold everything this laptop has, so nothing left it",
            lacking,
        )
    with profile.database.connection() as conn:
        return int(conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM changes").scalar_one())


def leave(
    profile: Profile,
    missions: list[uuid.UUID],
    target: SyncTarget,
    step: Step = _quiet,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    listeners: Iterable[Listener] = (),
) -> Departure:
    """Start travel mode with ``missions``: ``profile`` is closed for the rewrite and
    opened again (``listeners`` hear its writes); ``TravelRefused`` says why not."""
    started = time.monotonic()
    folder, key = profile.folder, profile.database_key
    wanted = {m.hex for m in missions}
    with profile.database.connection() as conn:
        if travel_state.load(conn) is not None:
            raise TravelRefused("this laptop is already in travel mode")
        if not kept_set(conn, wanted).of("mission"):
            raise TravelRefused("choose at least one mission that is not in the trash")
    step("sync")
    mark = confirm(profile, target, progress, cancelled)
    with profile.database.connection() as conn:  # after the sync: what it brought counts
        kept = kept_set(conn, wanted)
        names = tuple(
            str(r[0] or "")
            for r in conn.exec_driver_sql(
                f"SELECT name FROM missions WHERE id IN ({', '.join('?' for _ in wanted)}) "
                "ORDER BY start_date, name",
                tuple(sorted(wanted)),
            )
        )
        keep_files = _contents(conn, kept.of("attachment"))
    ids = set().union(*kept.records.values())
    carried = {kind: len(found) for kind, found in kept.records.items() if found}
    travel = Travel(
        tuple(sorted(kept.of("mission"))),
        names,
        datetime.now(UTC).isoformat(timespec="seconds"),
        carried,
    )
    database = folder / DATABASE_NAME
    with replaced(profile, listeners):  # closed for the rewrite, opened again after
        remove_leftovers(database)
        step("lock")
        with exclusive_use(folder), exclusive_database(database, key) as conn:
            if conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0] != mark:
                raise TravelRefused("the profile changed while it was being checked; try again")
            conn.execute("ATTACH DATABASE ':memory:' AS scratch")
            _fill_kept(conn, "scratch", ids)
            expected = _kept_digests(conn, "scratch")
            new = temporary_name(database)
            try:
                step("write")
                removed, changes = _write_kept(conn, new, key, travel)
                conn.execute("DETACH DATABASE scratch")
                step("verify")
                _check_new(new, key, expected)
                step("swap")
                (folder / LEAVING).touch()
                swap_in(new, folder)
            finally:
                new.unlink(missing_ok=True)
        step("files")
        files, backups = _remove_files(folder, keep_files)
        (folder / LEAVING).unlink(missing_ok=True)
    step("done")
    return Departure(travel, removed, changes, files, backups, time.monotonic() - started)
