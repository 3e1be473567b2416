"""Where the files that ship with the app are, in every layout it runs from.

``resources/`` (fonts with their licences, icons) sits at the root of the source tree,
inside the package once installed from a wheel (``pip install .`` copies it there), and
at the top of a PyInstaller bundle (``sys._MEIPASS``). No Qt here: the reports use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES_ENV = "SMARTGROWTH_RESOURCES"
PACKAGE_DIR = Path(__file__).resolve().parent


def is_bundled() -> bool:
    """True inside a PyInstaller bundle (the installed app), False from Python."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resource_candidates() -> list[Path]:
    """The folders that may hold ``resources/``, most specific first."""
    from_env = os.environ.get(RESOURCES_ENV)
    if from_env:
        return [Path(from_env).expanduser()]
    found = [PACKAGE_DIR / "resources", PACKAGE_DIR.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.insert(0, Path(bundle) / "resources")
    return found


def find_resources(holding: str = "fonts") -> Path | None:
    """The first candidate folder that holds the sub-folder ``holding``, or None."""
    for folder in resource_candidates():
        if (folder / holding).is_dir():
            return folder
    return None


def resource_path(*parts: str) -> Path | None:
    """A shipped file, e.g. ``resource_path("icons", "smartgrowth.svg")``; None if absent."""
    folder = find_resources(parts[0])
    if folder is None:
        return None
    path = folder.joinpath(*parts)
    return path if path.exists() else None
