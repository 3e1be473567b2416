"""An input for one field of a record: what editors lay out and widgets implement.

Kept apart from the editors, so a widget (a picker, the phone list, a date) and the
editor that holds it both import it and neither imports the other.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QStyle, QWidget


class FieldInput(QWidget):
    """A page-supplied input for one field (``widget="custom"``), autosaved like the others.

    It emits ``edited`` on user edits, shows a wire value with ``set_value`` and returns
    one from ``value`` (raising ``ValidationError`` to show a message under the field).
    """

    edited = Signal()

    def value(self) -> Any:
        """The wire value to save."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored value (must not emit ``edited``)."""
        raise NotImplementedError


def fit_placeholder(line: QLineEdit, room: int = 0) -> None:
    """Make ``line`` at least wide enough to show its whole placeholder (plus ``room``
    pixels for what is typed after it, or a clear button)."""
    text = line.placeholderText()
    margins = line.textMargins()
    frame = 2 * line.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
    needed = line.fontMetrics().horizontalAdvance(text) + margins.left() + margins.right()
    line.setMinimumWidth(needed + frame + 12 + room)
