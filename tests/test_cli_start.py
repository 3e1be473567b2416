"""``smartgrowth-cli`` starts like a command: ``--version`` and ``--help`` load no library
of the app's work, a search loads none of what only writing, signing, printing or the
window need, and neither a search nor a sync with nothing new loads the ORM, the models
or the writer (applying changes does). Each guard runs the real entry point in a fresh
interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService

#: libraries that cost tens to hundreds of milliseconds to import
HEAVY = ("sqlalchemy", "alembic", "PySide6", "reportlab", "PIL", "phonenumbers", "cryptography",
         "pypinyin", "pyuca", "httpx", "vobject", "icalendar", "openpyxl", "keyring")  # fmt: skip
#: what a search in an existing profile may not load (it reads: no signing, no PDF, no Qt)
NOT_FOR_SEARCH = ("alembic", "PySide6", "reportlab", "PIL", "phonenumbers", "cryptography",
                  "httpx", "vobject", "icalendar", "openpyxl", "keyring")  # fmt: skip
#: what only writing needs (a read goes through SQL), by full module name
WRITING = ("sqlalchemy.orm", "smartgrowth_desktop.core.models", "smartgrowth_desktop.core.writer",
           "smartgrowth_desktop.core.merge")  # fmt: skip

_RUN = """
import json, sys
from smartgrowth_desktop.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as stop:
    status = stop.code
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def _loaded(*args: str) -> tuple[int, set[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    *output, last = done.stdout.strip().splitlines()
    result = json.loads(last)
    modules = set(result["modules"]) | {m.split(".")[0] for m in result["modules"]}
    return int(result["status"] or 0), modules, "\n".join(output)


@pytest.mark.parametrize("option", ["--version", "--help"])
def test_version_and_help_load_nothing_heavy(option: str) -> None:
    status, modules, output = _loaded(option)
    assert status == 0
    assert sorted(modules & set(HEAVY)) == []
    assert output.startswith("smartgrowth-cli 0.") if option == "--version" else "sync" in output


def test_a_search_loads_only_what_reading_needs(tmp_path: Path) -> None:
    with Profile(tmp_path / "p") as profile:
        RecordService(profile).create("meeting", {"title": "Pilot in Đà Nẵng"})
    status, modules, output = _loaded("--data-dir", str(tmp_path / "p"), "search", "da nang")
    assert status == 0 and "Pilot in Đà Nẵng" in output
    assert sorted(modules & set(NOT_FOR_SEARCH)) == []
    assert sorted(modules & set(WRITING)) == []


def test_a_sync_with_nothing_new_loads_nothing_of_writing(tmp_path: Path) -> None:
    with Profile(tmp_path / "p") as profile:
        RecordService(profile).create("meeting", {"title": "Pilot in Đà Nẵng"})
    (tmp_path / "share").mkdir()
    sync = ("--data-dir", str(tmp_path / "p"), "sync", "--folder", str(tmp_path / "share"))
    assert _loaded(*sync)[0] == 0  # sends the meeting
    status, modules, output = _loaded(*sync)
    assert status == 0 and "sent 0 changeset(s), received 0" in output
    assert sorted(modules & set(WRITING)) == []
    assert sorted(modules & {"alembic", "PySide6", "reportlab", "PIL", "openpyxl"}) == []
