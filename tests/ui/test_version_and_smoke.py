"""One version everywhere (--version of both apps, the PDF, About) and the window smoke test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from smartgrowth_desktop import __version__
from smartgrowth_desktop.services.selftest import SelfTest
from smartgrowth_desktop.ui.about import AboutDialog
from smartgrowth_desktop.ui.main_window import MainWindow


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_version_agrees_in_both_apps_the_pdf_and_about(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    cli = _run("smartgrowth_desktop", "--version")
    gui = _run("smartgrowth_desktop.app", "--version")
    assert cli.stdout.split() == ["smartgrowth-cli", __version__]
    assert gui.stdout.split() == ["smartgrowth", __version__]

    assert SelfTest().run(keep=tmp_path / "selftest").ok
    meta = PdfReader(tmp_path / "selftest" / "brief.pdf").metadata
    assert meta is not None
    assert meta.creator == f"SmartGrowth Field Desk {__version__}"
    assert (meta.producer or "").startswith(f"SmartGrowth Field Desk {__version__} (ReportLab")

    dialog = window.commands.about()
    assert isinstance(dialog, AboutDialog)
    assert f"Version {__version__}<" in dialog.version_label.text()
    dialog.close()


def test_smoke_test_shows_the_window_and_closes_it_with_exit_0(tmp_path: Path) -> None:
    done = _run("smartgrowth_desktop.app", "--smoke-test", "--data-dir", str(tmp_path / "p"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("smoke test: PASS window shown in")
    assert (tmp_path / "p" / "profile.sqlite3").exists()
