"""``smartgrowth-cli`` starts like a command: ``--version`` and ``--help`` load no library
of the app's work, and neither a search nor a sync with nothing new loads any of them
either: they read the profile with ``sqlite3`` alone (``core/plain.py``), no SQLAlchemy,
no ``cryptography``, no Qt. Each guard runs the real entry point in a fresh interpreter.
The parser names every command from a table and lets a command's module add its options
when that command is used: the table says what the modules say, and each command's
``--help`` is the same as with every parser filled up front."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

from smartgrowth_desktop.cli import COMMANDS, build_parser
from smartgrowth_desktop.cli.lazy import CommandParser
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService

#: libraries that cost tens to hundreds of milliseconds to import
HEAVY = ("sqlalchemy", "alembic", "PySide6", "reportlab", "PIL", "phonenumbers", "cryptography",
         "pypinyin", "pyuca", "httpx", "vobject", "icalendar", "openpyxl", "keyring")  # fmt: skip
#: what only writing needs (a read goes through SQL), by full module name
WRITING = ("sqlalchemy.orm", "smartgrowth_desktop.core.models", "smartgrowth_desktop.core.writer",
           "smartgrowth_desktop.core.merge", "smartgrowth_desktop.core.db",
           "smartgrowth_desktop.sync.engine")  # fmt: skip

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


def test_a_search_loads_nothing_heavy(tmp_path: Path) -> None:
    with Profile(tmp_path / "p") as profile:
        RecordService(profile).create("meeting", {"title": "Pilot in Đà Nẵng"})
    status, modules, output = _loaded("--data-dir", str(tmp_path / "p"), "search", "da nang")
    assert status == 0 and "Pilot in Đà Nẵng" in output
    assert sorted(modules & set(HEAVY)) == []
    assert sorted(modules & set(WRITING)) == []


def test_a_sync_with_nothing_new_loads_nothing_heavy(tmp_path: Path) -> None:
    with Profile(tmp_path / "p") as profile:
        RecordService(profile).create("meeting", {"title": "Pilot in Đà Nẵng"})
    (tmp_path / "share").mkdir()
    sync = ("--data-dir", str(tmp_path / "p"), "sync", "--folder", str(tmp_path / "share"))
    assert _loaded(*sync)[0] == 0  # sends the meeting
    status, modules, output = _loaded(*sync)
    assert status == 0 and "sent 0 changeset(s), received 0" in output
    assert sorted(modules & set(HEAVY)) == []
    assert sorted(modules & set(WRITING)) == []


def _registered() -> list[tuple[str, str, str]]:
    """(name, module, help) of every command, as the modules register them."""
    found: list[tuple[str, str, str]] = []
    for group in dict.fromkeys(group for _name, group, _help in COMMANDS):

        def command(name: str, _handler: object, text: str, group: str = group) -> Any:
            found.append((name, group, text))
            return argparse.ArgumentParser()

        import_module(f"smartgrowth_desktop.cli.{group}").register(command)
    return found


def test_the_command_table_says_what_the_modules_register() -> None:
    assert list(COMMANDS) == _registered()


def _help(parser: argparse.ArgumentParser, argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parser.parse_args(argv)
    return out.getvalue()


def test_every_commands_help_is_the_same_filled_late_or_up_front() -> None:
    eager = build_parser()
    commands = next(a for a in eager._actions if isinstance(a, argparse._SubParsersAction))
    for name, _group, _text in COMMANDS:
        parser = commands.choices[name]
        assert isinstance(parser, CommandParser)
        parser.fill()
    for name, _group, text in COMMANDS:
        usage = _help(build_parser(), [name, "--help"])
        assert usage == _help(eager, [name, "--help"])
        assert text.split()[0] in usage
    assert _help(build_parser(), ["conflicts", "resolve", "--help"]).count("--keep") == 2
