"""A first look at a profile before it is opened: what the window shows in its first frame.

Opening a profile properly (SQLAlchemy, the models, a migration check) costs most of a
second on a small laptop. The glance reads the Today page and the home time zone straight
from the database file, read-only, with the standard library, so the window can be drawn
and read at once while the profile opens behind it. Whenever the glance cannot be sure
(no database yet, another schema revision, a damaged or locked file) it gives up quietly:
the full open that follows decides and explains. An encrypted profile is never read here
(its first 16 bytes say so): the window asks for its passphrase first.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from smartgrowth_desktop.core.paths import DATABASE_NAME, HOME_ZONE_KEY
from smartgrowth_desktop.core.schema_head import HEAD
from smartgrowth_desktop.core.sqlcipher import is_encrypted
from smartgrowth_desktop.services.today import TodayData, read_today


@dataclass(frozen=True)
class Glance:
    """What was read: Today as of ``now`` and the delegate's home time zone (if chosen)."""

    now: datetime
    today: TodayData
    home_zone: str | None


def glance(folder: Path, now: datetime) -> Glance | None:
    """Read Today from the profile in ``folder`` without changing anything, or None."""
    path = folder / DATABASE_NAME
    if not path.is_file() or is_encrypted(path):  # an encrypted profile waits for its unlock
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        with contextlib.closing(conn):
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] != HEAD:
                return None
            conn.execute("BEGIN")
            today = read_today(conn, now)
            zone = conn.execute(
                "SELECT value FROM local_state WHERE key = ?", (HOME_ZONE_KEY,)
            ).fetchone()
    except (sqlite3.Error, ValueError):
        return None
    return Glance(now, today, zone[0] if zone and zone[0] else None)
