"""Figure ``card_review_stall``: the longest GUI-thread stall while the review screen
reads a batch of card photos and the delegate saves each card as soon as it shows.

``CARDS`` synthetic photos (``bench/card_photos.py``, cached in ``bench/out``) go through
the review screen (``ui/card_review.py``): read one after the other in the reading
process (real Tesseract), each shown (photo, form, duplicates asked in the query lane)
and saved (worker). A 5 ms heartbeat timer on the GUI thread notes every gap: the
longest is the stall, with the 99th percentile and the gaps over 100 ms. The floor is
the same heartbeat with nothing running, measured in the same run (the machine's own
noise); ``thread_reader_max_stall_ms`` is the stall when ``THREAD_CARDS`` photos are read
by a thread of this process instead (the GIL held in OCR's C calls), the reason for the
reading process. First a Vietnamese and a Chinese card are read and saved apart
(``first_cards_max_stall_ms``): what a process loads once, above all the pinyin
dictionary when the first Hanzi name is saved (about a second of held GIL, once).

Run alone: ``python -m bench.card_review_bench [--cards N]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.timing import emit, log, percentile

OUT = Path(__file__).resolve().parent / "out"
CARDS = 50
SEED = 23
GOAL_MS = 100.0
BEAT_MS = 5
THREAD_CARDS = 10
FLOOR_S = 10.0


def photos(count: int) -> list[Path]:
    """``count`` card photos, made once and kept in ``bench/out/card_review_<count>``."""
    from bench.card_photos import make_photos

    folder = OUT / f"card_review_{count}"
    made = sorted(folder.glob("card-*.jpg")) if folder.is_dir() else []
    if len(made) != count:
        shutil.rmtree(folder, ignore_errors=True)
        log(f"card_review_stall: drawing {count} card photos")
        made = [path for path, _truth in make_photos(folder, count, seed=SEED)]
    return made


class Heartbeat:
    """A GUI-thread timer noting the longest gap between its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def run_until(self, done: Callable[[], bool], limit_s: float) -> dict[str, float]:
        """Spin the event loop until ``done()``; the longest gap, the 99th percentile and
        the gaps over 100 ms."""
        from PySide6.QtWidgets import QApplication

        self._last = time.perf_counter()
        self.timer.start()
        deadline = time.perf_counter() + limit_s
        while not done() and time.perf_counter() < deadline:
            QApplication.processEvents()
            time.sleep(0.001)
        self.timer.stop()
        gaps = self.gaps or [0.0]
        return {
            "max": round(max(gaps), 1),
            "p99": round(percentile(gaps, 0.99), 1),
            "over_100": sum(1 for g in gaps if g > GOAL_MS),
        }


def _context(folder: Path) -> Any:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack

    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.ui.bus import ChangeBus
    from smartgrowth_desktop.ui.context import AppContext
    from smartgrowth_desktop.ui.operations import Operations

    profile = Profile(folder / "profile")
    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    operations = Operations(lambda error: log(f"card_review_stall: worker error {error}"))
    return AppContext(profile, operations, ChangeBus(), settings, QUndoStack(), None)


def idle_ms(seconds: float) -> dict[str, float]:
    """The heartbeat with nothing else running: the machine's own noise."""
    end = time.perf_counter() + seconds
    return Heartbeat().run_until(lambda: time.perf_counter() > end, seconds + 5)


def thread_ms(ctx: Any, batch: list[Path], limit_s: float) -> dict[str, float]:
    """The stall while a thread of this process reads the batch (no screen)."""
    from smartgrowth_desktop.services.card_review import read_for_review

    finished = threading.Event()

    def read_all() -> None:
        for photo in batch:
            read_for_review(ctx.profile, photo)
        finished.set()

    threading.Thread(target=read_all, daemon=True).start()
    return Heartbeat().run_until(finished.is_set, limit_s)


def screen_ms(ctx: Any, batch: list[Path], limit_s: float) -> tuple[dict[str, float], float, str]:
    """The stall while the review screen reads the batch and every card is saved."""
    from PySide6.QtCore import QTimer

    from smartgrowth_desktop.ui.card_review import CardReviewDialog

    dialog = CardReviewDialog(ctx, batch)
    dialog.resize(1326, 708)
    dialog.show()
    user = QTimer()
    user.setInterval(50)  # a quick delegate: Save as soon as the card can be saved
    user.timeout.connect(lambda: dialog.save.click() if dialog.save.isEnabled() else None)
    user.start()
    start = time.perf_counter()

    def done() -> bool:
        return dialog.state.text().startswith("Done")

    stall = Heartbeat().run_until(done, limit_s)
    user.stop()
    summary = dialog.summary()
    dialog.reject()
    return stall, time.perf_counter() - start, summary


def run(cards: int = CARDS) -> list[dict[str, Any]]:
    """The ``card_review_stall`` figure."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    batch = photos(cards)
    limit = 30.0 * cards
    with tempfile.TemporaryDirectory(prefix="card-review-bench-") as folder:
        ctx = _context(Path(folder))
        try:
            # once per process, the first cards load what stays loaded (the pinyin and
            # collation tables, Qt's image plugins): measured apart
            log("card_review_stall: warming up on two photos (a Vietnamese, a Chinese card)")
            first, _s, _summary = screen_ms(ctx, batch[:2], limit)
            log(f"card_review_stall: floor, the heartbeat alone for {FLOOR_S:g} s")
            floor = idle_ms(FLOOR_S)
            log(f"card_review_stall: the review screen on {cards} photos, saving each")
            stall, screen_s, summary = screen_ms(ctx, batch, limit)
            log(f"card_review_stall: {THREAD_CARDS} photos read by a thread instead")
            threaded = thread_ms(ctx, batch[:THREAD_CARDS], limit)
        finally:
            ctx.operations.shutdown()
            ctx.profile.close()
    del app
    return [
        {
            "bench": "card_review_stall",
            "cards": cards,
            "max_stall_ms": stall["max"],
            "p99_gap_ms": stall["p99"],
            "gaps_over_100_ms": stall["over_100"],
            "floor_max_stall_ms": floor["max"],
            "floor_p99_gap_ms": floor["p99"],
            "ratio": round(stall["max"] / floor["max"], 2) if floor["max"] else None,
            "goal_ms": GOAL_MS,
            "first_cards_max_stall_ms": first["max"],
            "thread_reader_max_stall_ms": threaded["max"],
            "thread_reader_gaps_over_100_ms": threaded["over_100"],
            "screen_s": round(screen_s, 1),
            "seconds_per_card": round(screen_s / cards, 2),
            "summary": summary,
        }
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.card_review_bench", description=__doc__)
    parser.add_argument("--cards", type=int, default=CARDS)
    args = parser.parse_args(argv)
    for figure in run(args.cards):
        emit(figure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
