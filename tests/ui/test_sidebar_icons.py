"""The sidebar's page icons: every page has one, and they follow a light/dark switch."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.ui.main_window import PAGES, MainWindow


def _ink(icon: QIcon) -> float:
    """The mean lightness of an icon's drawn (non-transparent) pixels, 0 to 1."""
    image = icon.pixmap(QSize(24, 24)).toImage()
    values = [
        image.pixelColor(x, y).lightnessF()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert values, "the icon draws nothing"
    return sum(values) / len(values)


def test_every_page_has_an_icon_in_the_text_colour(window: MainWindow) -> None:
    for number, entry in enumerate(PAGES):
        item = window.sidebar.item(number)
        assert item is not None and not item.icon().isNull(), entry.title
    assert _ink(window.sidebar.item(0).icon()) < 0.5  # dark ink on the light default palette


def test_icons_are_redrawn_light_in_a_dark_palette(qtbot: QtBot, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.palette()
    dark = QPalette(previous)
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: _ink(window.sidebar.item(3).icon()) > 0.7, timeout=2000)
    finally:
        app.setPalette(previous)
    qtbot.waitUntil(lambda: _ink(window.sidebar.item(3).icon()) < 0.5, timeout=2000)
