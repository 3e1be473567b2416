"""The sidebar's page icons: shipped line-art SVGs, coloured from the palette, sharp at any DPI."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from smartgrowth_desktop import shipped


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


class _PageIconEngine(QIconEngine):
    """Draws a page's SVG in its colour at exactly the size asked for, when first asked
    (a sidebar of a dozen icons then costs a dozen small renders, not six dozen)."""

    def __init__(self, svg: str, normal: QColor, selected: QColor) -> None:
        super().__init__()
        self._svg, self._normal, self._selected = svg, normal, selected
        self._drawn: dict[tuple[int, bool], QPixmap] = {}

    def _draw(self, side: int, mode: QIcon.Mode) -> QPixmap:
        chosen = mode == QIcon.Mode.Selected
        key = (side, chosen)
        if key not in self._drawn:
            color = self._selected if chosen else self._normal
            self._drawn[key] = _pixmap(self._svg, color, side)
        return self._drawn[key]

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = max(1, round(min(size.width(), size.height()) * scale))
        pixmap = QPixmap(self._draw(side, mode))
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def clone(self) -> QIconEngine:
        return _PageIconEngine(self._svg, self._normal, self._selected)


def page_icon(name: str, palette: QPalette) -> QIcon:
    """The icon of page ``name`` in the palette's text colours (empty if not shipped).

    Drawn in the normal text colour and, for the selected row, in the highlighted-text
    colour, so it stays legible in light and dark themes; sharp at any screen scale.
    """
    svg = _svg_text(name)
    if svg is None:
        return QIcon()
    normal = palette.color(QPalette.ColorRole.WindowText)
    selected = palette.color(QPalette.ColorRole.HighlightedText)
    return QIcon(_PageIconEngine(svg, normal, selected))
