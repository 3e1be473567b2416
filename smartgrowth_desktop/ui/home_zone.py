"""The delegate's home time zone: chosen in Settings, else the laptop's own.

Kept apart from the time inputs so the window's first frame can know it cheaply. Not a
global: the app context holds the ``HomeZone`` and says when it changes.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimeZone, Signal

_ZONEINFO = "/zoneinfo/"


@cache
def system_zone() -> str:
    """The laptop's own IANA zone, or UTC when the system does not say."""
    name = linux_zone_name() if sys.platform.startswith("linux") else None
    if name is None:
        name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return name if is_zone(name) else "UTC"


def linux_zone_name() -> str | None:
    """The zone Linux says is the laptop's, read where Qt reads it (``TZ``, the link of
    ``/etc/localtime`` into a zoneinfo folder, ``/etc/TZ``, ``/etc/timezone``); None if
    none says. Qt also walks the whole zoneinfo tree first (3 ms of the first frame);
    ``is_zone`` checks the name instead."""
    given = os.environ.get("TZ", "")
    given = "" if given == ":/etc/localtime" else given.removeprefix(":")
    if given:
        return given
    path = "/etc/localtime"
    for _ in range(40):  # a chain of links, as Qt follows it
        try:
            path = os.path.join(os.path.dirname(path), os.readlink(path))
        except OSError:
            break
        folder = os.environ.get("TZDIR", "")
        if folder and folder in path:
            return path[path.index(folder) + len(folder) :].lstrip("/")
        if _ZONEINFO in path:
            return path[path.index(_ZONEINFO) + len(_ZONEINFO) :]
    for written in ("/etc/TZ", "/etc/timezone"):
        try:
            name = Path(written).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if name:
            return name
    return None


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
