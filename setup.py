"""Setuptools hook (the project is described in pyproject.toml).

``resources/`` (fonts with their licences, icons, licence texts) lives at the root of the
source tree, where the PyInstaller spec and the docs expect it. A wheel, the thing
``pip install .`` installs, must carry it too: it goes in as
``smartgrowth_desktop/resources/``, where ``smartgrowth_desktop/shipped.py`` looks first.
Editable installs read it from the source tree and need no copy.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildWithResources(build_py):
    """``build_py`` that also copies ``resources/`` into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or not RESOURCES.is_dir():
            return
        target = Path(self.build_lib) / "smartgrowth_desktop" / "resources"
        shutil.copytree(RESOURCES, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
