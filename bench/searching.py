"""Figures ``search_service``, ``search_index_core``, ``search_raw_fts5`` and ``search_ratio``.

The three ways of searching run in turn over all queries, for a few rounds, so a change in
machine load hits them alike; a query's latency is its median over the rounds.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.timing import latency, log, median_per_query, per_query_ms
from smartgrowth_desktop.core import search as index
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.search import SearchService

#: the floor: one ranked MATCH over every shard of the index, nothing around it
RAW_SQL = (
    "SELECT kind, record_id, rank FROM ("
    + index.matching_sql("kind, record_id, bm25({table}, 0, 0, 10.0, 1.0) AS rank", "?1")
    + ") ORDER BY rank LIMIT 50"
)
COUNT_SQL = f"SELECT count(*) FROM ({index.matching_sql('rowid', '?1')})"
WARMUP = 20
SLOWEST = 5

Runner = Callable[[str], Any]


def _runners(
    service: SearchService,
    conn: sqlite3.Connection,
    raw: sqlite3.Connection,
    queries: Sequence[str],
) -> dict[str, Runner]:
    """One search function per way of searching (raw MATCH expressions made beforehand)."""
    expressions = {q: index.match_expression(q) for q in queries}

    def raw_search(query: str) -> list[Any]:
        expression = expressions[query]
        return raw.execute(RAW_SQL, (expression,)).fetchall() if expression else []

    return {
        "service": lambda q: service.search(q, limit=50),
        "core": lambda q: index.search(conn, q, limit=50),
        "raw": raw_search,
    }


def _latencies(
    folder: Path, queries: Sequence[str], rounds: int
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Per-query ms of each way of searching, and how many results the service gave."""
    rounds_ms: dict[str, list[list[float]]] = {}
    with (
        Profile(folder) as profile,
        profile.database.raw_read() as conn,
        contextlib.closing(sqlite3.connect(folder / DATABASE_NAME)) as raw,
    ):
        runners = _runners(SearchService(profile), conn, raw, queries)
        for run in runners.values():
            per_query_ms(queries[:WARMUP], run)
        for number in range(rounds):
            log(f"search: round {number + 1} of {rounds} (service, core, raw FTS5)")
            for name, run in runners.items():
                rounds_ms.setdefault(name, []).append(per_query_ms(queries, run))
        results = {q: len(runners["service"](q)) for q in queries}
    return {name: median_per_query(r) for name, r in rounds_ms.items()}, results


def _slowest(
    folder: Path, queries: Sequence[str], samples: Sequence[float]
) -> list[dict[str, Any]]:
    """The slowest queries with their latency and how many index rows they match."""
    ranked = sorted(zip(samples, queries, strict=True), reverse=True)[:SLOWEST]
    found = []
    with contextlib.closing(sqlite3.connect(folder / DATABASE_NAME)) as conn:
        for ms, query in ranked:
            expression = index.match_expression(query)
            count = conn.execute(COUNT_SQL, (expression,)).fetchone()[0] if expression else 0
            found.append({"q": query, "ms": round(ms, 2), "matches": count})
    return found


def bench_search(
    folder: Path, queries: Sequence[str], profile_name: str, rounds: int
) -> list[dict[str, Any]]:
    """The search figures on the profile in ``folder``."""
    samples, results = _latencies(folder, queries, rounds)
    common = {"queries": len(queries), "rounds": rounds, "profile": profile_name}
    service, core, raw = (latency(samples[name]) for name in ("service", "core", "raw"))
    empty = [q for q in queries if results[q] == 0]
    return [
        {
            "bench": "search_service",
            **service,
            **common,
            "slowest": _slowest(folder, queries, samples["service"]),
            "no_results": len(empty),
            "no_results_examples": empty[:10],
        },
        {"bench": "search_index_core", **core, **common},
        {
            "bench": "search_raw_fts5",
            **raw,
            **common,
            "slowest": _slowest(folder, queries, samples["raw"]),
        },
        {
            "bench": "search_ratio",
            "median_ratio": round(service["median_ms"] / raw["median_ms"], 2),
            "p95_ratio": round(service["p95_ms"] / raw["p95_ms"], 2),
            "core_median_ratio": round(core["median_ms"] / raw["median_ms"], 2),
            "core_p95_ratio": round(core["p95_ms"] / raw["p95_ms"], 2),
            **common,
        },
    ]
