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


def test_closing_while_the_daily_backup_runs_lets_it_finish(tmp_path: Path) -> None:
    """The smoke test quits as soon as the window works; the day's backup, started with
    it, is still writing 60 MB of files that do not compress. The process waits for it
    once the window is gone: the backup is there, whole, and nothing failed."""
    import zipfile

    from smartgrowth_desktop.core.backup import list_backups
    from smartgrowth_desktop.services.attachments import AttachmentService
    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.services.records import RecordService

    folder = tmp_path / "p"
    with Profile(folder) as profile:
        owner = RecordService(profile).create("contact", {"family_name": "Phạm"})
        files = AttachmentService(profile)
        for number in range(3):
            files.attach("contact", owner, os.urandom(20 * 2**20), f"scan{number}.pdf")
    done = _run("smartgrowth_desktop.app", "--smoke-test", "--data-dir", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "backup failed" not in done.stderr, done.stderr
    (daily,) = [b for b in list_backups(folder) if b.reason == "daily"]
    with zipfile.ZipFile(daily.path) as archive:
        assert archive.testzip() is None
        assert sum(1 for name in archive.namelist() if name.startswith("attachments/")) == 3
    assert not list((folder / "backups").glob(".work-*"))
