"""Every setting of the window, declared once: its key, type, default and what it is for.

Like Picard's ``options.py``: a page never spells a settings key or a default itself, it
reads and writes an ``Option`` declared here, so the whole list of what the window keeps
(in the profile's ``window.ini``) can be read in one place. Settings that travel with
the profile's data (your name, the home time zone) are kept in the profile instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", str, QByteArray)


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting. ``key`` may name a part (``{kind}``) filled in by ``read``/``write``."""

    key: str
    type: type[T]
    default: T
    description: str

    def read(self, store: QSettings, **parts: str) -> T:
        """The value kept, or the default (also for a value of another type)."""
        value = store.value(self.key.format(**parts), self.default)
        if self.type is str and isinstance(value, int | float):
            value = str(value)  # an INI file reads "1" back as text, a number as a number
        return value if isinstance(value, self.type) else self.default

    def write(self, store: QSettings, value: T, **parts: str) -> None:
        store.setValue(self.key.format(**parts), value)


def _state(key: str, description: str) -> Option[QByteArray]:
    return Option(key, QByteArray, QByteArray(), description)


WINDOW_GEOMETRY = _state("window/geometry", "The window's size and place, as last left")
LIST_SPLIT = _state("lists/{kind}/splitter", "Where a list and its editor are divided")
LIST_HEADER = _state("lists/{kind}/header", "A list's column widths, their order and the sort")
MEETINGS_MISSION = Option(
    "meetings/mission", str, "", "The mission whose meetings the Meetings page shows ('' all)"
)
LEADS_VIEW = Option("leads/view", str, "board", "Leads as a pipeline 'board' or a 'list'")
SYNC_MODE = Option("sync/mode", str, "folder", "Sync now goes to the 'folder' or the 'server'")
SYNC_FOLDER = Option(
    "sync/folder", str, "", "The shared folder, as kept before the profile kept it (read once)"
)
SYNC_SERVER = Option("sync/server_url", str, "", "The team sync server's address ('' none)")
LOCK_MINUTES = Option(
    "security/lock_after_minutes",
    str,
    "10",
    "Minutes without input before an encrypted profile's window locks itself ('0' never)",
)

#: every option, for a settings overview (and a test that each is declared once)
OPTIONS: tuple[Option[str] | Option[QByteArray], ...] = (
    WINDOW_GEOMETRY,
    LIST_SPLIT,
    LIST_HEADER,
    MEETINGS_MISSION,
    LEADS_VIEW,
    SYNC_MODE,
    SYNC_FOLDER,
    SYNC_SERVER,
    LOCK_MINUTES,
)
