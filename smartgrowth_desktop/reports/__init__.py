"""PDF briefing packs (reportlab): the mission pack and the meeting brief.

No Qt and no services here: the services load the records into the plain dataclasses of
``model`` and call ``build_mission_pack`` or ``build_meeting_brief``, which return bytes.
"""

from smartgrowth_desktop.reports.document import CancelCheck, PackCancelled, Progress
from smartgrowth_desktop.reports.fonts import FontError
from smartgrowth_desktop.reports.meeting_brief import build_meeting_brief
from smartgrowth_desktop.reports.mission_pack import build_mission_pack

__all__ = [
    "CancelCheck",
    "FontError",
    "PackCancelled",
    "Progress",
    "build_meeting_brief",
    "build_mission_pack",
]
