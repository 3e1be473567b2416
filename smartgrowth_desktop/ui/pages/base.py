"""What every sidebar page offers the main window, and what it may ask of it.

The window knows a page only through this class: it asks what the page can do (create a
record, delete the selected one, export its list) and listens to what the page wants
done elsewhere (show a record on another page, make a briefing pack). A page never
reaches into the window, and the window never guesses at a page's attributes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from smartgrowth_desktop.services.lists import ListQuery
    from smartgrowth_desktop.ui.context import AppContext
    from smartgrowth_desktop.ui.models.record_table import Column
    from smartgrowth_desktop.ui.sync_control import SyncController


@dataclass(frozen=True)
class ListExport:
    """A list as a page shows it: what "Export list…" writes."""

    title: str
    query: ListQuery
    columns: Sequence[Column]


@dataclass(frozen=True)
class RecordRef:
    """One record: its kind and id."""

    kind: str
    id: uuid.UUID


class Page(QWidget):
    """A page of the sidebar: a title, the kinds it shows, and what it can do."""

    title = ""
    kinds: tuple[str, ...] = ()

    #: show a record on the page that lists its kind (kind, id)
    open_record_requested = Signal(str, object)
    #: "Export list…": write the page's list as shown
    export_list_requested = Signal()
    #: a briefing pack of a mission, or the brief of a meeting (kind, id)
    export_pack_requested = Signal(str, object)
    #: the meetings of a mission as a calendar file (the mission's id)
    export_calendar_requested = Signal(object)
    #: a mission's debrief, PDF or Word (the mission's id)
    debrief_requested = Signal(object)
    #: the follow-up e-mails of a meeting (the meeting's id)
    follow_up_mails_requested = Signal(object)
    #: show another page's list, filtered by name ("Contacts", "to-review": cards due)
    open_list_requested = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page-{self.title.lower().replace(' ', '-')}")

    # -- what the page can do -------------------------------------------------------------

    def can_create(self) -> bool:
        """Whether "New record on this page" makes sense here."""
        return False

    def new_record(self) -> None:
        """Start a new record of the page's kind, if it has one."""

    def delete_selected(self) -> None:
        """Move the selected record to the trash, if there is one."""

    def selected_record(self) -> RecordRef | None:
        """The record selected (or open) on the page."""
        return None

    def list_export(self) -> ListExport | None:
        """The list the page shows, for "Export list…" (None: no list here)."""
        return None

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        """Show ``record_id`` (the page's own kind); pages that list records override."""

    def open_list(self, name: str) -> None:
        """Show the page's list filtered as ``name`` says (``open_list_requested``)."""

    # -- what the window tells the page ---------------------------------------------------

    def attach_sync(self, sync: SyncController) -> None:
        """The window's sync runs; pages that show sync state follow it."""

    def activated(self) -> None:
        """Called when the page becomes visible."""

    def flush(self) -> None:
        """Save pending edits (before quitting or switching away)."""
