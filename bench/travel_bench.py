"""Leaving for travel on the scale profile (``travel_leave``), beside its floor.

A copy of the scale profile is synced once into a fresh shared folder (not timed: a
team's folder already holds everything). Then ``leave`` runs whole, as the window and the
CLI run it, with the mission that has the most meetings: the confirming sync (nothing
new) and the check that the folder holds every changeset and file, the new file written,
pruned and compacted, verified, swapped in, the files of what left deleted. Each step's
share is reported. The floor is SQLite's own ``VACUUM INTO`` of the same database (one
copy of the file, no check). Goal: the whole ≤ 30 s.

Run alone: ``python -m bench.travel_bench [SCALE_FOLDER]``.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.timing import emit, log
from smartgrowth_desktop.core.paths import DATABASE_NAME
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.services.sync_target import SyncTarget
from smartgrowth_desktop.services.travel_leave import leave

GOAL_S = 30.0


def _largest_mission(folder: Path) -> uuid.UUID:
    with sqlite3.connect(folder / DATABASE_NAME) as conn:
        row = conn.execute(
            "SELECT mission_id, count(*) AS n FROM meetings WHERE deleted_at IS NULL "
            "AND mission_id IS NOT NULL GROUP BY mission_id ORDER BY n DESC LIMIT 1"
        ).fetchone()
    return uuid.UUID(hex=str(row[0]).replace("-", ""))


def _floor(folder: Path, temp: Path) -> float:
    """``VACUUM INTO`` a new file: one whole copy of the database, in seconds."""
    target = temp / "floor.sqlite3"
    with sqlite3.connect(folder / DATABASE_NAME) as conn:
        start = time.perf_counter()
        conn.execute("VACUUM INTO ?", (str(target),))
        seconds = time.perf_counter() - start
    target.unlink()
    return seconds


def run(scale_folder: Path) -> list[dict[str, Any]]:
    """The ``travel_leave`` figure on a copy of ``scale_folder``."""
    with tempfile.TemporaryDirectory(prefix="sg-travel-") as temp_name:
        temp = Path(temp_name)
        folder, shared = temp / "profile", temp / "shared"
        folder.mkdir()
        shared.mkdir()
        shutil.copyfile(scale_folder / DATABASE_NAME, folder / DATABASE_NAME)
        mission = _largest_mission(folder)
        profile = Profile(folder)
        try:
            log("travel_leave: the first sync into a fresh folder (not timed)…")
            started = time.perf_counter()
            SyncService(profile).sync_folder(shared)
            first_sync = time.perf_counter() - started
            steps: dict[str, float] = {}
            last = [time.perf_counter(), "start"]

            def step(name: str) -> None:
                now = time.perf_counter()
                steps[str(last[1])] = steps.get(str(last[1]), 0.0) + now - float(last[0])
                last[0], last[1] = now, name

            log(f"travel_leave: leaving with mission {mission}")
            cpu = time.process_time()
            departure = leave(profile, [mission], SyncTarget(folder=shared), step)
            cpu = time.process_time() - cpu
        finally:
            profile.close()
        before_mb = (scale_folder / DATABASE_NAME).stat().st_size / 2**20
        after_mb = (folder / DATABASE_NAME).stat().st_size / 2**20
        floor_s = _floor_on_copy(scale_folder, temp)
    whole = departure.seconds
    return [
        {
            "bench": "travel_leave",
            "seconds": round(whole, 3),
            "cpu_s": round(cpu, 3),  # this process's own work (the same on a busy machine)
            "steps_s": {k: round(v, 3) for k, v in steps.items() if k != "start"},
            "carried": departure.travel.carried,
            "removed": departure.removed,
            "changes_removed": departure.changes_removed,
            "db_mb_before": round(before_mb, 1),
            "db_mb_after": round(after_mb, 1),
            "first_sync_s": round(first_sync, 1),
            "floor_vacuum_into_s": round(floor_s, 3),
            "ratio_to_floor": round(whole / max(floor_s, 0.001), 2),
            "goal_s": GOAL_S,
            "within_goal": whole <= GOAL_S,
        }
    ]


def _floor_on_copy(scale_folder: Path, temp: Path) -> float:
    copy = temp / "floor-source"
    copy.mkdir()
    shutil.copyfile(scale_folder / DATABASE_NAME, copy / DATABASE_NAME)
    try:
        return _floor(copy, temp)
    finally:
        shutil.rmtree(copy)


if __name__ == "__main__":
    where = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/out/scale1")
    for figure in run(where):
        emit(figure)
