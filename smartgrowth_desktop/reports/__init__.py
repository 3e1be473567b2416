"""PDF briefing packs (reportlab): the mission pack and the meeting brief.

No Qt and no services here: the services load the records into the plain dataclasses of
``model`` and call ``build_mission_pack`` or ``build_meeting_brief``, which return bytes.

The names below are imported on first use, so that the small helpers of this package
(``when``, ``text``) do not pull reportlab into the window's start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smartgrowth_desktop.reports.document import CancelCheck, PackCancelled, Progress
    from smartgrowth_desktop.reports.fonts import FontError
    from smartgrowth_desktop.reports.meeting_brief import build_meeting_brief
    from smartgrowth_desktop.reports.mission_pack import build_mission_pack

_HOMES = {
    "CancelCheck": "document",
    "PackCancelled": "document",
    "Progress": "document",
    "FontError": "fonts",
    "build_meeting_brief": "meeting_brief",
    "build_mission_pack": "mission_pack",
}

__all__ = [
    "CancelCheck",
    "FontError",
    "PackCancelled",
    "Progress",
    "build_meeting_brief",
    "build_mission_pack",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
