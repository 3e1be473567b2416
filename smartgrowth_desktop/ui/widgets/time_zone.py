"""Time inputs: a time-zone picker, a date-time in a meeting's own zone, a date that may be empty.

A meeting's times are shown and typed as wall-clock time in the meeting's zone (09:00 in
Ho Chi Minh City), stored as UTC instants. The laptop's own zone is "home".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QDate, QDateTime, QSignalBlocker, Qt, QTime, QTimeZone
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QHBoxLayout, QWidget

from smartgrowth_desktop.core.fieldtypes import parse_datetime
from smartgrowth_desktop.core.formatting import utc_offset as offset_of
from smartgrowth_desktop.ui.fields import FieldInput
from smartgrowth_desktop.ui.home_zone import is_zone as is_zone
from smartgrowth_desktop.ui.home_zone import system_zone as system_zone

#: The zones of the programme's markets and home countries, offered first.
COMMON_ZONES = (
    ("Asia/Ho_Chi_Minh", "Vietnam: Ho Chi Minh City, Da Nang"),
    ("Asia/Shanghai", "China: Guangzhou, Hebei"),
    ("Europe/Stockholm", "Sweden"),
    ("Europe/Helsinki", "Finland"),
    ("Europe/Tallinn", "Estonia"),
    ("UTC", "Coordinated Universal Time"),
)
_NO_DATE = QDate(1900, 1, 1)
_UTC = QTimeZone(QTimeZone.Initialization.UTC)


@cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone name, sorted."""
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def zone_name(zone: str) -> str:
    """A short place name for a zone: "Asia/Ho_Chi_Minh" → "Ho Chi Minh"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def utc_offset(zone: str, at: datetime | None = None) -> str:
    """The zone's offset at ``at`` (now by default), e.g. "UTC+07:00"."""
    return offset_of((at or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(zone)))


class TimeZoneInput(FieldInput):
    """A zone combo: the programme's zones first, then every zone (type to jump)."""

    def __init__(self, home: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Time zone")
        self.combo.setMaxVisibleItems(16)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(14)
        self.combo.addItem("(no time zone)", None)
        common = dict(COMMON_ZONES)
        if home not in common:
            common[home] = "your home zone"
        for zone, place in common.items():
            self.combo.addItem(f"{zone} — {place} ({utc_offset(zone)})", zone)
        self.combo.insertSeparator(self.combo.count())
        for zone in all_zones():
            self.combo.addItem(zone, zone)
        self.combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.combo):
            index = self.combo.findData(value) if value else 0
            if index < 0:
                self.combo.addItem(str(value), value)
                index = self.combo.count() - 1
            self.combo.setCurrentIndex(index)


class MomentInput(FieldInput):
    """A date and time typed as wall-clock time in ``zone``; its value is an ISO instant."""

    def __init__(
        self, zone_source: Callable[[], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._zone_source = zone_source
        self.edit = _NullableEdit()
        self.edit.setTimeZone(_UTC)  # the edit holds naive wall time; no DST of the laptop
        self.edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDateTime(QDateTime(_NO_DATE, QTime(0, 0), _UTC))
        self.edit.setSpecialValueText("not set")
        self.edit.setToolTip("Local time of the meeting; Up/Down change the part under the cursor")
        self.edit.dateTimeChanged.connect(lambda _d: self.edited.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    @property
    def zone(self) -> str:
        """The zone the shown wall-clock time is in (asked of the editor each time)."""
        return self._zone_source() or "UTC"

    def wall_time(self) -> datetime | None:
        """The shown date and time (naive), or None when not set."""
        shown = self.edit.dateTime()
        if shown.date() == _NO_DATE:
            return None
        day, time = shown.date(), shown.time()
        return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())

    def instant(self) -> datetime | None:
        """The shown wall time in the meeting's zone, as an aware datetime."""
        wall = self.wall_time()
        return None if wall is None else wall.replace(tzinfo=ZoneInfo(self.zone))

    def set_wall_time(self, wall: datetime | None) -> None:
        """Show ``wall`` (naive) without emitting ``edited``."""
        with QSignalBlocker(self.edit):
            if wall is None:
                self.edit.setDateTime(self.edit.minimumDateTime())
            else:
                day = QDate(wall.year, wall.month, wall.day)
                self.edit.setDateTime(QDateTime(day, QTime(wall.hour, wall.minute), _UTC))

    def value(self) -> Any:
        moment = self.instant()
        return None if moment is None else moment.isoformat()

    def set_value(self, value: Any) -> None:
        if not value:
            self.set_wall_time(None)
            return
        local = parse_datetime(str(value)).astimezone(ZoneInfo(self.zone))
        self.set_wall_time(local.replace(tzinfo=None))


class _NullableEdit(QDateTimeEdit):
    """A date(-time) edit that may be empty: Delete empties it, Up/Down on empty starts today."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and not self._empty():
            self.setDateTime(self.minimumDateTime())
            return
        super().keyPressEvent(event)

    def stepBy(self, steps: int) -> None:
        if self._empty():
            now = datetime.now()
            start = QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, 0), _UTC)
            self.setDateTime(start)
            return
        super().stepBy(steps)

    def _empty(self) -> bool:
        return self.date() == _NO_DATE


class DateInput(FieldInput):
    """A day with a calendar popup, or no day at all ("no date"; Delete clears it)."""

    def __init__(self, empty_text: str = "no date", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _NullableEdit()
        self.edit.setTimeZone(_UTC)
        self.edit.setDisplayFormat("ddd d MMM yyyy")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDateTime(QDateTime(_NO_DATE, QTime(0, 0), _UTC))
        self.edit.setSpecialValueText(empty_text)
        self.edit.setToolTip("Pick a day (Up/Down or the calendar); Delete clears it")
        self.edit.dateChanged.connect(self._changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self._point_calendar_at_today()

    def _changed(self, _day: QDate) -> None:
        self._point_calendar_at_today()
        self.edited.emit()

    def _point_calendar_at_today(self) -> None:
        if self.edit.date() == _NO_DATE:
            today = date.today()
            self.edit.calendarWidget().setCurrentPage(today.year, today.month)

    def day(self) -> date | None:
        shown = self.edit.date()
        return None if shown == _NO_DATE else date(shown.year(), shown.month(), shown.day())

    def value(self) -> Any:
        day = self.day()
        return None if day is None else day.isoformat()

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.edit):
            if not value:
                self.edit.setDateTime(self.edit.minimumDateTime())
            else:
                day = date.fromisoformat(str(value)[:10])
                self.edit.setDateTime(
                    QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0), _UTC)
                )
        self._point_calendar_at_today()
