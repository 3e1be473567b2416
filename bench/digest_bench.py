"""While you were away on the scale profile (``digest_*``), beside a floor.

A copy of the scale profile (2.3 million changes). First as it is, one laptop's own
changes only: the Today banner's count and the digest since the mark, which must cost
nothing there (``digest_nothing_new``; floor: one read of the log's last position in a
transaction of the profile's own stack). Then the same copy seen from a newcomer's
laptop, every change a colleague's and never marked read: the digest lists the newest
changes (``digest_first_sync``), and ``changes --since DATE`` reads the log once
(``digest_since_date``); their floor is a plain count of the whole log.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.timing import log
from smartgrowth_desktop.core.paths import DATABASE_NAME
from smartgrowth_desktop.services.digest import DigestService
from smartgrowth_desktop.services.profile import Profile

NEWCOMER = "00000000-0000-4000-8000-00000000d1ce"
GOAL_NOTHING_NEW_MS = 20.0
GOAL_FIRST_SYNC_S = 2.0


def _ms(call: Any, rounds: int = 5) -> float:
    """The best of ``rounds`` runs of ``call``, in milliseconds."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _floors(profile: Profile, path: Path) -> tuple[float, float]:
    """One read of the log's last position through the profile's own stack (a
    transaction on a pooled connection), and a plain count of the whole log."""

    def last() -> None:
        with profile.database.connection() as conn:
            conn.exec_driver_sql("SELECT max(id) FROM changes").scalar_one()

    with sqlite3.connect(path) as conn:
        whole = _ms(lambda: conn.execute("SELECT count(hlc) FROM changes").fetchone(), 2)
    return _ms(last), whole


def _as_newcomer(profile: Profile) -> None:
    """This copy becomes another laptop: every change in it is a colleague's."""
    with profile.database.connection(immediate=True) as conn:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO devices (device_id, name) VALUES (?, 'newcomer')", (NEWCOMER,)
        )
        conn.exec_driver_sql(
            "UPDATE local_state SET value = ? WHERE key = 'device_id'", (NEWCOMER,)
        )


def _figure(name: str, ms: float, floor_ms: float, goal: dict[str, Any]) -> dict[str, Any]:
    return {
        "bench": name,
        "ms": round(ms, 2),
        "floor_ms": round(floor_ms, 3),
        "ratio_to_floor": round(ms / max(floor_ms, 0.001), 1),
        **goal,
    }


def run(scale_folder: Path) -> list[dict[str, Any]]:
    """The digest figures on a copy of ``scale_folder``."""
    with tempfile.TemporaryDirectory(prefix="sg-digest-") as temp:
        folder = Path(temp) / "profile"
        folder.mkdir()
        shutil.copyfile(scale_folder / DATABASE_NAME, folder / DATABASE_NAME)
        profile = Profile(folder)
        try:
            service = DigestService(profile)
            last_ms, whole_ms = _floors(profile, folder / DATABASE_NAME)
            log("digest: one laptop's own changes")
            nothing = _ms(lambda: (service.unseen(), service.since_mark()))
            _as_newcomer(profile)
            log("digest: a newcomer's first sync")
            first = _ms(service.since_mark, 2)
            since = datetime.now(UTC) - timedelta(days=1)
            by_date = _ms(lambda: service.since(since), 2)
        finally:
            profile.close()
    first_goal = {"goal_s": GOAL_FIRST_SYNC_S, "within_goal": first / 1000 <= GOAL_FIRST_SYNC_S}
    return [
        _figure(
            "digest_nothing_new",
            nothing,
            last_ms,
            {"goal_ms": GOAL_NOTHING_NEW_MS, "within_goal": nothing <= GOAL_NOTHING_NEW_MS},
        ),
        _figure("digest_first_sync", first, whole_ms, first_goal),
        _figure("digest_since_date", by_date, whole_ms, {}),
    ]
