"""The release workflow: well-formed, and every script it runs is in the repository.

Its Windows and macOS jobs cannot run here (installer/README.md); this keeps them from
pointing at scripts that were renamed or removed.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def test_the_release_workflow_builds_and_checks_each_platform() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert {"linux", "windows", "macos", "publish"} <= set(jobs)
    assert set(jobs["publish"]["needs"]) == {"linux", "windows", "macos"}
    scripts = " ".join(str(step.get("run", "")) for job in jobs.values() for step in job["steps"])
    assert "make dist-check" in scripts
    for called in re.findall(r"installer[\\/][\w\\/.-]+\.(?:sh|cmd|ps1)", scripts):
        assert (ROOT / called.replace("\\", "/")).is_file(), called
    assert "check-installed.ps1" in scripts and "check-dmg.sh" in scripts
