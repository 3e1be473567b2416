"""What a developer reads and runs says the truth (#16): make targets, licence metadata,
the README's commands and shortcuts, the screenshot tools' output folder."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_phony_make_target_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M)
    assert phony is not None
    defined = set(re.findall(r"^([A-Za-z][\w.-]*):", makefile, re.M))
    assert set(phony.group(1).split()) - defined == set()


def test_the_licence_is_an_spdx_expression() -> None:
    """A TOML table licence makes setuptools warn on every install (make run)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str)
    assert "setuptools>=77" in project["build-system"]["requires"]  # SPDX support


def test_the_readme_says_where_the_commands_are_and_the_page_keys() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`.venv/bin/smartgrowth --data-dir DIR`" in readme
    assert "Alt+1…9" in readme
    assert "tools.screenshots\n--out DIR" in readme or "tools.screenshots --out" in readme


def test_the_screenshot_tools_write_where_they_are_told() -> None:
    """Never over the tracked docs/screenshots/ unless --out names it."""
    for tool in ("screenshots.py", "pack_screenshots.py"):
        source = (ROOT / "tools" / tool).read_text(encoding="utf-8")
        assert '"--out"' in source and "mkdtemp(" in source
        assert "default=DOCS" not in source and "default=OUT" not in source
