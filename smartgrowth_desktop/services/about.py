"""What the About dialog tells: the version and the licences of what the app ships.

No Qt here (the dialog adds Qt's own version numbers); the licence texts are read from
``resources/`` so the installed app shows exactly the files it carries.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

from smartgrowth_desktop import __version__, shipped

APP_TITLE = "SmartGrowth Field Desk"

QT_NOTICE = (
    "SmartGrowth Field Desk uses Qt 6 (The Qt Company Ltd and other contributors) and "
    "Qt for Python (PySide6 and shiboken6) under the GNU Lesser General Public License "
    "version 3 (LGPL-3.0). They are unmodified and dynamically linked: their libraries are "
    "separate files in the app's folder, and you may replace them with your own builds of "
    "the same versions. Their source code is published by the Qt Project at "
    "https://code.qt.io and https://download.qt.io/official_releases/QtForPython/. "
    "The full texts of the LGPL-3.0 and of the GPL-3.0 it builds on follow."
)


@dataclass(frozen=True)
class Licence:
    """One shipped component's licence: who, under what, and the full text."""

    component: str
    licence: str
    text: str
    found: bool = True


#: (component, licence name, files in resources/ whose texts follow each other, notice)
_LICENCES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "Qt 6 and Qt for Python (PySide6)",
        "LGPL-3.0",
        ("licences/LGPL-3.0.txt", "licences/GPL-3.0.txt"),
        QT_NOTICE,
    ),
    ("Noto Sans (font)", "SIL Open Font License 1.1", ("fonts/OFL.txt",), ""),
    ("WenQuanYi Micro Hei (font)", "Apache-2.0", ("fonts/LICENSE-wqy-microhei.txt",), ""),
)


def version_line() -> str:
    """``SmartGrowth Field Desk 0.1.0``: the line ``--version`` and About both print."""
    return f"{APP_TITLE} {__version__}"


def python_version() -> str:
    """The Python the app runs on (bundled or not)."""
    return f"Python {platform.python_version()}"


def licences() -> list[Licence]:
    """Every shipped licence, with its full text (or a note that the file is missing)."""
    found: list[Licence] = []
    for component, name, files, notice in _LICENCES:
        parts = [notice] if notice else []
        missing = False
        for relative in files:
            path = shipped.resource_path(*relative.split("/"))
            if path is None:
                missing = True
                parts.append(f"(the file resources/{relative} is missing from this installation)")
            else:
                parts.append(path.read_text(encoding="utf-8"))
        found.append(Licence(component, name, "\n\n".join(parts), not missing))
    return found
