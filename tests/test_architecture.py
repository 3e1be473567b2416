"""The layers: the core and its siblings never import Qt; arrows point down."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "smartgrowth_desktop"
QT_FREE = ("core", "sync", "reports", "exchange", "server", "services")
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "smartgrowth_desktop.ui")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", QT_FREE)
def test_layer_does_not_import_qt_or_the_ui(layer: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / layer).rglob("*.py")
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    ]
    assert offenders == []


def test_core_does_not_import_services_or_faces() -> None:
    upward = ("smartgrowth_desktop.services", "smartgrowth_desktop.cli", "smartgrowth_desktop.app")
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / "core").rglob("*.py")
        for name in _imports(path)
        if name.startswith(upward)
    ]
    assert offenders == []


def test_the_server_stands_alone() -> None:
    """The sync server never reaches into the app's services, faces or UI (it only relays)."""
    upward = (
        "smartgrowth_desktop.services",
        "smartgrowth_desktop.ui",
        "smartgrowth_desktop.cli",
        "smartgrowth_desktop.app",
        "smartgrowth_desktop.core",
        "smartgrowth_desktop.sync",
    )
    shared = "smartgrowth_desktop.sync.bounded_json"  # stdlib only; both ends parse with it
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / "server").rglob("*.py")
        for name in _imports(path)
        if name.startswith(upward) and name != shared
    ]
    assert offenders == []
    assert [n for n in _imports(PACKAGE / "sync" / "bounded_json.py") if "smartgrowth" in n] == []
