"""Sync figures: applying 10,000 incoming changes, a sync with nothing new, bytes per change.

``run()`` returns JSON-able figures (the caller prints them):

- ``sync_apply_10k``: a fresh profile takes in exactly 10,000 changes (two changesets)
  from a folder: the whole sync, and the merge alone. Budget 2 s.
- ``sync_nothing_new``: a sync when nothing changed, on profiles of two sizes (median of
  several runs; it must not grow with the profile). Budget 0.1 s.
- ``sync_bytes_per_change``: what a change costs in the folder and in the profile, for
  bulk data (the synthetic volume) and for ordinary edits.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.timing import log, seconds
from smartgrowth_desktop.core import merge
from smartgrowth_desktop.services.demo import DemoService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.engine import MAX_CHANGES

OUT = Path(__file__).resolve().parent / "out"
NOTHING_NEW_RUNS = 7
APPLY_BUDGET_S = 2.0
NOTHING_NEW_BUDGET_MS = 100.0


def _changes(profile: Profile) -> int:
    with profile.database.connection() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM changes").scalar_one())


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.sgc"))


@contextlib.contextmanager
def _timed_merges() -> Iterator[dict[str, float]]:
    """Seconds spent in ``Merger.apply`` meanwhile (under the key ``apply``)."""
    spent = {"apply": 0.0}
    original = merge.Merger.apply

    def timed(self: merge.Merger, entries: Iterable[merge.ChangeEntry]) -> merge.ApplyResult:
        start = time.perf_counter()
        try:
            return original(self, entries)
        finally:
            spent["apply"] += time.perf_counter() - start

    merge.Merger.apply = timed  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        merge.Merger.apply = original  # type: ignore[method-assign]


def _edit_bytes(profile: Profile, folder: Path, own: Path) -> dict[str, Any]:
    """Bytes per change of ordinary edits (one field of 100 contacts each), once synced."""
    records = RecordService(profile)
    before = _folder_bytes(own)
    for contact in records.list("contact", limit=100):
        records.update("contact", contact.id, {"title": f"Head of Innovation {contact.id.hex[:4]}"})
    report = SyncService(profile).sync_folder(folder)
    written = _folder_bytes(own) - before
    return {
        "edit_changes": report.published_changes,
        "edit_bytes_per_change": round(written / max(report.published_changes, 1), 1),
    }


def bench_apply(work: Path, wanted: int = 10_000) -> dict[str, Any]:
    """Changesets holding exactly ``wanted`` changes, taken in by a fresh profile."""
    source, full, part = work / "source", work / "full", work / "part"
    full.mkdir(parents=True)
    part.mkdir()
    with Profile(source) as profile:
        demo = DemoService(profile)
        demo.load_programme()
        demo.add_volume(0.005)
        SyncService(profile).sync_folder(full)
    picked = sorted(full.rglob("*.sgc"))[: wanted // MAX_CHANGES]
    for path in picked:
        target = part / path.relative_to(full)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    with Profile(work / "receiver") as receiver, _timed_merges() as spent:
        elapsed, report = seconds(lambda: SyncService(receiver).sync_folder(part))
    return {
        "bench": "sync_apply_10k",
        "changes": report.applied_changes,
        "changesets": report.applied,
        "seconds": round(elapsed, 3),
        "merge_s": round(spent.get("apply", 0.0), 3),
        "changes_per_s": round(report.applied_changes / elapsed),
        "budget_s": APPLY_BUDGET_S,
        "within_budget": elapsed < APPLY_BUDGET_S,
    }


def bench_nothing_new(work: Path, scale: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """A profile of ``scale`` synced once, then synced again with nothing new."""
    folder = work / f"share-{scale:g}"
    folder.mkdir()
    with Profile(work / f"peer-{scale:g}") as peer:
        DemoService(peer).load_programme()
        SyncService(peer).sync_folder(folder)
    with Profile(work / f"big-{scale:g}") as profile:
        log(f"sync: building a profile with volume × {scale:g}")
        demo = DemoService(profile)
        demo.load_programme()
        demo.add_volume(scale)
        changes = _changes(profile)
        log(f"sync: first sync of {changes:,} changes")
        first_s, first = seconds(lambda: SyncService(profile).sync_folder(folder))
        samples = []
        for _ in range(NOTHING_NEW_RUNS):
            start = time.perf_counter()
            report = SyncService(profile).sync_folder(folder)
            samples.append((time.perf_counter() - start) * 1000)
            assert report.applied == 0 and report.published == 0
        with profile.database.connection() as conn:
            held = conn.exec_driver_sql("SELECT sum(length(data)) FROM sync_changesets")
            stored = int(held.scalar_one() or 0)
        own = folder / "devices" / profile.settings()["device_id"]
        bulk_bytes = _folder_bytes(own)
        edits = _edit_bytes(profile, folder, own)
    median = statistics.median(samples)
    timing = {
        "bench": "sync_nothing_new",
        "scale": scale,
        "changes": changes,
        "changesets_in_folder": len(list(folder.rglob("*.sgc"))),
        "median_ms": round(median, 2),
        "max_ms": round(max(samples), 2),
        "first_sync_s": round(first_s, 2),
        "first_sync_published": first.published,
        "budget_ms": NOTHING_NEW_BUDGET_MS,
        "within_budget": median < NOTHING_NEW_BUDGET_MS,
    }
    published = first.published_changes
    size = {
        "bench": "sync_bytes_per_change",
        "scale": scale,
        "changes": published,
        "folder_bytes": bulk_bytes,
        "folder_bytes_per_change": round(bulk_bytes / max(published, 1), 1),
        "profile_bytes_per_change": round(stored / max(changes, 1), 1),
        **edits,
    }
    return timing, size


def run(scales: Sequence[float] = (0.1, 0.3), out: Path = OUT) -> list[dict[str, Any]]:
    """Every sync figure (the profiles are built in a temporary folder under ``out``)."""
    out.mkdir(parents=True, exist_ok=True)
    figures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=out, prefix="sync-") as temp:
        work = Path(temp)
        log("sync: applying 10,000 incoming changes")
        figures.append(bench_apply(work / "apply"))
        sizes = []
        for scale in scales:
            (work / f"n{scale:g}").mkdir(parents=True)
            timing, size = bench_nothing_new(work / f"n{scale:g}", scale)
            figures.append(timing)
            sizes.append(size)
        figures.extend(sizes)
    return figures


if __name__ == "__main__":
    import json

    for figure in run():
        print(json.dumps(figure, ensure_ascii=False), flush=True)
