"""UI fixtures: the app context on a temporary profile (to build one page, one editor or
one widget), and the whole main window for the few end-to-end journeys; driven with qtbot.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import build_window
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.main_window import MainWindow


def settle(qtbot: QtBot, where: MainWindow | AppContext) -> None:
    """Let queued work finish and its callbacks run on the GUI thread."""
    operations = where.operations if isinstance(where, AppContext) else where.ctx.operations
    for _ in range(50):
        operations.wait()
        qtbot.wait(5)
        if operations.pending == 0:
            return


@pytest.fixture
def ctx(qtbot: QtBot, tmp_path: Path) -> Iterator[AppContext]:
    """What a page is given, on an empty profile, without a main window.

    An error in the worker that no callback handles fails the test.
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack

    from smartgrowth_desktop.ui.bus import ChangeBus
    from smartgrowth_desktop.ui.operations import Operations

    errors: list[BaseException] = []
    profile = Profile(tmp_path / "profile")
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    operations = Operations(errors.append)
    context = AppContext(profile, operations, ChangeBus(), settings, QUndoStack(), None)
    yield context
    operations.shutdown()
    profile.close()
    assert errors == []


def show(qtbot: QtBot, ctx: AppContext, widget: QWidget) -> None:
    """Show one page (or widget) at the window's size and wait for what it asked."""
    qtbot.addWidget(widget)
    widget.resize(1366 - 170, 740)
    widget.show()
    qtbot.waitExposed(widget)
    settle(qtbot, ctx)


def open_window(qtbot: QtBot, folder: Path) -> MainWindow:
    window = build_window(folder)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window on an empty profile."""
    opened = open_window(qtbot, tmp_path / "profile")
    yield opened
    opened.close()
    opened.ctx.profile.close()


@pytest.fixture
def demo_window(qtbot: QtBot, demo_profile_dir: Path, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window on a private copy of the demo programme."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_profile_dir, folder)
    opened = open_window(qtbot, folder)
    yield opened
    opened.close()
    opened.ctx.profile.close()


def type_text(qtbot: QtBot, widget: object, text: str) -> None:
    """Type ``text`` as key presses, Vietnamese and Chinese included.

    ``qtbot.keyClicks`` only knows ASCII (QTest aborts on other characters), so other
    characters are sent as key events carrying their text, as an input method would.
    """
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


_FAMILIES: list[str] = []


@pytest.fixture
def shipped_fonts(qapp: object) -> Iterator[list[str]]:
    """The fonts the app ships, as its window uses them (Noto Sans first); the font of
    the application is given back afterwards, for the tests that do not ask for them."""
    from PySide6.QtWidgets import QApplication

    from smartgrowth_desktop.app import load_fonts

    before = QApplication.font()
    if not _FAMILIES:
        _FAMILIES.extend(load_fonts())
    else:
        font = QApplication.font()
        first = sorted(dict.fromkeys(_FAMILIES), key=lambda family: family != "Noto Sans")
        font.setFamilies([*first, *font.families()])
        QApplication.setFont(font)
    yield _FAMILIES
    QApplication.setFont(before)
