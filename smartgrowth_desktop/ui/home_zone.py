"""The delegate's home time zone: chosen in Settings, else the laptop's own.

Kept apart from the time inputs so the window's first frame can know it cheaply. Not a
global: the app context holds the ``HomeZone`` and says when it changes.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimeZone, Signal


@cache
def system_zone() -> str:
    """The laptop's own IANA zone, or UTC when the system does not say."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return name if is_zone(name) else "UTC"


def is_zone(name: str) -> bool:
    """Whether ``name`` is an IANA zone such as "Europe/Tallinn" (without listing them all,
    which costs tens of milliseconds at start-up)."""
    if "/" not in name and name != "UTC":
        return False
    try:
        ZoneInfo(name)
    except (KeyError, ValueError):
        return False
    return True


class HomeZone(QObject):
    """The delegate's home zone: the one chosen in Settings, else the laptop's own.

    On a mission the laptop's clock is often moved to local time, so home is best chosen.
    The app context holds one; whatever shows home time follows ``changed``.
    """

    changed = Signal(str)  # the new home zone's IANA name

    def __init__(self, chosen: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chosen = chosen if chosen and is_zone(chosen) else None

    @property
    def name(self) -> str:
        """The home zone's IANA name."""
        return self._chosen or system_zone()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.name)

    @property
    def chosen(self) -> str | None:
        """The zone chosen in Settings (None: the laptop's own)."""
        return self._chosen

    def choose(self, name: str | None) -> None:
        """Use ``name`` as home from now on (None: the laptop's zone); says so if it moved."""
        before = self.name
        self._chosen = name if name and is_zone(name) else None
        if self.name != before:
            self.changed.emit(self.name)
