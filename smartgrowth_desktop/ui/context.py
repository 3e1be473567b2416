"""What every window and page is given: the services, the worker, the change bus, undo,
the window's settings and the home time zone."""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.leads import LeadService
from smartgrowth_desktop.services.lists import ListService
from smartgrowth_desktop.services.picking import PickService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.search import SearchService
from smartgrowth_desktop.services.stats import StatsService
from smartgrowth_desktop.ui.bus import ChangeBus
from smartgrowth_desktop.ui.home_zone import HomeZone
from smartgrowth_desktop.ui.operations import Operations


@dataclass
class AppContext:
    """Passed into the main window and every page (no globals)."""

    profile: Profile
    operations: Operations
    bus: ChangeBus
    settings: QSettings
    undo: QUndoStack
    #: the home zone chosen in Settings (None: the laptop's own), read when the profile opened
    home_zone: InitVar[str | None]
    home: HomeZone = field(init=False)
    records: RecordService = field(init=False)
    leads: LeadService = field(init=False)
    lists: ListService = field(init=False)
    picks: PickService = field(init=False)
    search: SearchService = field(init=False)
    stats: StatsService = field(init=False)
    attachments: AttachmentService = field(init=False)

    def __post_init__(self, home_zone: str | None) -> None:
        self.home = HomeZone(home_zone)
        self.records = RecordService(self.profile)
        self.leads = LeadService(self.profile)
        self.lists = ListService(self.profile)
        self.picks = PickService(self.profile)
        self.search = SearchService(self.profile)
        self.stats = StatsService(self.profile)
        self.attachments = AttachmentService(self.profile)
        self.profile.database.subscribe(self.bus.announce)
        self.operations.delivered.connect(self.bus.flush)
