"""The sidebar's pages, declared once, and built the first time each is shown.

A page's module is imported only when the page is first asked for, so the window's
first frame needs none of them (and none of SQLAlchemy or the services), nor their base.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from smartgrowth_desktop.ui.context import AppContext
    from smartgrowth_desktop.ui.pages.base import Page


class PageEntry(NamedTuple):
    """A sidebar page: its title, the record kinds it shows, where its class lives (a
    NamedTuple rather than a dataclass: made at start-up, and ten times cheaper to make)."""

    title: str
    kinds: tuple[str, ...]
    target: str  # "module:Class", imported the first time the page is shown

    def create(self, ctx: AppContext, **adopted: Any) -> Page:
        from smartgrowth_desktop.ui.pages.base import Page

        module_name, class_name = self.target.split(":")
        page_class = getattr(importlib.import_module(module_name), class_name)
        page = page_class(ctx, **adopted)
        assert isinstance(page, Page)
        return page


_PAGES = "smartgrowth_desktop.ui.pages"
PAGES: tuple[PageEntry, ...] = (
    PageEntry("Today", (), f"{_PAGES}.today:TodayPage"),
    PageEntry("Missions", ("mission",), f"{_PAGES}.missions:MissionsPage"),
    PageEntry("Meetings", ("meeting",), f"{_PAGES}.meetings:MeetingsPage"),
    PageEntry("Contacts", ("contact",), f"{_PAGES}.contacts:ContactsPage"),
    PageEntry("Organizations", ("organization",), f"{_PAGES}.organizations:OrganizationsPage"),
    PageEntry("Leads", ("lead",), f"{_PAGES}.leads:LeadsPage"),
    PageEntry("Follow-ups", ("follow_up",), f"{_PAGES}.follow_ups:FollowUpsPage"),
    PageEntry("Indicators", (), f"{_PAGES}.indicators:IndicatorsPage"),
    PageEntry("Markets", ("market",), f"{_PAGES}.markets:MarketsPage"),
    PageEntry("Sync", (), f"{_PAGES}.sync:SyncPage"),
    PageEntry("Conflicts", (), f"{_PAGES}.conflicts:ConflictsPage"),
    PageEntry("Trash", (), f"{_PAGES}.trash:TrashPage"),
)
TITLES = tuple(entry.title for entry in PAGES)


def page_listing(kind: str) -> str | None:
    """The title of the page that lists records of ``kind``."""
    return next((entry.title for entry in PAGES if kind in entry.kinds), None)


def holders(stack: QStackedWidget) -> None:
    """One empty holder per page in ``stack`` (a page moves in when it is built)."""
    for entry in PAGES:
        holder = QWidget()
        holder.setObjectName(f"holder-{entry.title.lower()}")
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        stack.addWidget(holder)


class LazyPages(Mapping[str, "Page"]):
    """The pages by title, each built the first time it is asked for (fast start-up).

    ``first_views`` holds faces drawn before the profile opened (Today from the glance):
    a page adopts its own when it is built.
    """

    def __init__(
        self,
        stack: QStackedWidget,
        build: Callable[[PageEntry, dict[str, Any]], Page],
        first_views: dict[str, dict[str, Any]],
    ) -> None:
        self._stack, self._build, self._first = stack, build, first_views
        self._built: dict[str, Page] = {}

    def __getitem__(self, title: str) -> Page:
        if title not in self._built:
            entry = PAGES[TITLES.index(title)]
            adopted = self._first.pop(title, {})
            page = self._build(entry, adopted)
            self._built[title] = page
            layout = self.holder(title).layout()
            assert layout is not None
            while layout.count():  # "Opening…" shown while the profile opened
                old = layout.takeAt(0)
                widget = old.widget() if old is not None else None
                if widget is not None and widget not in adopted.values():
                    widget.hide()  # now: deleteLater waits for the event loop
                    widget.deleteLater()
            layout.addWidget(page)
        return self._built[title]

    def holder(self, title: str) -> QWidget:
        holder = self._stack.widget(TITLES.index(title))
        assert holder is not None
        return holder

    def __iter__(self) -> Iterator[str]:
        return iter(TITLES)

    def __len__(self) -> int:
        return len(PAGES)

    def built(self) -> list[Page]:
        """The pages created so far."""
        return list(self._built.values())
