"""Team server figures: 20 devices × 1,000 changes each converging through the server.

``run()`` returns one figure per database (``server_converge``, SQLite then PostgreSQL):
the total time until every device holds everyone's changes, the HTTP requests made,
requests per second and the latency of each request (median, p95, max), measured in the
clients, and the server's CPU time meanwhile (most of the time goes to the devices
applying 19,000 changes each, all in this one process). ``download_load`` then has the
20 devices download the team's whole history 10 times at once (no applying): the
server's own requests per second and latency. The server runs as its own process on
127.0.0.1 (``smartgrowth-server serve``); the devices are profiles syncing from threads of
this process, all at once per round.
PostgreSQL is a throwaway cluster (tests/server/postgres.py); without it that figure
says why it is missing.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.timing import latency, log
from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync import http_store
from tests.server.postgres import PostgresUnavailable, cluster
from tests.server.support import ServerProcess, new_team
from tests.sync_support import change_count, new_profile

OUT = Path(__file__).resolve().parent / "out"
DEVICES = 20
CHANGES = 1000
FIELDS = {"given_name": "Thu Hà", "title": "Director", "notes": "met in Đà Nẵng"}


@contextlib.contextmanager
def _timed_requests() -> Iterator[list[float]]:
    """Every ``HttpStore`` request's latency (ms) meanwhile (downloads: the whole body)."""
    samples: list[float] = []
    lock = threading.Lock()
    store = http_store.HttpStore
    originals = {"_request": store._request, "_get_bytes": store._get_bytes}

    def timing(original: Any) -> Any:
        def timed(self: http_store.HttpStore, *args: Any, **options: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(self, *args, **options)
            finally:
                with lock:
                    samples.append((time.perf_counter() - start) * 1000)

        return timed

    for name, original in originals.items():
        setattr(store, name, timing(original))
    try:
        yield samples
    finally:
        for name, original in originals.items():
            setattr(store, name, original)


def _make_changes(profile: Profile, device: int) -> int:
    """At least ``CHANGES`` changes (contacts of four fields); returns how many."""
    records = RecordService(profile)
    n = 0
    while change_count(profile) < CHANGES:
        n += 1
        records.create("contact", {"family_name": f"Nguyễn {device}-{n}", **FIELDS})
    return change_count(profile)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _download_all(server: ServerProcess, tokens: list[str], rounds: int) -> dict[str, Any]:
    """Every device downloads the team's whole history at once, ``rounds`` times (no apply)."""

    def fetch(token: str) -> int:
        fetched = 0
        with http_store.HttpStore(server.url, token, retries=0) as store:
            for _ in range(rounds):
                listing = store.scan("00000000-0000-0000-0000-000000000000")
                for refs in listing.changesets.values():
                    fetched += len(store.read(refs[0].path))
        return fetched

    with _timed_requests() as samples, ThreadPoolExecutor(len(tokens)) as pool:
        start = time.perf_counter()
        fetched = sum(pool.map(fetch, tokens))
        elapsed = time.perf_counter() - start
    return {
        "downloaded_mb": round(fetched / 2**20, 1),
        "seconds": round(elapsed, 2),
        "requests": len(samples),
        "requests_per_s": round(len(samples) / elapsed, 1),
        **latency(samples),
    }


def _converge(server: ServerProcess, work: Path) -> dict[str, Any]:
    storage = Storage.open(server.database_url)
    people = [f"d{i:02d}" for i in range(DEVICES)]
    team = new_team(storage, *people)
    storage.close()
    profiles = [new_profile(work / person) for person in people]
    made = [_make_changes(p, i) for i, p in enumerate(profiles)]
    total = sum(made)
    rounds = 0
    assert server.process is not None
    cpu_before = _cpu_seconds(server.process.pid)
    with _timed_requests() as samples, ThreadPoolExecutor(DEVICES) as pool:
        start = time.perf_counter()
        while True:
            rounds += 1
            reports = list(
                pool.map(
                    lambda i: SyncService(profiles[i]).sync_server(
                        server.url, team.tokens[people[i]]
                    ),
                    range(DEVICES),
                )
            )
            assert all(r.ok for r in reports)
            if all(change_count(p) == total for p in profiles) or rounds == 5:
                break
        elapsed = time.perf_counter() - start
    server_cpu = _cpu_seconds(server.process.pid) - cpu_before
    converged = all(change_count(p) == total for p in profiles)
    for profile in profiles:
        profile.close()
    load = _download_all(server, [team.tokens[p] for p in people], rounds=10)
    return {
        "devices": DEVICES,
        "changes_per_device": round(total / DEVICES),
        "changes_total": total,
        "rounds": rounds,
        "converged": converged,
        "seconds": round(elapsed, 2),
        "requests": len(samples),
        "requests_per_s": round(len(samples) / elapsed, 1),
        **latency(samples),
        "server_cpu_s": round(server_cpu, 2),
        "download_load": load,
    }


def _figure(database: str, url: str, work: Path) -> dict[str, Any]:
    log(f"server: {DEVICES} devices × {CHANGES} changes through the server on {database}")
    work.mkdir(parents=True)
    with ServerProcess(url, work / "server.log") as server:
        result = _converge(server, work)
    return {"bench": "server_converge", "database": database, **result}


def run(out: Path = OUT) -> list[dict[str, Any]]:
    """Both figures (SQLite, then PostgreSQL when it can be started)."""
    out.mkdir(parents=True, exist_ok=True)
    figures: list[dict[str, Any]] = []
    work = Path(tempfile.mkdtemp(dir=out, prefix="server-"))
    try:
        figures.append(_figure("sqlite", f"sqlite:///{work / 'server.sqlite3'}", work / "sqlite"))
        try:
            with cluster() as postgres:
                figures.append(_figure("postgresql", postgres.create(), work / "postgresql"))
        except PostgresUnavailable as error:
            figures.append(
                {"bench": "server_converge", "database": "postgresql", "error": str(error)}
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return figures


if __name__ == "__main__":
    import json

    for figure in run():
        print(json.dumps(figure, ensure_ascii=False), flush=True)
