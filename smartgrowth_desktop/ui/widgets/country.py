"""Countries by name (babel), stored as ISO 3166 codes; the programme's countries first."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from smartgrowth_desktop.ui.fields import FieldInput

#: Target markets, then the delegates' home countries: what a delegate picks most.
FIRST = ("VN", "CN", "SE", "FI", "EE")


@cache
def countries() -> tuple[tuple[str, str], ...]:
    """(code, English name) of every ISO 3166 country babel knows, sorted by name."""
    from babel import Locale

    names = Locale("en").territories
    pairs = ((str(code), str(name)) for code, name in names.items())
    wanted = (pair for pair in pairs if len(pair[0]) == 2 and pair[0].isalpha())
    return tuple(sorted(wanted, key=lambda pair: pair[1].casefold()))


@cache
def country_name(code: str | None) -> str:
    """ "Vietnam" for "VN"; the code itself when babel does not know it; "" for None."""
    if not code:
        return ""
    return dict(countries()).get(code.upper(), code)


class CountryInput(FieldInput):
    """A combo of country names; type the first letters to jump; stores the code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Country")
        self.combo.setMaxVisibleItems(16)
        self.combo.addItem("", None)
        for code in FIRST:
            self.combo.addItem(f"{country_name(code)} ({code})", code)
        self.combo.insertSeparator(self.combo.count())
        for code, name in countries():
            self.combo.addItem(f"{name} ({code})", code)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self._showing = False
        self.combo.currentIndexChanged.connect(self._changed)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        self._showing = True
        try:
            index = self.combo.findData(value) if value else 0
            if index < 0:  # a code babel does not list: keep it rather than lose it
                self.combo.addItem(str(value), value)
                index = self.combo.count() - 1
            self.combo.setCurrentIndex(index)
        finally:
            self._showing = False

    def code(self) -> str | None:
        """The chosen ISO code, or None."""
        data = self.combo.currentData()
        return str(data) if data else None

    def _changed(self, _index: int) -> None:
        if not self._showing:
            self.edited.emit()
