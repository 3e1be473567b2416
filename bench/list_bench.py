"""The longest GUI-thread stall while a delegate filters and sorts the Contacts list.

On the 100,000-contact profile: 1-character filters typed (and cleared) in the list's
filter line, then clicks on the Organization, Phone and Name headers. A 5 ms heartbeat
timer on the GUI thread notes every gap; the longest gap is the stall. The floor is the
same script over a bare ``QTableView`` on an empty model, measured in the same run; each
is the median of three runs.

Each measure runs in a fresh subprocess (``python -m bench.list_bench``); ``--code DIR``
runs it against another checkout (the "before" figure of a change).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

FILTERS = "ntl"  # three 1-character filters, each typed then cleared
SORTS = (1, 1, 3, 0)  # Organization (ascending, descending), Phone, Name
GOAL_MS = 30
ROUNDS = 3

_SCRIPT = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget

app = QApplication([])
folder, bare = Path(sys.argv[1]), sys.argv[2] == "bare"
filters, sorts = sys.argv[3], [int(s) for s in sys.argv[4].split(",")]

if bare:
    window = QWidget()
    line, table = QLineEdit(), QTableView()
    model = QStandardItemModel(0, 7)
    model.setHorizontalHeaderLabels(["Name", "Organization", "Title", "Phone", "E-mail",
                                     "Tags", "Review by"])
    table.setModel(model)
    table.setSortingEnabled(True)
    layout = QVBoxLayout(window)
    layout.addWidget(line)
    layout.addWidget(table)
    idle = lambda: True
else:
    from smartgrowth_desktop.app import build_window, load_fonts
    load_fonts()
    window = build_window(folder)
    page = window.show_page("Contacts")
    line, table = page.filter_edit, page.table
    idle = lambda: window.ctx.operations.pending == 0
window.resize(1366, 768)
window.show()

def settle(least):
    end = time.perf_counter() + least
    deadline = time.perf_counter() + 60
    while time.perf_counter() < end or (not idle() and time.perf_counter() < deadline):
        app.processEvents()
        time.sleep(0.001)

settle(1.0)
gaps = {"typing": [], "sorting": []}
phase = ["typing"]
last = [time.perf_counter()]
def beat():
    now = time.perf_counter()
    gaps[phase[0]].append(now - last[0])
    last[0] = now
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(beat)
timer.start()
settle(0.2)
line.setFocus()
for char in filters:
    QTest.keyClick(line, char)
    settle(0.4)
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    settle(0.4)
phase[0] = "sorting"
last[0] = time.perf_counter()
header = table.horizontalHeader()
for column in sorts:
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    settle(0.4)
timer.stop()
rows = table.model().rowCount()
print(json.dumps({name: max(values[1:]) * 1000 for name, values in gaps.items()} | {"rows": rows}))
"""


def _measure(profile_dir: Path, mode: str, code: Path | None) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(profile_dir), mode, FILTERS,
         ",".join(map(str, SORTS))],
        capture_output=True, text=True, env=env, timeout=900, cwd=code or None,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(profile_dir: Path, code: Path | None = None, label: str = "now") -> list[dict[str, Any]]:
    """The ``list_filter_sort_stall`` figure: the app's stalls beside the bare floor, the
    median of ``ROUNDS`` runs of each (interleaved, so a busy machine hits both alike)."""
    floors, apps = [], []
    for _ in range(ROUNDS):
        floors.append(_measure(profile_dir, "bare", code))
        apps.append(_measure(profile_dir, "app", code))

    def median(runs: list[dict[str, Any]], phase: str) -> float:
        return round(statistics.median(r[phase] for r in runs), 1)

    return [
        {
            "bench": "list_filter_sort_stall",
            "code": label,
            "typing_max_stall_ms": median(apps, "typing"),
            "sorting_max_stall_ms": median(apps, "sorting"),
            "floor_typing_ms": median(floors, "typing"),
            "floor_sorting_ms": median(floors, "sorting"),
            "goal_ms": GOAL_MS,
            "typing_runs_ms": [round(r["typing"], 1) for r in apps],
            "sorting_runs_ms": [round(r["sorting"], 1) for r in apps],
            "rows_shown": apps[0]["rows"],
            "filters": list(FILTERS),
            "sorted_columns": list(SORTS),
        }
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.list_bench", description=__doc__)
    parser.add_argument("profile", type=Path, help="the bench profile (bench/out/scale1)")
    parser.add_argument("--code", type=Path, help="run another checkout's code")
    parser.add_argument("--label", default="now", help="what the figure is called")
    args = parser.parse_args()
    for figure in run(args.profile.resolve(), args.code, args.label):
        print(json.dumps(figure), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
