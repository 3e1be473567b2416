"""Print the app's version, read from smartgrowth_desktop/__init__.py (the one place).

Used by make (tarball name, Inno Setup define, DMG name): reads the file without
importing the package, so it works before anything is installed.
"""

import ast
import sys
from pathlib import Path

INIT = Path(__file__).resolve().parents[1] / "smartgrowth_desktop" / "__init__.py"


def version() -> str:
    """The value assigned to ``__version__``."""
    for node in ast.parse(INIT.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
        ):
            return str(ast.literal_eval(node.value))
    raise SystemExit(f"no __version__ in {INIT}")


if __name__ == "__main__":
    sys.stdout.write(version() + "\n")
