"""``make bench``: one JSON line per figure on stdout, progress on stderr.

Figures: ``demo_scale`` (building the ``--scale`` profile, cached under ``bench/out/``),
``open_profile``, ``search_service``, ``search_index_core``, ``search_raw_fts5``,
``search_ratio``, ``import_contacts`` and ``memory`` (peak RSS), then the other suites
(packs, the desktop window, the list's filter and sort stall, an encrypted copy of the
profile against the plain one, business-card photos read back, sync, the server).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import isolated
from bench.queries import build_queries
from bench.searching import bench_search
from bench.timing import emit, log, seconds
from smartgrowth_desktop import __version__
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.schema_head import HEAD
from smartgrowth_desktop.services.demo import DemoService
from smartgrowth_desktop.services.profile import Profile

OUT = Path(__file__).resolve().parent / "out"
MARKER = "bench-built.json"
OPENS = 5


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: ``--scale``, ``--fresh``, ``--contacts``, ``--rounds``, ``--out``."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="demo volume (default 1)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached profile")
    parser.add_argument(
        "--contacts", type=int, default=100_000, help="contacts in the import document"
    )
    parser.add_argument("--rounds", type=int, default=3, help="search rounds (default 3)")
    parser.add_argument("--out", type=Path, default=OUT, help="work folder (default bench/out)")
    return parser.parse_args(argv)


def _database_mb(folder: Path) -> float:
    files = [folder / DATABASE_NAME, folder / f"{DATABASE_NAME}-wal"]
    return round(sum(f.stat().st_size for f in files if f.exists()) / 2**20, 1)


def _cached(folder: Path, scale: float) -> dict[str, Any] | None:
    """What the last build recorded, if ``folder`` holds a complete build of ``scale``."""
    try:
        built: dict[str, Any] = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    # a profile of an older schema would be migrated (and backed up) by the first bench
    # that opens it, skewing that figure: build it anew instead
    return built if built.get("scale") == scale and built.get("schema") == HEAD else None


def _build(folder: Path, scale: float) -> dict[str, Any]:
    """Build the demo profile of ``scale`` in an empty ``folder``; timings and counts."""
    with Profile(folder) as profile:
        service = DemoService(profile)
        log(f"demo_scale: loading the programme into {folder}")
        programme_s, programme = seconds(service.load_programme)
        log(f"demo_scale: adding volume × {scale:g} (about a minute at scale 1)")
        volume_s, volume = seconds(lambda: service.add_volume(scale))
    return {
        "scale": scale,
        "version": __version__,
        "schema": HEAD,
        "seconds": round(programme_s + volume_s, 2),
        "programme_s": round(programme_s, 2),
        "volume_s": round(volume_s, 2),
        "records": {**programme, **volume},
    }


def scale_profile(out: Path, scale: float, fresh: bool) -> tuple[Path, dict[str, Any]]:
    """The folder of the ``scale`` demo profile (built unless cached) and its figure."""
    folder = out / f"scale{scale:g}"
    built = None if fresh else _cached(folder, scale)
    if built is not None:
        log(f"demo_scale: reusing {folder} (--fresh rebuilds it)")
        figure = {
            "bench": "demo_scale",
            "scale": scale,
            "cached": True,
            "seconds": None,
            "built_seconds": built.get("seconds"),
            "built_version": built.get("version"),
        }
        return folder, {**figure, "db_mb": _database_mb(folder)}
    shutil.rmtree(folder, ignore_errors=True)
    built = _build(folder, scale)
    (folder / MARKER).write_text(json.dumps(built, indent=2) + "\n", encoding="utf-8")
    figure = {
        "bench": "demo_scale",
        "cached": False,
        **built,
        "under_a_minute": built["seconds"] < 60,
    }
    return folder, {**figure, "db_mb": _database_mb(folder)}


def bench_open(folder: Path, profile_name: str) -> dict[str, Any]:
    """The ``open_profile`` figure: ``Profile(folder)``, median of ``OPENS`` opens."""
    samples = []
    for _ in range(OPENS):
        start = time.perf_counter()
        profile = Profile(folder)
        samples.append((time.perf_counter() - start) * 1000)
        profile.close()
    return {
        "bench": "open_profile",
        "median_ms": round(statistics.median(samples), 2),
        "samples_ms": [round(s, 2) for s in samples],
        "profile": profile_name,
    }


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes vs KiB


def _emit_all(figures: Sequence[dict[str, Any]]) -> None:
    """Print some figures, then the peak RSS so far as progress (it tells who used memory)."""
    for figure in figures:
        emit(figure)
    log(f"peak RSS so far: {peak_rss_mb():.0f} MB")


def _more_suites() -> list[tuple[str, Callable[[Path], list[dict[str, Any]]]]]:
    """The other figures: briefing packs, the desktop window, sync (when present)."""
    import importlib

    suites: list[tuple[str, Callable[[Path], list[dict[str, Any]]]]] = []
    from bench import list_bench, pack_bench, ui_bench

    suites.append(("briefing packs", lambda _folder: pack_bench.run()))
    suites.append(("desktop window", ui_bench.run))
    suites.append(("list filter and sort", list_bench.run))
    from bench import encryption_bench

    suites.append(("encrypted profile", encryption_bench.run))
    from bench import erasure_bench

    suites.append(("erasing a person", erasure_bench.run))
    from bench import travel_bench

    suites.append(("leaving for travel", travel_bench.run))
    from bench import bulk_bench

    suites.append(("vCard export, duplicates, daily backups", bulk_bench.run))
    from bench import card_bench

    suites.append(("business-card photos", card_bench.run))
    from bench import card_review_bench

    suites.append(("card photos under review", lambda _folder: card_review_bench.run()))
    from bench import digest_bench

    suites.append(("while you were away", digest_bench.run))
    from bench import report_bench

    suites.append(("programme report", report_bench.run))
    from bench import debrief_bench

    suites.append(("mission debrief", lambda _folder: debrief_bench.run()))
    try:
        sync_bench = importlib.import_module("bench.sync_bench")
    except ModuleNotFoundError:
        return suites
    suites.append(("sync", lambda _folder: sync_bench.run()))
    suites.append(
        (
            "receiving notes, starting commands",  # in a fresh process: bench/isolated.py
            lambda folder: isolated.run("bench.receive_bench", "run", folder.resolve()),
        )
    )
    from bench import server_bench

    suites.append(("team sync server", lambda _folder: server_bench.run()))
    return suites


def main(argv: Sequence[str] | None = None) -> int:
    """Run every figure in turn; returns the exit status."""
    args = parse_args(argv)
    started = time.perf_counter()
    profile_name = f"scale {args.scale:g}"
    folder, built = scale_profile(args.out, args.scale, args.fresh)
    _emit_all([built, bench_open(folder, profile_name)])
    _emit_all(bench_search(folder, build_queries(), profile_name, args.rounds))
    # in a fresh process: see bench/isolated.py
    _emit_all(isolated.run("bench.importing", "bench_import", args.out.resolve(), args.contacts))
    emit({"bench": "memory", "peak_rss_mb": round(peak_rss_mb(), 1)})
    for name, run in _more_suites():
        log(f"{name} …")
        _emit_all(run(folder))
    log("(the desktop figures run in their own processes: their memory is their own)")
    log(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
