"""Shared fixtures: a fresh profile in a temporary folder, and the CLI as a subprocess.

Hypothesis runs under a profile: ``ci`` by default (derandomized, no example database:
the same examples on every run and every machine, so ``make test`` cannot fail at
random), ``soak`` with ``HYPOTHESIS_PROFILE=soak`` (``make soak``: random, far more
examples, failures saved in ``.hypothesis/`` and replayed first on the next run).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from smartgrowth_desktop.services.profile import Profile

#: how many times more examples each property test tries in a soak than in CI
SOAK_FACTOR = 20
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile(
    "soak",
    derandomize=False,
    max_examples=2000,  # for a test that does not set its own count (see ``examples``)
    deadline=None,
    print_blob=True,
    database=DirectoryBasedExampleDatabase(
        str(Path(__file__).resolve().parent.parent / ".hypothesis" / "examples")
    ),
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def examples(count: int) -> int:
    """A property test's ``max_examples``: ``count`` in CI, ``SOAK_FACTOR`` times more in a
    soak (a count set in ``@settings`` overrides the profile's, so scale it here)."""
    return count * SOAK_FACTOR if PROFILE == "soak" else count


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
