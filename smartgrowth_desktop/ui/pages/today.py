"""Today: today's meetings in the meeting's local time with home time beside it, the next
few meetings, and the follow-ups that are due or overdue (ticked done right here)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from smartgrowth_desktop.services.today import TodayData, load_today
from smartgrowth_desktop.ui.pages.base import Page
from smartgrowth_desktop.ui.widgets.away_banner import AwayBanner
from smartgrowth_desktop.ui.widgets.today_view import TodayView

if TYPE_CHECKING:
    from smartgrowth_desktop.core.writer import WriteSummary
    from smartgrowth_desktop.ui.context import AppContext
    from smartgrowth_desktop.ui.sync_control import SyncController


class TodayPage(Page):
    """What matters today, at a glance; follow-ups ticked done right here (undoable)."""

    title = "Today"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, view: TodayView | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.ticked: set[uuid.UUID] = set()
        #: the face, adopted from the window's first frame when it drew one
        self.view = view or TodayView(ctx.home.zone)
        self.view.home_zone = ctx.home.zone  # the first frame may have guessed
        self.view.can_tick = True
        self.view.open_requested.connect(self.open_record_requested)
        self.view.tick_changed.connect(self._ticked)
        self.view.review_requested.connect(self.show_review_list)
        self.away = AwayBanner()
        self.away.see_requested.connect(lambda: self.open_list_requested.emit("Sync", "away"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.away)
        layout.addWidget(self.view)
        self._clock = QTimer(self, interval=60_000)
        self._clock.timeout.connect(self._minute)
        self._clock.start()
        ctx.bus.changed.connect(self._on_changed)
        ctx.home.changed.connect(self._home_moved)

    @property
    def home_zone(self) -> ZoneInfo:
        """The zone of the "home" times beside local ones."""
        return self.view.home_zone

    @home_zone.setter
    def home_zone(self, zone: ZoneInfo) -> None:
        self.view.home_zone = zone

    def _home_moved(self, zone: str) -> None:
        """Settings chose another home zone: home times follow at once."""
        self.home_zone = ZoneInfo(zone)
        self.refresh()

    # -- loading ------------------------------------------------------------------------

    def activated(self) -> None:
        self.ticked.clear()
        self.refresh()
        self.refresh_away()

    def attach_sync(self, sync: SyncController) -> None:
        """After a sync that brought colleagues' changes, say so ("See what changed")."""
        sync.finished.connect(
            lambda report: self.refresh_away() if report.applied_changes else None
        )

    def refresh_away(self) -> None:
        """Count colleagues' changes not looked at yet, in the worker (the banner)."""
        from smartgrowth_desktop.services.digest import DigestService

        service = DigestService(self.ctx.profile)
        self.ctx.operations.query(service.unseen, self.away.show_counts, key="away")

    def refresh(self) -> None:
        """Read the page in the worker."""
        profile, now, keep = self.ctx.profile, self.now(), set(self.ticked)
        self.ctx.operations.run(lambda: load_today(profile, now, keep), self._show)
        self.refresh_review()

    def refresh_review(self) -> None:
        """Count the cards due for review in the worker ("N cards to review")."""
        from smartgrowth_desktop.services.review import ReviewService

        service = ReviewService(self.ctx.profile)
        self.ctx.operations.query(
            lambda: (service.count(), service.months()),
            lambda found: self.view.show_review(*found),
        )

    def show_review_list(self) -> None:
        """The Contacts page, showing the cards due for review."""
        self.open_list_requested.emit("Contacts", "to-review")

    def _show(self, data: TodayData) -> None:
        self.view.show_data(data, self.now())

    # -- acting -------------------------------------------------------------------------

    def _ticked(self, follow_up: uuid.UUID, done: bool) -> None:
        """A tick box changed: save done (or not done) in the worker, as one undo step."""
        from smartgrowth_desktop.ui.undo import EditCommand

        self.ticked.add(follow_up)
        ctx = self.ctx

        def pushed(_changed: object) -> None:
            label = "Mark follow-up done" if done else "Mark follow-up not done"
            before, after = {"done": not done}, {"done": done}
            ctx.undo.push(EditCommand(ctx, "follow_up", follow_up, before, after, label))

        ctx.operations.run(
            lambda: ctx.records.update("follow_up", follow_up, {"done": done}), pushed
        )

    def _minute(self) -> None:
        """Keep the home clock, "now" badges and the date current while shown."""
        if self.isVisible():
            self.refresh()

    def _on_changed(self, summary: WriteSummary) -> None:
        if self.isVisible() and {"meeting", "follow_up", "mission", "lead"} & set(summary.records):
            self.refresh()
        elif self.isVisible() and "contact" in summary.records:
            self.refresh_review()
