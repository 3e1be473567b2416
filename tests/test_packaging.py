"""A wheel (what ``pip install .`` installs) carries resources/ and the migrations."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_a_wheel_runs_the_selftest_with_its_own_resources(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("smartgrowth_desktop-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(site)
    for shipped in (
        "smartgrowth_desktop/resources/fonts/wqy-microhei.ttc",
        "smartgrowth_desktop/resources/fonts/OFL.txt",
        "smartgrowth_desktop/resources/licences/LGPL-3.0.txt",
        "smartgrowth_desktop/resources/icons/smartgrowth.svg",
        "smartgrowth_desktop/core/migrations/versions/0001_initial.py",
    ):
        assert shipped in names
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("SMARTGROWTH_RESOURCES", None)
    done = subprocess.run(
        [sys.executable, "-m", "smartgrowth_desktop", "selftest", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f'"resources": "{site / "smartgrowth_desktop" / "resources"}"' in done.stdout
