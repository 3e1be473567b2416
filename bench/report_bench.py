"""The programme report over the scale profile (``programme_report``), beside its floor.

The figure is ``write_programme_report`` whole (count the period for the programme and
every partner, then write the file), for the XLSX and the PDF, on the period that holds
most of the demo missions (2026-H1) and on the whole programme (2025-07-01..2027-06-30).
The floor is what the four raw counts of 2026-H1 cost in SQL alone on the same file, in
the same run (``FLOOR_SQL``: no evidence, no partners, no file); ``count_ms`` is the
counting part of the report (every scope with its evidence). Goal: ≤ 5 s.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.timing import log
from smartgrowth_desktop.core.paths import DATABASE_NAME
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.programme_report import build_report
from smartgrowth_desktop.services.report_files import write_programme_report
from smartgrowth_desktop.services.report_periods import parse_period

GOAL_S = 5.0
ROUNDS = 3
PERIODS = ("2026-H1", "2025-07-01..2027-06-30")
TODAY = date(2026, 12, 4)  # the demo programme's "now": four missions held


#: the four figures of 2026-H1 for the whole programme, counted in SQL alone
FLOOR_SQL = (
    "SELECT count(*) FROM missions WHERE deleted_at IS NULL AND start_date <= :today "
    "AND start_date BETWEEN :start AND :end",
    "SELECT count(DISTINCT s.value) FROM missions m, json_each(m.sme_ids) s "
    "WHERE m.deleted_at IS NULL AND m.start_date <= :today "
    "AND m.start_date BETWEEN :start AND :end",
    "SELECT count(*) FROM (SELECT k.value, min(m.start_date) AS first FROM missions m, "
    "json_each(m.market_ids) k WHERE m.deleted_at IS NULL AND m.start_date <= :today "
    "GROUP BY k.value) WHERE first BETWEEN :start AND :end",
    "SELECT count(*) FROM (SELECT l.id, max(c.changed_at) AS agreed FROM leads l "
    "JOIN stage_changes c ON c.lead_id = l.id AND c.stage = 'agreement' "
    "WHERE l.deleted_at IS NULL AND l.stage = 'agreement' GROUP BY l.id) "
    "WHERE date(agreed) BETWEEN :start AND :end",
)


def _floor(folder: Path) -> tuple[float, list[int]]:
    """The best of ``ROUNDS`` runs of the raw counts (ms), and the counts."""
    samples, counts = [], []
    bounds = {"start": "2026-01-01", "end": "2026-06-30", "today": TODAY.isoformat()}
    with sqlite3.connect(folder / DATABASE_NAME) as conn:
        for _ in range(ROUNDS):
            start = time.perf_counter()
            counts = [conn.execute(sql, bounds).fetchone()[0] for sql in FLOOR_SQL]
            samples.append((time.perf_counter() - start) * 1000)
    return min(samples), counts


def run(scale_folder: Path) -> list[dict[str, Any]]:
    """One figure per period and format, each with the floor and the ratio."""
    figures = []
    floor_ms, floor_counts = _floor(scale_folder)
    with tempfile.TemporaryDirectory(prefix="sg-report-") as temp, Profile(scale_folder) as profile:
        for period in PERIODS:
            for kind in ("xlsx", "pdf"):
                out = Path(temp) / f"report.{kind}"
                samples, counting = [], []
                for _ in range(ROUNDS):
                    start = time.perf_counter()
                    build_report(profile, parse_period(period), today=TODAY)
                    counting.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    result = write_programme_report(profile, period, out, today=TODAY)
                    samples.append(time.perf_counter() - start)
                seconds = statistics.median(samples)
                count_ms = statistics.median(counting) * 1000
                log(f"programme_report {period} {kind}: {seconds:.3f} s")
                figures.append(
                    {
                        "bench": "programme_report",
                        "period": period,
                        "format": kind,
                        "seconds": round(seconds, 3),
                        "pages": result.pages,
                        "counted": result.figures.get("All partners", {}),
                        "count_ms": round(count_ms, 1),
                        "floor_ms": round(floor_ms, 3),
                        "floor_counts_2026_h1": floor_counts,
                        "ratio_to_floor": round(seconds * 1000 / max(floor_ms, 0.001), 1),
                        "count_ratio_to_floor": round(count_ms / max(floor_ms, 0.001), 1),
                        "goal_s": GOAL_S,
                        "within_goal": seconds <= GOAL_S,
                    }
                )
    return figures
