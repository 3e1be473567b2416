"""A folder sync with nothing new, done with the standard library alone.

``SyncService.sync_folder`` loads the sync engine (SQLAlchemy, the changeset codec,
``cryptography`` to sign and verify) before it can tell that there is nothing to send or
receive, the most common sync of all. ``sync_folder_quietly`` lists the folder and reads
the profile's sync state with ``sqlite3`` (``core/plain.py``, ``sync/quiet.py``); when
nothing is to be done it leaves what the engine would leave (the shared folder and the
last sync remembered) and returns the same report. Otherwise it returns None, having
changed nothing, and the caller runs the engine.

The settings both ways write are named here (``services/sync.py`` imports them).
"""

from __future__ import annotations

import json
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from smartgrowth_desktop.core import plain
from smartgrowth_desktop.core.paths import login_name
from smartgrowth_desktop.sync import quiet
from smartgrowth_desktop.sync.folder import FolderStore
from smartgrowth_desktop.sync.report import FileProblem, SyncError, SyncReport

LAST_SYNC = "sync_last"
DEVICE_NAME = "device_name"
#: the shared folder synced with last, by the window or ``smartgrowth-cli sync --folder``
SHARED_FOLDER = "sync_folder"


def device_name(settings: dict[str, str], author: str) -> str:
    """How this laptop is named to colleagues (default: user on host)."""
    return settings.get(DEVICE_NAME) or f"{author} on {platform.node()}"


def now() -> str:
    """When a sync finished, as the last sync's record says it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def last_sync(report: SyncReport, error: BaseException | None = None) -> str:
    """The last sync's record (``LAST_SYNC``): when, against what, how it went."""
    result = {
        "at": report.finished_at,
        "target": report.target,
        "ok": error is None and report.ok,
        "summary": str(error) if error is not None else report.summary(),
        "errors": len(report.errors),
    }
    return json.dumps(result, ensure_ascii=False)


def _settings(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM local_state").fetchall())


def _remember(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    conn.executemany(
        "INSERT INTO local_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )


def sync_folder_quietly(data_dir: Path, folder: Path | str | None) -> SyncReport | None:
    """The report of a sync of the profile in ``data_dir`` with ``folder`` (None: the one
    synced with last) when there is nothing to do; None when the engine is needed."""
    with plain.plain_profile(data_dir) as conn:
        if conn is None:
            return None
        with plain.read(conn):
            settings = _settings(conn)
        given = str(folder) if folder is not None else settings.get(SHARED_FOLDER, "")
        me = settings.get(quiet.DEVICE_ID)
        if not given or me is None:
            return None
        target = str(Path(given))  # as the engine's path names it
        report = SyncReport(target=target)
        try:
            listing = FolderStore(Path(target)).scan(me)
        except SyncError:  # missing, unreadable: the engine's path says so and remembers it
            return None
        with plain.write(conn):
            settings = _settings(conn)
            author = settings.get("user_name") or login_name()
            if not quiet.nothing_to_do(conn, listing, device_name(settings, author)):
                return None
            report.ignored.extend(FileProblem(path, why) for path, why in listing.ignored)
            report.finished_at = now()
            count = conn.execute("SELECT count(*) FROM conflicts").fetchone()
            report.open_conflicts = int(count[0])
            values = {LAST_SYNC: last_sync(report)}
            if target.strip() != settings.get(SHARED_FOLDER, ""):
                values[SHARED_FOLDER] = target.strip()
            _remember(conn, values)
        return report
