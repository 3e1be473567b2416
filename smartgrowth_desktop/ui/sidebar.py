"""The sidebar: one row per page, with its icon in the palette's colours and a shortcut."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from smartgrowth_desktop.ui.icons import page_icon

STYLE = (
    "QListWidget#sidebar { border: none; outline: 0; background: palette(window);"
    " padding-top: 6px; }"
    "QListWidget#sidebar::item { padding: 7px 12px; border-radius: 6px; margin: 1px 6px; }"
    "QListWidget#sidebar::item:selected { background: palette(highlight);"
    " color: palette(highlighted-text); }"
)


class Sidebar(QListWidget):
    """The pages by title; Alt+1…9 jumps to the first nine (said in the tooltips)."""

    def __init__(self, titles: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.titles = tuple(titles)
        self.setObjectName("sidebar")
        self.setAccessibleName("Pages")
        self.setFixedWidth(170)
        self.setStyleSheet(STYLE)
        for number, title in enumerate(self.titles, start=1):
            item = QListWidgetItem(title)
            item.setToolTip(f"{title} (Alt+{number})" if number < 10 else title)
            self.addItem(item)
        self.setIconSize(QSize(18, 18))
        self._paint_icons()
        for row in range(min(9, len(self.titles))):
            jump = QAction(self)
            jump.setShortcut(QKeySequence(f"Alt+{row + 1}"))
            jump.triggered.connect(lambda _c=False, row=row: self.setCurrentRow(row))
            self.addAction(jump)

    def set_badge(self, title: str, count: int) -> None:
        """Show a count beside a page's title ("Conflicts (3)"); none for 0."""
        item = self.item(self.titles.index(title))
        if item is not None:
            item.setText(f"{title} ({count})" if count else title)

    def _paint_icons(self) -> None:
        """Give each page its icon in the current palette's colours."""
        palette = self.palette()
        for number, title in enumerate(self.titles):
            item = self.item(number)
            if item is not None:
                item.setIcon(page_icon(title.lower(), palette))

    def restyle(self) -> None:
        """Light/dark switched: set the style sheet again (it resolves palette() colours
        only when set) and draw the icons in the new colours. The window calls this: a
        widget with a style sheet of its own is not told of a new application palette."""
        self.setStyleSheet(self.styleSheet())
        self._paint_icons()
