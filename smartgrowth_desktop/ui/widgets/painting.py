"""Painting helpers shared by the custom-drawn widgets: palette-derived colours, text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QTextLayout


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0–1) of the way toward ``second``."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


def is_dark(palette: QPalette) -> bool:
    """True under a dark palette (light text on a dark window)."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def muted(palette: QPalette) -> QColor:
    """Secondary text: between the text and the background."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    return mix(text, base, 0.42)


def surface(palette: QPalette, amount: float = 0.035) -> QColor:
    """A panel slightly set off from the window (darker in light mode, lighter in dark)."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return mix(window, text, amount)


def warning(palette: QPalette) -> QColor:
    """A calm red for "overdue", readable on light and dark backgrounds."""
    return QColor("#ef8a80") if is_dark(palette) else QColor("#b3261e")


def success(palette: QPalette) -> QColor:
    """A calm green for "reached"."""
    return QColor("#7cc49a") if is_dark(palette) else QColor("#2e7d4f")


def scaled(font: QFont, factor: float, weight: QFont.Weight | None = None) -> QFont:
    """A copy of ``font`` at ``factor`` times its size, optionally with another weight."""
    copy = QFont(font)
    if copy.pointSizeF() > 0:
        copy.setPointSizeF(copy.pointSizeF() * factor)
    else:
        copy.setPixelSize(max(1, round(copy.pixelSize() * factor)))
    if weight is not None:
        copy.setWeight(weight)
    return copy


def wrapped_lines(font: QFont, text: str, width: int, max_lines: int) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines of ``width``; the last one elided."""
    if width <= 0 or not text:
        return []
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[str] = []
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        lines.append(text[start : start + length].rstrip())
        if len(lines) == max_lines and start + length < len(text):
            rest = text[start:]
            lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    layout.endLayout()
    return lines
