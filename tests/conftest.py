"""Shared fixtures: a fresh profile in a temporary folder, and the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from smartgrowth_desktop.services.profile import Profile


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    """An empty profile in a temporary folder."""
    with Profile(tmp_path / "profile") as opened:
        yield opened


@pytest.fixture(scope="session")
def demo_profile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profile folder holding the demo programme (read-only use, shared by tests)."""
    folder = tmp_path_factory.mktemp("demo") / "profile"
    from smartgrowth_desktop.services.demo import DemoService

    with Profile(folder) as opened:
        DemoService(opened).load_programme()
    return folder


def run_cli(
    *args: str, data_dir: Path | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """Run ``smartgrowth-cli`` in a real subprocess."""
    command = [sys.executable, "-m", "smartgrowth_desktop"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=120, env=env, **kwargs
    )
