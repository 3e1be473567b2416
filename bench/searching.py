"""Figures ``search_service``, ``search_index_core``, ``search_raw_fts5`` and ``search_ratio``."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.timing import latency, log, per_query_ms
from smartgrowth_desktop.core import search as index
from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.search import SearchService

RAW_SQL = (
    "SELECT kind, record_id, bm25(search_index, 0, 0, 10.0, 1.0) AS rank "
    "FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 50"
)
COUNT_SQL = "SELECT count(*) FROM search_index WHERE search_index MATCH ?"
SLOWEST = 5


def _app_latencies(
    folder: Path, queries: Sequence[str]
) -> tuple[list[float], list[float], dict[str, int]]:
    """Per-query ms of the search service and of the core index search, and result counts."""
    results: dict[str, int] = {}
    with Profile(folder) as profile:
        service = SearchService(profile)

        def run(query: str) -> None:
            results[query] = len(service.search(query, limit=50))

        log("search: SearchService.search")
        service_ms = per_query_ms(queries, run)
        log("search: core.search.search")
        with profile.database.connection() as conn:
            core_ms = per_query_ms(queries, lambda q: index.search(conn, q, limit=50))
    return service_ms, core_ms, results


def _raw_latencies(conn: sqlite3.Connection, queries: Sequence[str]) -> list[float]:
    """Per-query ms of the bare FTS5 statement (MATCH expressions made beforehand)."""
    expressions = {q: index.match_expression(q) for q in queries}

    def run(query: str) -> None:
        expression = expressions[query]
        if expression is not None:
            conn.execute(RAW_SQL, (expression,)).fetchall()

    log("search: raw FTS5")
    return per_query_ms(queries, run)


def _slowest(
    conn: sqlite3.Connection, queries: Sequence[str], samples: Sequence[float]
) -> list[dict[str, Any]]:
    """The slowest queries with their latency and how many index rows they match."""
    ranked = sorted(zip(samples, queries, strict=True), reverse=True)[:SLOWEST]
    found = []
    for ms, query in ranked:
        expression = index.match_expression(query)
        matches = conn.execute(COUNT_SQL, (expression,)).fetchone()[0] if expression else 0
        found.append({"q": query, "ms": round(ms, 2), "matches": matches})
    return found


def bench_search(folder: Path, queries: Sequence[str], profile_name: str) -> list[dict[str, Any]]:
    """The search figures on the profile in ``folder``."""
    service_ms, core_ms, results = _app_latencies(folder, queries)
    conn = sqlite3.connect(folder / DATABASE_NAME)
    try:
        raw_ms = _raw_latencies(conn, queries)
        slow_service = _slowest(conn, queries, service_ms)
        slow_raw = _slowest(conn, queries, raw_ms)
    finally:
        conn.close()
    common = {"queries": len(queries), "profile": profile_name}
    service, core, raw = latency(service_ms), latency(core_ms), latency(raw_ms)
    empty = [q for q in queries if results.get(q) == 0]
    return [
        {
            "bench": "search_service",
            **service,
            **common,
            "slowest": slow_service,
            "no_results": len(empty),
            "no_results_examples": empty[:10],
        },
        {"bench": "search_index_core", **core, **common},
        {"bench": "search_raw_fts5", **raw, **common, "slowest": slow_raw},
        {
            "bench": "search_ratio",
            "median_ratio": round(service["median_ms"] / raw["median_ms"], 2),
            "p95_ratio": round(service["p95_ms"] / raw["p95_ms"], 2),
            "core_median_ratio": round(core["median_ms"] / raw["median_ms"], 2),
            "core_p95_ratio": round(core["p95_ms"] / raw["p95_ms"], 2),
            **common,
        },
    ]
