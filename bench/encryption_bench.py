"""Figures of an encrypted profile, each beside the plain one measured in the same run.

``unlock_kdf`` (scrypt at the default cost: what the unlock screen waits for),
``startup_encrypted`` (a fresh process: the unlock screen on screen, the key derived, the
window ready after the passphrase, against the plain start's first frame and ready),
``encrypt_profile`` (converting a copy of the scale profile, attachments and backups
aside), ``open_profile_encrypted`` (``Profile`` with its data key, against the plain
profile: ratio) and ``search_encrypted`` (the search service's p95 over the bench
queries, plain and encrypted interleaved round by round: ratio; the goal is ≤ 1.3×).
"""

from __future__ import annotations

import json
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.queries import build_queries
from bench.timing import latency, log, median_per_query, per_query_ms
from smartgrowth_desktop.core.paths import DATABASE_NAME
from smartgrowth_desktop.core.profile_key import KdfParams, KeyFile
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import encrypt_profile
from smartgrowth_desktop.services.search import SearchService

PASSPHRASE = "bench passphrase, not a secret"
STARTS = 5

# As ``smartgrowth`` starts an encrypted profile: the unlock screen is the first frame;
# then the passphrase is typed (here: set) and the window opens with the key.
_ENCRYPTED_START = """
import json, time, sys
t0 = time.perf_counter()
from pathlib import Path
from smartgrowth_desktop.app import load_fonts, look_first, open_window
folder = Path(sys.argv[1])
look = look_first(folder)
from PySide6.QtWidgets import QApplication
app = QApplication([])
load_fonts()
from smartgrowth_desktop.ui.unlock import UnlockDialog, Unlocker
dialog = UnlockDialog(folder, "bench")
dialog.show(); app.processEvents()
first = time.perf_counter() - t0
from smartgrowth_desktop.ui.operations import Operations
ops = Operations(lambda error: sys.exit(repr(error)))
def work(passphrase, recovery):
    from smartgrowth_desktop.services.profile import unlock_data_key
    return unlock_data_key(folder, passphrase, recovery)
unlocker = Unlocker(dialog, ops.run, work)
submitted = time.perf_counter()
dialog.secret.setText(sys.argv[2]); dialog.unlock_button.click()
while unlocker.result is None:
    app.processEvents(); time.sleep(0.001)
unlocked = time.perf_counter() - submitted
ops.shutdown()
window = open_window(folder, lambda error: sys.exit(repr(error)), look, unlocker.result)
window.resize(1366, 768); window.show(); app.processEvents()
while not window.is_ready:
    app.processEvents(); time.sleep(0.001)
window.ctx.operations.wait(); app.processEvents()
print(json.dumps({"first": first, "unlocked": unlocked,
                  "ready": time.perf_counter() - submitted}))
"""
SAMPLES = 5
ROUNDS = 3
WARMUP = 20


def _median_ms(call: Callable[[], Any]) -> float:
    samples = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 2)


def _encrypted_copy(folder: Path) -> tuple[Path, dict[str, Any]]:
    """A copy of ``folder``'s database, encrypted; the figure of its encryption."""
    work = folder.parent / f"{folder.name}-encrypted"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy2(folder / DATABASE_NAME, work / DATABASE_NAME)
    log(f"encryption: encrypting a copy of {folder.name} (the whole database, verified)")
    start = time.perf_counter()
    result = encrypt_profile(work, PASSPHRASE)
    seconds = time.perf_counter() - start
    size_mb = (work / DATABASE_NAME).stat().st_size / 2**20
    figure = {
        "bench": "encrypt_profile",
        "seconds": round(seconds, 2),
        "db_mb": round(size_mb, 1),
        "rows": sum(result.counts.values()),
    }
    return work, figure


def _search_p95(plain: Profile, encrypted: Profile) -> dict[str, Any]:
    queries = build_queries()
    runs = {"plain": SearchService(plain), "encrypted": SearchService(encrypted)}
    rounds: dict[str, list[list[float]]] = {name: [] for name in runs}
    for service in runs.values():
        per_query_ms(queries[:WARMUP], lambda q, s=service: s.search(q, limit=50))
    for number in range(ROUNDS):
        log(f"encryption: search round {number + 1} of {ROUNDS} (plain, encrypted)")
        for name, service in runs.items():
            rounds[name].append(per_query_ms(queries, lambda q, s=service: s.search(q, limit=50)))
    figures = {name: latency(median_per_query(r)) for name, r in rounds.items()}
    return {
        "bench": "search_encrypted",
        "plain": figures["plain"],
        "encrypted": figures["encrypted"],
        "p95_ratio": round(figures["encrypted"]["p95_ms"] / figures["plain"]["p95_ms"], 2),
        "median_ratio": round(figures["encrypted"]["median_ms"] / figures["plain"]["median_ms"], 2),
        "goal_p95_ratio": 1.3,
        "queries": len(queries),
        "rounds": ROUNDS,
    }


def _startup(plain: Path, encrypted: Path) -> dict[str, Any]:
    """Fresh-process starts of both profiles, interleaved."""
    from bench.ui_bench import _APP, _run

    plain_first, plain_ready, first, unlocked, ready = [], [], [], [], []
    for number in range(STARTS):
        log(f"encryption: start {number + 1} of {STARTS} (plain, encrypted)")
        report = json.loads(_run(_APP, str(plain)))
        plain_first.append(report["first"])
        plain_ready.append(report["ready"])
        report = json.loads(_run(_ENCRYPTED_START, str(encrypted), PASSPHRASE))
        first.append(report["first"])
        unlocked.append(report["unlocked"])
        ready.append(report["ready"])
    medians = [statistics.median(x) for x in (plain_first, plain_ready, first, unlocked, ready)]
    plain_first_s, plain_ready_s, first_s, unlocked_s, ready_s = medians
    return {
        "bench": "startup_encrypted",
        "plain_first_frame_s": round(plain_first_s, 3),
        "unlock_screen_first_frame_s": round(first_s, 3),
        "first_frame_ratio": round(first_s / plain_first_s, 2),
        "passphrase_to_key_s": round(unlocked_s, 3),
        "passphrase_to_ready_s": round(ready_s, 3),
        "plain_ready_s": round(plain_ready_s, 3),
        "goal_first_frame_ratio": 1.3,
        "runs": STARTS,
        "note": "the encrypted first frame is the unlock screen; Today follows the passphrase",
    }


def run(folder: Path) -> list[dict[str, Any]]:
    """Every figure, on the plain profile in ``folder`` and an encrypted copy of it."""
    key_file, _, _ = KeyFile.create(PASSPHRASE, KdfParams())
    kdf_ms = _median_ms(lambda: key_file.unlock(PASSPHRASE))
    figures: list[dict[str, Any]] = [
        {"bench": "unlock_kdf", "median_ms": kdf_ms, "scrypt": vars(KdfParams())}
    ]
    work, encrypting = _encrypted_copy(folder)
    figures.append(encrypting)
    data_key = key_file_of(work).unlock(PASSPHRASE)
    plain_ms = _median_ms(lambda: Profile(folder).close())
    encrypted_ms = _median_ms(lambda: Profile(work, data_key=data_key).close())
    figures.append(
        {
            "bench": "open_profile_encrypted",
            "plain_median_ms": plain_ms,
            "encrypted_median_ms": encrypted_ms,
            "ratio": round(encrypted_ms / plain_ms, 2),
            "note": "with the data key given: the unlock's scrypt is unlock_kdf",
        }
    )
    with Profile(folder) as plain, Profile(work, data_key=data_key) as encrypted:
        figures.append(_search_p95(plain, encrypted))
    figures.append(_startup(folder, work))
    shutil.rmtree(work, ignore_errors=True)
    return figures


def key_file_of(folder: Path) -> KeyFile:
    """The key file of the encrypted profile in ``folder``."""
    from smartgrowth_desktop.core.profile_key import KEY_FILE, read_key_file

    return read_key_file(folder / KEY_FILE)
