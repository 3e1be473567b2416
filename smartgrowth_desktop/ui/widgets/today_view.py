"""The Today page's face: today's meetings in local and home time, what comes next, and
the follow-ups due. It only shows what it is given, so the window can draw it from its
first glance at the profile, before the services are loaded."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QGridLayout,
    QLabel,
    QListView,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.services.today import FollowUpRow, MeetingRow, TodayData
from smartgrowth_desktop.ui.widgets.formatting import (
    clock,
    days_late,
    long_day,
    short_day,
    utc_offset,
    zone_city,
)
from smartgrowth_desktop.ui.widgets.labels import QuietLabel, empty_state, heading, section
from smartgrowth_desktop.ui.widgets.rows import (
    ASIDE_ROLE,
    BADGE_ROLE,
    RECORD_ROLE,
    SUBTITLE_ROLE,
    TONE_ROLE,
    row_list,
)

ID_ROLE = Qt.ItemDataRole.UserRole + 20


class TodayView(QWidget):
    """Meetings today, coming up and follow-ups due, as lists of rows."""

    #: a row was opened (Enter or double-click): record kind and id
    open_requested = Signal(str, object)
    #: a follow-up's tick box was changed by the user: its id and whether it is now done
    tick_changed = Signal(object, bool)
    #: "N cards to review" was pressed: show those cards
    review_requested = Signal()

    def __init__(self, home_zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today-view")
        self.home_zone = home_zone
        #: whether follow-ups can be ticked here (not until the profile is fully open)
        self.can_tick = False
        self._filling = False
        self.meetings = QStandardItemModel(self)
        self.upcoming = QStandardItemModel(self)
        self.follow_ups = QStandardItemModel(self)
        self.follow_ups.itemChanged.connect(self._ticked)
        self._build()

    def _build(self) -> None:
        self.heading = heading()
        self.mission = QuietLabel()
        self.home = QuietLabel()
        self.home.setObjectName("home-time")
        self.home.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.meetings_title = section("Meetings today")
        self.meetings_view, self.meetings_stack, self.meetings_empty = self._list(
            "today-meetings", self.meetings, "No meetings today."
        )
        self.upcoming_view, self.upcoming_stack, _ = self._list(
            "today-upcoming", self.upcoming, "Nothing scheduled yet. New meetings show up here."
        )
        self.follow_ups_title = section("Follow-ups due")
        self.follow_ups_view, self.follow_ups_stack, _ = self._list(
            "today-follow-ups",
            self.follow_ups,
            "Nothing due or overdue.\nFollow-ups added to meetings and leads show up here "
            "on their due date.",
            aside=0,
        )
        self.follow_ups_view.setToolTip("Tick a follow-up to mark it done (Space on the keyboard)")
        self.more = QuietLabel()
        self._review: QCommandLinkButton | None = None  # made when there are cards to review
        grid = QGridLayout(self)
        grid.setContentsMargins(24, 18, 24, 12)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.heading, 0, 0)
        grid.addWidget(self.home, 0, 1, 2, 1)
        grid.addWidget(self.mission, 1, 0)
        grid.setRowMinimumHeight(2, 10)
        left = QVBoxLayout()
        left.addWidget(self.meetings_title)
        left.addWidget(self.meetings_stack, 3)
        left.addSpacing(10)
        left.addWidget(section("Coming up"))
        left.addWidget(self.upcoming_stack, 4)
        self._right = right = QVBoxLayout()
        right.addWidget(self.follow_ups_title)
        right.addWidget(self.follow_ups_stack, 1)
        right.addWidget(self.more)
        grid.addLayout(left, 3, 0)
        grid.addLayout(right, 3, 1)
        grid.setColumnStretch(0, 11)
        grid.setColumnStretch(1, 9)
        grid.setRowStretch(3, 1)

    def _list(
        self, name: str, model: QStandardItemModel, empty: str, aside: int = 132
    ) -> tuple[QListView, QStackedWidget, QLabel]:
        view = row_list(name, aside_width=aside)
        view.setModel(model)
        view.activated.connect(self._open)
        placeholder = empty_state(empty)
        stack = QStackedWidget()
        stack.addWidget(view)
        stack.addWidget(placeholder)
        return view, stack, placeholder

    def show_data(self, data: TodayData, now: datetime) -> None:
        """Show ``data`` as of ``now``."""
        home_now = now.astimezone(self.home_zone)
        today = now.astimezone().date()
        self.heading.setText(f"Today, {long_day(today)}")
        self.mission.setText(data.mission)
        self.home.setText(f"Home time {clock(home_now)}\n{_zone_name(self.home_zone, home_now)}")
        self._fill(self.meetings, [self._meeting(m, now, today=True) for m in data.meetings])
        self._fill(self.upcoming, [self._meeting(m, now, today=False) for m in data.upcoming])
        self._fill(self.follow_ups, [self._follow_up(f, now) for f in data.follow_ups])
        self.meetings_title.setText(f"Meetings today · {len(data.meetings)}")
        self.meetings_empty.setText(_no_meetings(data))
        late = sum(1 for f in data.follow_ups if f.due and f.due < today and not f.done)
        open_count = sum(1 for f in data.follow_ups if not f.done) + data.more_follow_ups
        self.follow_ups_title.setText(
            f"Follow-ups due · {open_count}" + (f"  ({late} overdue)" if late else "")
        )
        self.more.setText(
            f"+{data.more_follow_ups:,} more on the Follow-ups page."
            if data.more_follow_ups
            else ""
        )
        self.meetings_stack.setMaximumHeight(16777215 if data.meetings else 84)
        for stack, model in (
            (self.meetings_stack, self.meetings),
            (self.upcoming_stack, self.upcoming),
            (self.follow_ups_stack, self.follow_ups),
        ):
            stack.setCurrentIndex(0 if model.rowCount() else 1)

    @property
    def review(self) -> QCommandLinkButton:
        """ "N cards to review", under the follow-ups; made when first needed (the first
        frame does not know the count yet)."""
        if self._review is None:
            self._review = QCommandLinkButton()
            self._review.setObjectName("today-review")
            self._review.setToolTip(
                "Opens Contacts with “To review” ticked: keep or erase each card"
            )
            self._review.clicked.connect(self.review_requested)
            self._review.hide()  # until there are cards to review
            self._right.addWidget(self._review)
        return self._review

    def show_review(self, count: int, months: int) -> None:
        """ "N cards to review" (personal data kept past its time), hidden when none."""
        if count <= 0 and self._review is None:
            return
        review = self.review
        review.setText(f"{count:,} card{'s' if count != 1 else ''} to review")
        review.setDescription(
            f"Review date passed, or untouched for {months} months: keep or erase them."
        )
        review.setAccessibleName(review.text())
        review.setVisible(count > 0)

    def _fill(self, model: QStandardItemModel, items: list[QStandardItem]) -> None:
        self._filling = True
        model.clear()
        for item in items:
            model.appendRow(item)
        self._filling = False

    def _meeting(self, meeting: MeetingRow, now: datetime, today: bool) -> QStandardItem:
        local = meeting.starts_at.astimezone(meeting.zone)
        home = meeting.starts_at.astimezone(self.home_zone)
        home_text = (
            clock(home)
            if home.date() == local.date()
            else f"{short_day(home.date())} {clock(home)}"
        )
        item = QStandardItem(meeting.title)
        item.setEditable(False)
        if today:
            item.setData((clock(local), f"{home_text} home"), ASIDE_ROLE)
        else:
            item.setData(
                (short_day(local.date()), f"{clock(local)} · {home_text} home"), ASIDE_ROLE
            )
        item.setData(
            " · ".join(p for p in (meeting.location, f"local time {utc_offset(local)}") if p),
            SUBTITLE_ROLE,
        )
        ends = meeting.ends_at or meeting.starts_at
        if today and meeting.starts_at <= now <= ends:
            item.setData("now", BADGE_ROLE)
            item.setData("ok", TONE_ROLE)
        elif today and ends < now:
            item.setData("earlier", BADGE_ROLE)
        item.setData(("meeting", meeting.id), RECORD_ROLE)
        tip = (
            f"{clock(local)} local time ({meeting.zone.key}), {home_text} home time "
            f"({self.home_zone.key}). Enter or double-click opens the meeting."
        )
        if meeting.clashes:  # said before "now" or "earlier": it is what needs doing
            item.setData("double booked", BADGE_ROLE)
            item.setData("warn", TONE_ROLE)
            tip = "\n".join(("Double booked.", *meeting.clashes, tip))
        item.setToolTip(tip)
        return item

    def _follow_up(self, follow_up: FollowUpRow, now: datetime) -> QStandardItem:
        today = now.astimezone().date()
        item = QStandardItem(follow_up.text)
        item.setEditable(False)
        item.setCheckable(self.can_tick)  # the box is drawn either way (greyed if not)
        item.setCheckState(Qt.CheckState.Checked if follow_up.done else Qt.CheckState.Unchecked)
        item.setData(follow_up.id, ID_ROLE)
        item.setData(("follow_up", follow_up.id), RECORD_ROLE)
        item.setData(" · ".join(p for p in (follow_up.owner, follow_up.source) if p), SUBTITLE_ROLE)
        if follow_up.done:
            item.setData("done", BADGE_ROLE)
            item.setData("ok", TONE_ROLE)
        elif follow_up.due is not None:
            item.setData(days_late(follow_up.due, today), BADGE_ROLE)
            item.setData("warn" if follow_up.due < today else None, TONE_ROLE)
        return item

    def _ticked(self, item: QStandardItem) -> None:
        if not self._filling:
            self.tick_changed.emit(item.data(ID_ROLE), item.checkState() == Qt.CheckState.Checked)

    def _open(self, index: QModelIndex) -> None:
        data = index.data(RECORD_ROLE)
        if data:
            kind, record_id = data
            self.open_requested.emit(kind, record_id)


def _zone_name(zone: ZoneInfo, moment: datetime) -> str:
    """ "Stockholm (UTC+1)", or just "UTC"."""
    city, offset = zone_city(zone.key), utc_offset(moment)
    return offset if city == offset else f"{city} ({offset})"


def _no_meetings(data: TodayData) -> str:
    if data.upcoming:
        first = data.upcoming[0]
        local = first.starts_at.astimezone(first.zone)
        return (
            f"No meetings today.\nThe next one is on {short_day(local.date())} at {clock(local)}."
        )
    return "No meetings today.\nPress Ctrl+N to note a meeting as it happens."
