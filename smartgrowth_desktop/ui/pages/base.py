"""What every sidebar page offers the main window."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from smartgrowth_desktop.ui.context import AppContext


class Page(QWidget):
    """A page of the sidebar: a title, and a way to show one of its records."""

    title = ""
    kinds: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page-{self.title.lower().replace(' ', '-')}")

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        """Show ``record_id`` (the page's own kind); pages that list records override."""

    def new_record(self) -> None:
        """Start a new record of the page's kind, if it has one."""

    def activated(self) -> None:
        """Called when the page becomes visible."""

    def flush(self) -> None:
        """Save pending edits (before quitting or switching away)."""
