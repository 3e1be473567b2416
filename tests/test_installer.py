"""Guards on the installer files: what CI cannot build here must at least stay consistent."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from smartgrowth_desktop import __version__

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"


def _qt_modules_used() -> set[str]:
    used: set[str] = set()
    for path in (ROOT / "smartgrowth_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            used.update(n for n in names if n.startswith("PySide6.Qt"))
    return used


def test_the_spec_excludes_no_qt_module_the_app_imports() -> None:
    spec = (INSTALLER / "smartgrowth.spec").read_text(encoding="utf-8")
    block = re.search(r"QT_UNUSED = \[(.*?)\n\]", spec, re.S)
    assert block is not None
    excluded = {f"PySide6.{name}" for name in re.findall(r"\bQt\w+", block.group(1))}
    assert excluded, "the spec's list of unused Qt modules was not found"
    used = _qt_modules_used()
    assert {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"} <= used
    assert used & excluded == set(), "a Qt module the app imports is left out of the bundle"


def test_the_version_is_written_once() -> None:
    printed = subprocess.run(
        [sys.executable, str(INSTALLER / "version.py")], capture_output=True, text=True
    )
    assert printed.stdout.strip() == __version__
    for path in [INSTALLER / "windows" / "smartgrowth.iss", INSTALLER / "smartgrowth.spec"]:
        text = path.read_text(encoding="utf-8")
        assert __version__ not in re.sub(r"(?m)^\s*[;#].*$", "", text), f"{path.name} repeats it"


def test_windows_installer_is_per_user_and_keeps_the_data_by_default() -> None:
    iss = (INSTALLER / "windows" / "smartgrowth.iss").read_text(encoding="utf-8")
    assert "#error" in iss and "#ifndef AppVersion" in iss
    assert re.search(r"(?m)^PrivilegesRequired=lowest$", iss)
    assert "{autoprograms}" in iss  # the Start-menu entry
    question = iss[iss.index("procedure CurUninstallStepChanged") :]
    assert "UninstallSilent" in question and "MB_DEFBUTTON2" in question  # "No" by default


def test_linux_menu_entry() -> None:
    entry = (INSTALLER / "linux" / "smartgrowth.desktop").read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines()[1:] if "=" in line)
    assert entry.startswith("[Desktop Entry]\n")
    assert fields["Type"] == "Application" and fields["Terminal"] == "false"
    assert fields["Exec"].startswith("@APPDIR@/smartgrowth ")
    assert fields["Icon"] == "smartgrowth-desk"
