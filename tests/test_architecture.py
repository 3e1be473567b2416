"""The layers: the core and its siblings never import Qt; arrows point down."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "smartgrowth_desktop"
QT_FREE = ("core", "sync", "reports", "exchange", "server", "services", "capture")
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


def _offenders(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / layer).rglob("*.py")
        for name in _imports(path)
        if name.startswith(forbidden)
    ]


FACES = ("smartgrowth_desktop.cli", "smartgrowth_desktop.app")


def test_core_does_not_import_its_siblings_services_or_faces() -> None:
    upward = (
        *(f"smartgrowth_desktop.{layer}" for layer in ("exchange", "reports", "sync", "services")),
        *FACES,
    )
    assert _offenders("core", upward) == []


@pytest.mark.parametrize("layer", ("exchange", "reports", "sync", "capture"))
def test_siblings_of_core_do_not_import_services_or_faces(layer: str) -> None:
    """exchange, reports, sync and capture sit beside core, below the use cases."""
    assert _offenders(layer, ("smartgrowth_desktop.services", *FACES)) == []


def test_exchange_is_file_formats_only() -> None:
    """Bytes and plain values in and out: no database, no ORM, no profile."""
    database = (
        "sqlalchemy",
        "smartgrowth_desktop.core.db",
        "smartgrowth_desktop.core.models",
        "smartgrowth_desktop.core.writer",
        "smartgrowth_desktop.core.backup",
    )
    assert _offenders("exchange", database) == []


def test_the_ui_asks_services_and_builds_no_sql() -> None:
    """The window asks the services (in the worker); it never builds a query itself."""
    assert _offenders("ui", ("sqlalchemy", "smartgrowth_desktop.core.models")) == []


def test_ui_widgets_never_import_the_editors() -> None:
    """Editors are made of widgets; a widget uses ``ui/fields.py`` and ``ui/undo.py``."""
    assert _offenders("ui/widgets", ("smartgrowth_desktop.ui.editors",)) == []


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
    # stdlib only, both ends read with them: bounded JSON parsing, the changeset's frame,
    # device ids made from keys
    shared = (
        "smartgrowth_desktop.sync.bounded_json",
        "smartgrowth_desktop.sync.frame",
        "smartgrowth_desktop.core.device_ids",
    )
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / "server").rglob("*.py")
        for name in _imports(path)
        if name.startswith(upward) and name not in shared
    ]
    assert offenders == []
    for module in shared:
        path = PACKAGE.joinpath(*module.split(".")[1:]).with_suffix(".py")
        assert [n for n in _imports(path) if "smartgrowth" in n] == [], module
