"""Receiving and starting figures (#19): the notes workload synced down, commands' start.

``run()`` returns JSON-able figures, each with the floor measured in the same run:

- ``receive_notes``: the first sync down of 10,000 meetings with ~300-word notes
  (``bench/notes_workload.py``) into a new profile, in-process (median of a few) and as
  a whole ``smartgrowth-cli`` process. Floor: the same rows (change log, meetings, search
  index text, held changesets) written by raw ``sqlite3`` ``executemany`` into a new
  profile in one transaction, the same pragmas (plus a bare ``python -c pass`` for the
  whole process). Budgets 2 s and 2.5 s.
- ``receive_notes_slope``: the same at a larger count, once: seconds per change against
  the 10,000's (1.0 is linear).
- ``cli_start``: ``--version`` and ``--help`` against ``python -c pass`` (budget 3×).
- ``cli_sync_nothing_new``: a whole-process sync with nothing new (budget 0.25 s); floor:
  a process that opens the profile with ``sqlite3`` and reads the sync progress.
- ``cli_search``: whole-process searches on a copy of the scale profile (budget 0.3 s);
  floor: a process running the same FTS5 query with ``sqlite3``.
"""

from __future__ import annotations

import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.notes_workload import author
from bench.timing import log, seconds
from smartgrowth_desktop.core.search import TABLES as SEARCH_TABLES

OUT = Path(__file__).resolve().parent / "out"
CLI = [sys.executable, "-m", "smartgrowth_desktop"]
ROUNDS = 3
STARTS = 10
IN_PROCESS_BUDGET_S, WHOLE_BUDGET_S = 2.0, 2.5
START_BUDGET_RATIO, NOTHING_NEW_BUDGET_S, SEARCH_BUDGET_S = 3.0, 0.25, 0.3
SEARCHES = ("nguyen", "smart city", "李伟", "Hồ Chí Minh")
#: the tables a first sync fills, copied by the floor (besides the record table)
_COPIED = ("sync_changesets", "changes", *SEARCH_TABLES)


#: CPU seconds (user + system) of the processes run, per command (``_process_s``): on a
#: busy machine they move less than wall times, so the figures carry both
CPU: dict[str, list[float]] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process_s(command: Sequence[str], runs: int) -> float:
    """Median wall time of a whole process (its output discarded); its CPU in ``CPU``."""
    samples, cpu = [], []
    for _ in range(runs):
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - before)
    CPU[" ".join(command)] = cpu
    return statistics.median(samples)


def _cpu_s(command: Sequence[str]) -> float:
    """Median CPU seconds of the last ``_process_s`` of ``command``."""
    return statistics.median(CPU[" ".join(command)])


def _receive(share: Path, target: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of a first sync of ``share`` into a new profile at ``target``,
    and the changes applied."""
    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.services.sync import SyncService

    shutil.rmtree(target, ignore_errors=True)
    with Profile(target) as profile:
        cpu = time.process_time()
        elapsed, report = seconds(lambda: SyncService(profile).sync_folder(share))
        cpu = time.process_time() - cpu
    assert report.ok and report.applied_changes, report.summary()
    return elapsed, cpu, report.applied_changes


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    if table in SEARCH_TABLES:
        return ["rowid", "kind", "record_id", "title", "body"]
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _floor(received: Path, target: Path) -> tuple[float, float]:
    """Wall and CPU seconds to write what ``received`` holds after its first sync, with
    raw sqlite3."""
    from smartgrowth_desktop.core.db import DATABASE_NAME
    from smartgrowth_desktop.services.profile import Profile

    shutil.rmtree(target, ignore_errors=True)
    with Profile(target):
        pass
    source = sqlite3.connect(received / DATABASE_NAME)
    conn = sqlite3.connect(target / DATABASE_NAME, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        conn.execute(f"PRAGMA {pragma}")
    devices = source.execute("SELECT * FROM devices").fetchall()
    marks = ", ".join("?" for _ in devices[0])
    conn.executemany(f"INSERT OR IGNORE INTO devices VALUES ({marks})", devices)
    plan = [(t, _columns(source, t)) for t in (*_COPIED, "meetings")]
    rows = {t: source.execute(f"SELECT {', '.join(c)} FROM {t}").fetchall() for t, c in plan}
    for table in SEARCH_TABLES:
        rows[table].sort()
    start, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN IMMEDIATE")
    for table, columns in plan:
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        conn.executemany(sql, rows[table])
    conn.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return elapsed, cpu


def bench_receive(work: Path, count: int, notes: Path) -> dict[str, Any]:
    """The ``receive_notes`` figure for ``count`` notes (authored once under ``notes``)."""
    log(f"receive: authoring {count:,} notes (cached under {notes})")
    _author, share = author(notes, count)
    in_process: list[tuple[float, float]] = []
    floors: list[tuple[float, float]] = []
    changes = 0
    for round_ in range(ROUNDS):
        log(f"receive: round {round_ + 1} of {ROUNDS}")
        elapsed, cpu, changes = _receive(share, work / "receiver")
        in_process.append((elapsed, cpu))
        floors.append(_floor(work / "receiver", work / "floor"))
    shutil.rmtree(work / "whole", ignore_errors=True)
    command = [*CLI, "--data-dir", str(work / "whole"), "sync", "--folder", str(share)]
    whole = _process_s(command, 1)
    whole_cpu = _cpu_s(command)
    bare_command = [sys.executable, "-c", "pass"]
    bare = _process_s(bare_command, STARTS)
    floor, floor_cpu = (statistics.median(f[i] for f in floors) for i in (0, 1))
    best, best_cpu = (statistics.median(f[i] for f in in_process) for i in (0, 1))
    return {
        "bench": "receive_notes",
        "notes": count,
        "changes": changes,
        "in_process_s": round(best, 3),
        "in_process_samples_s": [round(s[0], 3) for s in in_process],
        "floor_s": round(floor, 3),
        "floor_samples_s": [round(s[0], 3) for s in floors],
        "ratio": round(best / floor, 2),
        "in_process_cpu_s": round(best_cpu, 3),
        "floor_cpu_s": round(floor_cpu, 3),
        "cpu_ratio": round(best_cpu / floor_cpu, 2),
        "whole_process_s": round(whole, 3),
        "whole_floor_s": round(floor + bare, 3),
        "whole_ratio": round(whole / (floor + bare), 2),
        "whole_cpu_s": round(whole_cpu, 3),
        "whole_cpu_ratio": round(whole_cpu / (floor_cpu + _cpu_s(bare_command)), 2),
        "budget_s": IN_PROCESS_BUDGET_S,
        "whole_budget_s": WHOLE_BUDGET_S,
        "within_budget": best <= IN_PROCESS_BUDGET_S and whole <= WHOLE_BUDGET_S,
    }


def bench_slope(work: Path, base: dict[str, Any], count: int, notes: Path) -> dict[str, Any]:
    """``receive_notes_slope``: one receive of ``count`` notes against the base's per change."""
    log(f"receive: authoring {count:,} notes (cached under {notes}; minutes the first time)")
    _author, share = author(notes, count)
    elapsed, cpu, changes = _receive(share, work / "big")
    floor, floor_cpu = _floor(work / "big", work / "big-floor")
    shutil.rmtree(work / "big", ignore_errors=True)
    per_change = elapsed / changes * 1e6
    base_per_change = base["in_process_s"] / base["changes"] * 1e6
    cpu_per_change = cpu / changes * 1e6
    base_cpu_per_change = base["in_process_cpu_s"] / base["changes"] * 1e6
    return {
        "bench": "receive_notes_slope",
        "notes": count,
        "changes": changes,
        "in_process_s": round(elapsed, 3),
        "floor_s": round(floor, 3),
        "ratio": round(elapsed / floor, 2),
        "us_per_change": round(per_change, 2),
        "base_us_per_change": round(base_per_change, 2),
        "slope_ratio": round(per_change / base_per_change, 2),
        "in_process_cpu_s": round(cpu, 3),
        "floor_cpu_s": round(floor_cpu, 3),
        "cpu_us_per_change": round(cpu_per_change, 2),
        "cpu_slope_ratio": round(cpu_per_change / base_cpu_per_change, 2),
    }


def bench_start() -> dict[str, Any]:
    """``cli_start``: ``--version`` and ``--help`` against a bare interpreter."""
    commands = ([sys.executable, "-c", "pass"], [*CLI, "--version"], [*CLI, "--help"])
    bare, version, usage = (_process_s(c, STARTS) for c in commands)
    cpu = [_cpu_s(c) for c in commands]
    return {
        "cpu_s": {"floor": round(cpu[0], 4), "version": round(cpu[1], 4), "help": round(cpu[2], 4)},
        "cpu_ratios": {"version": round(cpu[1] / cpu[0], 2), "help": round(cpu[2] / cpu[0], 2)},
        "bench": "cli_start",
        "floor_s": round(bare, 4),
        "version_s": round(version, 4),
        "version_ratio": round(version / bare, 2),
        "help_s": round(usage, 4),
        "help_ratio": round(usage / bare, 2),
        "budget_ratio": START_BUDGET_RATIO,
        "within_budget": max(version, usage) <= START_BUDGET_RATIO * bare,
    }


def bench_nothing_new(profile: Path, share: Path) -> dict[str, Any]:
    """``cli_sync_nothing_new``: a whole-process sync of a profile already in step."""
    from smartgrowth_desktop.core.db import DATABASE_NAME

    command = [*CLI, "--data-dir", str(profile), "sync", "--folder", str(share)]
    _process_s(command, 1)  # whatever the first sync still had to do
    whole = _process_s(command, 5)
    read = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('SELECT * FROM sync_peers').fetchall()"
    )
    floor_command = [sys.executable, "-c", read, str(profile / DATABASE_NAME)]
    floor = _process_s(floor_command, 5)
    return {
        "bench": "cli_sync_nothing_new",
        "cpu_s": round(_cpu_s(command), 3),
        "floor_cpu_s": round(_cpu_s(floor_command), 3),
        "seconds": round(whole, 3),
        "floor_s": round(floor, 3),
        "ratio": round(whole / floor, 2),
        "budget_s": NOTHING_NEW_BUDGET_S,
        "within_budget": whole <= NOTHING_NEW_BUDGET_S,
    }


def _search_copy(scale_folder: Path, out: Path) -> Path:
    """A copy of the scale profile to search (opening it may migrate it: never the cache)."""
    from smartgrowth_desktop.core.db import DATABASE_NAME

    source = scale_folder / DATABASE_NAME
    copy = out / "cli-search-profile"
    marker = copy / "copied-from.txt"
    stamp = f"{source.stat().st_size} {source.stat().st_mtime_ns}"
    if not marker.exists() or marker.read_text() != stamp:
        log(f"search: copying {source} (once)")
        shutil.rmtree(copy, ignore_errors=True)
        copy.mkdir(parents=True)
        with sqlite3.connect(source) as src, sqlite3.connect(copy / DATABASE_NAME) as dst:
            src.backup(dst)
        marker.write_text(stamp)
    return copy


def bench_search(scale_folder: Path, out: Path) -> dict[str, Any]:
    """``cli_search``: whole-process searches on a copy of the scale profile."""
    from smartgrowth_desktop.core.db import DATABASE_NAME
    from smartgrowth_desktop.core.search import TITLE_WEIGHT, match_expression, matching_sql

    copy = _search_copy(scale_folder, out)
    _process_s([*CLI, "--data-dir", str(copy), "search", "warm-up"], 1)  # migrates, once
    query = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("
        "'SELECT kind, record_id, r FROM ("
        + matching_sql(f"kind, record_id, bm25({{table}}, 0, 0, {TITLE_WEIGHT}, 1.0) AS r", "?1")
        + ") ORDER BY r LIMIT 50', "
        "(sys.argv[2],)).fetchall()"
    )
    whole, floor, cpu, floor_cpu = [], [], [], []
    for text in SEARCHES:
        command = [*CLI, "--data-dir", str(copy), "search", text]
        whole.append(_process_s(command, 3))
        cpu.append(_cpu_s(command))
        expression = match_expression(text) or ""
        floor_command = [sys.executable, "-c", query, str(copy / DATABASE_NAME), expression]
        floor.append(_process_s(floor_command, 3))
        floor_cpu.append(_cpu_s(floor_command))
    worst = max(whole)
    return {
        "bench": "cli_search",
        "cpu_s": [round(s, 3) for s in cpu],
        "floor_cpu_s": [round(s, 3) for s in floor_cpu],
        "queries": list(SEARCHES),
        "seconds": [round(s, 3) for s in whole],
        "floor_s": [round(s, 3) for s in floor],
        "ratio": round(statistics.median(whole) / statistics.median(floor), 2),
        "max_s": round(worst, 3),
        "budget_s": SEARCH_BUDGET_S,
        "within_budget": worst <= SEARCH_BUDGET_S,
    }


def run(
    scale_folder: Path | None = None,
    out: Path = OUT,
    count: int = 10_000,
    slope_count: int = 30_000,
) -> list[dict[str, Any]]:
    """Every figure; ``scale_folder`` (the cached scale profile) for the search figure."""
    work = out / "receive-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    figures = [bench_start()]
    base = bench_receive(work, count, out / f"notes-{count}")
    figures.append(base)
    figures.append(bench_nothing_new(work / "whole", author(out / f"notes-{count}", count)[1]))
    if slope_count:
        figures.append(bench_slope(work, base, slope_count, out / f"notes-{slope_count}"))
    if scale_folder is not None:
        figures.append(bench_search(scale_folder, out))
    shutil.rmtree(work, ignore_errors=True)
    return figures


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m bench.receive_bench")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--slope-count", type=int, default=30_000, help="0 skips it")
    parser.add_argument("--scale-folder", type=Path, help="a scale profile, for cli_search")
    args = parser.parse_args()
    for figure in run(args.scale_folder, count=args.count, slope_count=args.slope_count):
        print(json.dumps(figure, ensure_ascii=False), flush=True)
