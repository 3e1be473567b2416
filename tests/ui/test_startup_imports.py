"""Start-up stays quick: the window opens without the libraries only some commands need.

Each of these costs 30–300 ms to import on a 2-core laptop (reportlab and Pillow for PDF
packs, httpx for the sync server, vobject and icalendar for contacts and calendars,
openpyxl for spreadsheets, keyring); they are imported when their command is used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ON_DEMAND = ("reportlab", "PIL", "httpx", "vobject", "icalendar", "openpyxl", "keyring",
             "segno", "pypinyin")  # fmt: skip

_OPEN_WINDOW = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from smartgrowth_desktop.app import build_window, load_fonts
app = QApplication([])
load_fonts()
window = build_window(Path(sys.argv[1]))
window.resize(1366, 768)
window.show()
for _ in range(10):
    app.processEvents()
window.ctx.operations.wait()
app.processEvents()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_window_opens_without_on_demand_libraries(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _OPEN_WINDOW, str(tmp_path / "profile")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert sorted(loaded & set(ON_DEMAND)) == []
