"""The sidebar's page icons: shipped line-art SVGs, coloured from the palette, sharp at any DPI."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from smartgrowth_desktop import shipped

#: Pixel sizes drawn for each icon: the sidebar's 18 px at 1×, 1.5× and 2× screens.
SIZES = (18, 27, 36)


@lru_cache(maxsize=64)
def _svg_text(name: str) -> str | None:
    path = shipped.resource_path("icons", "pages", f"{name}.svg")
    return path.read_text(encoding="utf-8") if path is not None else None


def _pixmap(svg: str, color: QColor, size: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", color.name()).encode()))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def page_icon(name: str, palette: QPalette) -> QIcon:
    """The icon of page ``name`` in the palette's text colours (empty if not shipped).

    Drawn once per size in the normal text colour and, for the selected row, in the
    highlighted-text colour, so it stays legible in light and dark themes.
    """
    svg = _svg_text(name)
    icon = QIcon()
    if svg is None:
        return icon
    normal = palette.color(QPalette.ColorRole.WindowText)
    selected = palette.color(QPalette.ColorRole.HighlightedText)
    for size in SIZES:
        icon.addPixmap(_pixmap(svg, normal, size), QIcon.Mode.Normal)
        icon.addPixmap(_pixmap(svg, selected, size), QIcon.Mode.Selected)
    return icon
