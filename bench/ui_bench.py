"""Desktop figures: start-up against a bare PySide6 window, the longest GUI stall while
typing into global search, and memory after scrolling the whole contacts list (both
against a bare window typed into the same way).

Each start-up runs in a fresh subprocess (imports included), like a user's double-click.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

STARTS = 7

# Every start prints when its window was on screen: seconds since its own first line
# ("in process") and the wall clock, from which the launcher takes the time since launch
# (interpreter start included, as after a double-click).
_BARE = """
import json, time, sys
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
window = QMainWindow(); window.setCentralWidget(QLabel("bare")); window.resize(1366, 768)
window.show(); app.processEvents()
print(json.dumps({"first": time.perf_counter() - t0, "first_at": time.time()}))
"""

# The same bare window after importing what every start of ours must import: the
# SQLAlchemy ORM and the record models (the floor this stack can reach).
_STACK = _BARE.replace(
    "app = QApplication([])\n",
    "app = QApplication([])\nimport sqlalchemy.orm\nimport smartgrowth_desktop.core.models\n",
)
assert _STACK != _BARE

# The app started as ``smartgrowth`` starts it: the window drawn from a glance at the
# profile, the profile opened behind it. "first" is the window on screen with Today read;
# "ready" is every page and command working.
_APP = """
import json, time, sys
t0 = time.perf_counter()
from pathlib import Path
from smartgrowth_desktop.app import load_fonts, look_first, open_window
look = look_first(Path(sys.argv[1]))  # as main() does: before Qt is loaded
from PySide6.QtWidgets import QApplication
app = QApplication([])
load_fonts()
window = open_window(Path(sys.argv[1]), lambda error: sys.exit(repr(error)), look)
window.resize(1366, 768); window.show(); app.processEvents()
first, first_at = time.perf_counter() - t0, time.time()
from PySide6.QtWidgets import QWidget
today_drawn = window.stack.widget(0).findChild(QWidget, "today-view") is not None
while not window.is_ready:
    app.processEvents(); time.sleep(0.001)
window.ctx.operations.wait(); app.processEvents()
print(json.dumps({"first": first, "first_at": first_at, "ready": time.perf_counter() - t0,
                  "today": today_drawn}))
"""

_STALL = """
import json, resource, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from smartgrowth_desktop.app import build_window, load_fonts
app = QApplication([])
load_fonts()
window = build_window(Path(sys.argv[1]))
window.resize(1366, 768); window.show()
for _ in range(20): app.processEvents()
window.ctx.operations.wait(); app.processEvents()
gaps = []
last = [time.perf_counter()]
def beat():
    now = time.perf_counter(); gaps.append(now - last[0]); last[0] = now
timer = QTimer(); timer.setInterval(5); timer.timeout.connect(beat); timer.start()
window.search_popup.open_fresh()
for char in "nguyen thi":
    QTest.keyClick(window.search_popup.query, char)
    end = time.perf_counter() + 0.08
    while time.perf_counter() < end: app.processEvents()
window.ctx.operations.wait()
end = time.perf_counter() + 0.3
while time.perf_counter() < end: app.processEvents()
timer.stop()
results = window.search_popup.results.count()
window.search_popup.hide()
page = window.show_page("Contacts")
start = time.perf_counter()
while True:  # the pages come from the worker: ask for the next as each one arrives
    window.ctx.operations.wait()
    if not page.model.canFetchMore():
        break
    page.model.fetchMore()
scroll_s = time.perf_counter() - start
page.table.scrollToBottom(); app.processEvents()
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec, so a child started by a
# big benchmark process would report its parent's peak.
try:
    hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    rss = int(hwm.split()[1]) / 1024
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"max_stall_ms": max(gaps[1:]) * 1000, "results": results,
                  "rows": page.model.rowCount(), "scroll_s": scroll_s, "rss_mb": rss}))
"""

# The floor of the two figures above: a bare window with a line edit, typed into the same
# way with the same timer beating, nothing behind it; its peak memory is a bare PySide6
# process's.
_STALL_FLOOR = """
import json, resource, time
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
app = QApplication([])
window = QMainWindow(); line = QLineEdit(); window.setCentralWidget(line)
window.resize(1366, 768); window.show()
for _ in range(20): app.processEvents()
gaps = []
last = [time.perf_counter()]
def beat():
    now = time.perf_counter(); gaps.append(now - last[0]); last[0] = now
timer = QTimer(); timer.setInterval(5); timer.timeout.connect(beat); timer.start()
line.setFocus()
for char in "nguyen thi":
    QTest.keyClick(line, char)
    end = time.perf_counter() + 0.08
    while time.perf_counter() < end: app.processEvents()
end = time.perf_counter() + 0.3
while time.perf_counter() < end: app.processEvents()
timer.stop()
try:
    hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    rss = int(hwm.split()[1]) / 1024
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"max_stall_ms": max(gaps[1:]) * 1000, "rss_mb": rss}))
"""


def _run(code: str, *args: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout.strip().splitlines()[-1]


def _start(code: str, *args: str) -> tuple[float, float, dict[str, Any]]:
    """One start: seconds to the window in process, seconds since launch, the report."""
    launched = time.time()
    report = json.loads(_run(code, *args))
    return report["first"], report["first_at"] - launched, report


def _compile_bytecode() -> None:
    """Byte-compile the package first: an installed app or the bundle ships .pyc files,
    and a checkout run with PYTHONDONTWRITEBYTECODE would compile every module anew."""
    import compileall

    package = Path(__file__).resolve().parent.parent / "smartgrowth_desktop"
    compileall.compile_dir(str(package), quiet=1)


def run(profile_dir: Path) -> list[dict[str, Any]]:
    """Start-up ratio, search stall and memory on the profile in ``profile_dir``."""
    _compile_bytecode()
    bare, stack, first, ready, drawn = [], [], [], [], []
    bare_launch, first_launch = [], []
    for _ in range(STARTS):  # interleaved, so a change in machine load hits all three
        seconds, since_launch, _report = _start(_BARE)
        bare.append(seconds)
        bare_launch.append(since_launch)
        stack.append(_start(_STACK)[0])
        seconds, since_launch, report = _start(_APP, str(profile_dir))
        first.append(seconds)
        first_launch.append(since_launch)
        ready.append(report["ready"])
        drawn.append(report["today"])
    bare_s, stack_s, first_s, ready_s, bare_l, first_l = (
        statistics.median(x) for x in (bare, stack, first, ready, bare_launch, first_launch)
    )
    stall = json.loads(_run(_STALL, str(profile_dir)))
    floor = json.loads(_run(_STALL_FLOOR))
    return [
        {
            "bench": "startup",
            "app_first_frame_s": round(first_s, 3),
            "app_ready_s": round(ready_s, 3),
            "today_drawn_in_first_frame": all(drawn),
            "bare_pyside6_s": round(bare_s, 3),
            "ratio": round(first_s / bare_s, 2),
            "ready_ratio": round(ready_s / bare_s, 2),
            # the fastest of the runs: least disturbed by a busy or virtual machine
            "app_first_frame_fastest_s": round(min(first), 3),
            "bare_fastest_s": round(min(bare), 3),
            "ratio_fastest": round(min(first) / min(bare), 2),
            "app_first_frame_since_launch_s": round(first_l, 3),
            "bare_since_launch_s": round(bare_l, 3),
            "ratio_since_launch": round(first_l / bare_l, 2),
            "budget_ratio": 2.2,
            "bare_with_sqlalchemy_orm_s": round(stack_s, 3),
            "stack_floor_ratio": round(stack_s / bare_s, 2),
            # every page and command working, against that stack's floor
            "ready_stack_ratio": round(ready_s / stack_s, 2),
            "ready_budget_ratio": 1.3,
            "runs": STARTS,
        },
        {
            "bench": "search_typing_stall",
            "max_stall_ms": round(stall["max_stall_ms"], 1),
            "floor_max_stall_ms": round(floor["max_stall_ms"], 1),
            "ratio": round(stall["max_stall_ms"] / floor["max_stall_ms"], 2),
            "budget_ms": 100,
            "query": "nguyen thi",
            "results": stall["results"],
        },
        {
            "bench": "contacts_scroll_memory",
            "rows": stall["rows"],
            "fetch_all_s": round(stall["scroll_s"], 2),
            "peak_rss_mb": round(stall["rss_mb"], 1),
            "floor_bare_window_rss_mb": round(floor["rss_mb"], 1),
            "ratio": round(stall["rss_mb"] / floor["rss_mb"], 2),
            "budget_mb": 300,
        },
    ]
