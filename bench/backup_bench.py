"""Figure ``backup_daily``: a chain of daily backups of a copy of the scale profile (a full
copy, then increments after a day's edits), the restore of the last increment, and the
floor: copying the database file."""

from __future__ import annotations

import random
import shutil
import statistics
import uuid
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bench.timing import log, seconds
from smartgrowth_desktop.core.backup import BackupInfo, daily_backup
from smartgrowth_desktop.core.backup_chain import materialize
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.services.profile import Profile

DAYS = 3
EDITS = 300  # contacts edited a day
CREATED = 100  # contacts added a day
MONDAY = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)


def _a_days_work(folder: Path, day: int) -> None:
    """Edit some contacts and add some, as a busy day would."""
    rng = random.Random(day)
    with Profile(folder) as profile:
        with profile.database.connection() as conn:
            ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM contacts LIMIT 50000")]
        with profile.write() as writer:
            for hex_id in rng.sample(ids, EDITS):
                writer.update("contact", uuid.UUID(hex=hex_id), {"title": f"Director {day}"})
            for number in range(CREATED):
                writer.create(
                    "contact", {"family_name": "Nguyễn", "given_name": f"Mới {day} {number}"}
                )


def _daily(folder: Path, day: int) -> BackupInfo:
    info = daily_backup(folder, now=lambda: MONDAY + timedelta(days=day))
    assert info is not None
    return info


def bench_backups(folder: Path, work: Path) -> dict[str, Any]:
    """The ``backup_daily`` figure on the profile in ``folder`` (a copy: it is changed)."""
    database = folder / DATABASE_NAME
    log("backup_daily: floor, a copy of the database file")
    floor_s, _ = seconds(lambda: shutil.copyfile(database, work / "floor.sqlite3"))
    (work / "floor.sqlite3").unlink()
    log("backup_daily: the week's full copy")
    full_s, full = seconds(lambda: _daily(folder, 0))
    increments: list[tuple[float, int]] = []
    last = full
    for day in range(1, DAYS + 1):
        _a_days_work(folder, day)
        log(f"backup_daily: day {day}'s increment")
        elapsed, last = seconds(partial(_daily, folder, day))
        increments.append((elapsed, last.size))
    log("backup_daily: rebuilding the last day from its chain")
    rebuild_s, _ = seconds(lambda: materialize(last.path, work / "rebuilt.sqlite3"))
    increment_s = [s for s, _ in increments]
    return {
        "bench": "backup_daily",
        "db_mb": round(database.stat().st_size / 2**20, 1),
        "full_s": round(full_s, 2),
        "full_mb": round(full.size / 2**20, 1),
        "increment_s": round(statistics.median(increment_s), 2),
        "increment_max_s": round(max(increment_s), 2),
        "increment_mb": round(statistics.median(b for _, b in increments) / 2**20, 2),
        "week_mb": round((full.size + 6 * statistics.median(b for _, b in increments)) / 2**20, 1),
        "rebuild_s": round(rebuild_s, 2),
        "copy_floor_s": round(floor_s, 2),
        "ratio": round(statistics.median(increment_s) / floor_s, 1),
        "under_10_s": max(increment_s) <= 10,
    }
