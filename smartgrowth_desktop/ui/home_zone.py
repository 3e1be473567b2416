"""The delegate's home time zone: chosen in Settings, else the laptop's own.

Kept apart from the time inputs so the window's first frame can know it cheaply.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimeZone


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


_chosen_home: list[str] = []


def choose_home_zone(name: str | None) -> None:
    """Use ``name`` as home from now on (Settings → General); None: the laptop's zone."""
    _chosen_home[:] = [name] if name and is_zone(name) else []


def home_zone() -> str:
    """The delegate's home zone: the one chosen in Settings, else the laptop's own.

    On a mission the laptop's clock is often moved to local time, so home is best chosen.
    """
    return _chosen_home[0] if _chosen_home else system_zone()
