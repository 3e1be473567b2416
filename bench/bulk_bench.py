"""Figures ``vcard_export``, ``find_duplicates`` and ``backup_daily`` on a copy of the
scale profile, each with a floor measured in the same run:

- ``vcard_export``: every live contact to a vCard file; floor: reading the contacts' rows
  with ``sqlite3`` and writing their values as text lines of the same file.
- ``find_duplicates``: the pairs over every live contact; floor: reading the columns it
  needs with ``sqlite3``.
- ``backup_daily``: a week of daily backups (one full, then increments after a day's
  edits); floor: copying the database file. Each backup is verified before it is kept.

The cached profile is never changed: the figures run on a copy under ``bench/out``.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.timing import log, seconds
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.services.contacts_export import load_cards, write_vcards
from smartgrowth_desktop.services.duplicates import find_duplicates
from smartgrowth_desktop.services.profile import Profile


def _raw_export(database: Path, target: Path) -> None:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT * FROM contacts WHERE deleted_at IS NULL")
        with target.open("w", encoding="utf-8", newline="") as handle:
            for row in rows:
                handle.write("\r\n".join(str(v) for v in row if v is not None) + "\r\n")
    finally:
        conn.close()


def _raw_people(database: Path) -> int:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT id, family_name, given_name, native_name, romanized_name, name_order, "
            "emails, phones, organization_id FROM contacts WHERE deleted_at IS NULL "
            "ORDER BY created_at, id"
        ).fetchall()
    finally:
        conn.close()
    return len(rows)


def bench_vcard(folder: Path, work: Path) -> dict[str, Any]:
    """The ``vcard_export`` figure."""
    log("vcard_export: raw floor")
    raw_s, _ = seconds(lambda: _raw_export(folder / DATABASE_NAME, work / "raw.txt"))
    log("vcard_export: load_cards + write_vcards of every contact")
    with Profile(folder) as profile:
        load_s, cards = seconds(lambda: load_cards(profile))
        write_s, count = seconds(lambda: write_vcards(cards, work / "all.vcf"))
    total = load_s + write_s
    return {
        "bench": "vcard_export",
        "contacts": count,
        "seconds": round(total, 2),
        "load_s": round(load_s, 2),
        "write_s": round(write_s, 2),
        "mb": round((work / "all.vcf").stat().st_size / 2**20, 1),
        "raw_s": round(raw_s, 2),
        "ratio": round(total / raw_s, 1),
        "under_30_s": total <= 30,
    }


def bench_duplicates(folder: Path) -> dict[str, Any]:
    """The ``find_duplicates`` figure."""
    raw_s, people = seconds(lambda: _raw_people(folder / DATABASE_NAME))
    log("find_duplicates: every pair over every contact")
    with Profile(folder) as profile:
        elapsed, pairs = seconds(lambda: find_duplicates(profile))
    return {
        "bench": "find_duplicates",
        "contacts": people,
        "pairs": len(pairs),
        "seconds": round(elapsed, 2),
        "raw_read_s": round(raw_s, 3),
        "ratio": round(elapsed / raw_s, 1),
        "under_3_s": elapsed <= 3,
    }


def run(folder: Path) -> list[dict[str, Any]]:
    """The figures, on a copy of the profile in ``folder``."""
    figures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix="bulk-") as temp:
        work = Path(temp)
        copy = work / "profile"
        copy.mkdir()
        log("bulk: copying the profile")
        started = time.perf_counter()
        shutil.copyfile(folder / DATABASE_NAME, copy / DATABASE_NAME)
        log(f"bulk: copied in {time.perf_counter() - started:.1f} s")
        with Profile(copy):
            pass  # migrated (and backed up) here, not inside a figure
        shutil.rmtree(copy / "backups", ignore_errors=True)
        figures.append(bench_vcard(copy, work))
        figures.append(bench_duplicates(copy))
        from bench.backup_bench import bench_backups

        figures.append(bench_backups(copy, work))
    return figures
