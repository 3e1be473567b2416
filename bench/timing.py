"""Timing helpers: the JSON-lines output, progress messages, percentiles."""

from __future__ import annotations

import contextlib
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
from typing import Any


def emit(figure: dict[str, Any]) -> None:
    """Print one figure as one JSON line on stdout."""
    print(json.dumps(figure, ensure_ascii=False), flush=True)


def log(message: str) -> None:
    """A progress message on stderr."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (``fraction`` in 0..1)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def latency(samples_ms: Sequence[float]) -> dict[str, float]:
    """Median, p95 and max of some latencies, in milliseconds."""
    return {
        "median_ms": round(statistics.median(samples_ms), 3),
        "p95_ms": round(percentile(samples_ms, 0.95), 3),
        "max_ms": round(max(samples_ms), 3),
    }


def seconds(call: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``call`` once; its wall time in seconds and its result."""
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def per_query_ms(queries: Sequence[str], run: Callable[[str], Any]) -> list[float]:
    """Latency of ``run(q)`` for each query, in ms."""
    samples: list[float] = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def median_per_query(rounds: Sequence[Sequence[float]]) -> list[float]:
    """Each query's median latency over several rounds (one list per round)."""
    return [statistics.median(column) for column in zip(*rounds, strict=True)]


@contextlib.contextmanager
def timed_calls(module: ModuleType | type, names: Sequence[str]) -> Iterator[dict[str, float]]:
    """Time the calls of some module functions (looked up by name at call time), or of
    some methods of a class, meanwhile."""
    spent: dict[str, float] = {}
    originals = {name: getattr(module, name) for name in names}

    def wrap(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

        return timed

    for name, func in originals.items():
        setattr(module, name, wrap(name, func))
    try:
        yield spent
    finally:
        for name, func in originals.items():
            setattr(module, name, func)
