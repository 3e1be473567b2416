"""Schemathesis against the OpenAPI document the server serves: no input gives a 5xx."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smartgrowth_desktop.server.storage import Storage
from tests.server.support import ServerProcess, new_team

MAX_EXAMPLES = 10


@pytest.mark.slow
def test_no_generated_request_gets_a_server_error(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    token = new_team(storage, "fuzz").tokens["fuzz"]
    runner = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert runner is not None, "schemathesis is installed with the dev extra"
    done = subprocess.run(
        [
            runner, "run", f"{server.url}/openapi.json",
            "--checks", "not_a_server_error",
            "--phases", "coverage,fuzzing",
            "--max-examples", str(MAX_EXAMPLES),
            "--workers", "2",
            "--seed", "20261128",
            "--request-timeout", "20",
            "-H", f"Authorization: Bearer {token}",
        ],
        capture_output=True, text=True, timeout=240, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout.split("SUMMARY")[-1]
