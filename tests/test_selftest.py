"""``smartgrowth-cli selftest``: every step passes here, and a broken install fails loudly."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from smartgrowth_desktop import __version__
from smartgrowth_desktop.services.selftest import SelfTest, SelfTestFailure, check_pdf

STEPS = 8


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smartgrowth_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_selftest_passes_every_step_and_leaves_the_user_profile_alone(tmp_path: Path) -> None:
    untouched = tmp_path / "user-profile"
    done = _cli("selftest", env={"SMARTGROWTH_DATA_DIR": str(untouched)})
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == STEPS
    assert all(line.startswith("PASS ") and line.endswith(" ms)") for line in lines)
    assert "PASS search vietnamese" in done.stdout
    assert not untouched.exists()


def test_selftest_json_and_a_broken_installation(tmp_path: Path) -> None:
    empty = tmp_path / "no-resources"
    empty.mkdir()
    done = _cli("selftest", "--json", env={"SMARTGROWTH_RESOURCES": str(empty)})
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["version"] == __version__ and report["ok"] is False
    by_name = {step["step"]: step for step in report["steps"]}
    assert "shipped fonts are missing" in by_name["pack with shipped fonts"]["reason"]
    assert by_name["sync two profiles"]["ok"] is True  # one broken step does not hide others


def test_a_failed_step_names_itself_and_the_dependent_steps_do_not_run(tmp_path: Path) -> None:
    seen: list[str] = []
    test = SelfTest(on_step=lambda step: seen.append(step.line()))

    def broken(_state: object) -> None:
        raise SelfTestFailure("the disk is on fire")

    test.step_write = broken  # type: ignore[method-assign]
    report = test.run(keep=tmp_path / "work")
    assert not report.ok
    assert seen[1] == "FAIL write records: the disk is on fire"
    assert seen[2] == "FAIL search vietnamese: not run (write records failed)"
    assert (tmp_path / "work" / "profile-a").is_dir()  # --keep leaves the work in place


def test_a_pdf_without_the_shipped_fonts_fails_the_check() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setCreator(f"SmartGrowth Field Desk {__version__}")
    canvas.drawString(72, 720, "Helvetica is not embedded")
    canvas.save()
    with pytest.raises(SelfTestFailure, match=r"not in the PDF|not shipped"):
        check_pdf(buffer.getvalue())
