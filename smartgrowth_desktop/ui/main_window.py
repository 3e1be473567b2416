"""The main window: a sidebar of pages, menus from the action registry, a status bar."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QWidget,
)

from smartgrowth_desktop.ui.actions import ActionId, action_handlers, build_menus
from smartgrowth_desktop.ui.collector import MainThreadCollector
from smartgrowth_desktop.ui.operations import Operations
from smartgrowth_desktop.ui.options import WINDOW_GEOMETRY
from smartgrowth_desktop.ui.pages.registry import (
    PAGES,
    TITLES,
    LazyPages,
    PageEntry,
    holders,
    page_listing,
)
from smartgrowth_desktop.ui.sidebar import Sidebar
from smartgrowth_desktop.ui.window_status import WindowStatus

# The window is drawn before SQLAlchemy and the services are loaded (see ``attach``):
# what needs them is imported where it is used, after the profile is open. Dialogs and
# menus too: PySide builds a class's enums the first time the class is touched, which
# the first frame need not pay for.
if TYPE_CHECKING:
    from smartgrowth_desktop.core.writer import WriteSummary
    from smartgrowth_desktop.services.glance import Glance
    from smartgrowth_desktop.ui.context import AppContext
    from smartgrowth_desktop.ui.pages.base import Page
    from smartgrowth_desktop.ui.progress import ProgressTask
    from smartgrowth_desktop.ui.sync_control import SyncController
    from smartgrowth_desktop.ui.widgets.search_popup import SearchPopup
    from smartgrowth_desktop.ui.window_commands import WindowCommands

__all__ = ["PAGES", "MainWindow", "PageEntry", "placeholder"]

#: The longest the profile's open waits for the first frame to be drawn.
FIRST_FRAME_WAIT_MS = 250
#: The window's size on a first start, and the screen's free area below which it opens
#: maximized instead (a 1366×768 laptop)
FIRST_SIZE = (1280, 760)
MAXIMIZED_BELOW = (1440, 880)


class MainWindow(QMainWindow):
    """Everything a delegate does during the day, one sidebar away.

    Made in two steps so it shows at once: the frame (sidebar, menus, status bar and,
    from a first glance at the profile, the Today page) is drawn before the profile is
    open; ``attach`` then brings the services in. Commands chosen in between wait and
    run as soon as the profile is open.
    """

    #: the profile is open and every page and command works
    ready = Signal()
    ctx: AppContext
    sync: SyncController
    search_popup: SearchPopup
    commands: WindowCommands

    def __init__(
        self,
        folder: Path,
        settings: QSettings,
        operations: Operations,
        first_look: Glance | None = None,
    ) -> None:
        super().__init__()
        self.folder, self.settings, self.operations = folder, settings, operations
        self.setWindowTitle("SmartGrowth Field Desk")
        self.setObjectName("main-window")
        self.collector = MainThreadCollector(self)
        #: page faces drawn before the profile opened, handed to their pages when built
        self.first_views: dict[str, dict[str, Any]] = {}
        self.stack = QStackedWidget()
        holders(self.stack)
        self.pages = LazyPages(self.stack, self._build_page, self.first_views)
        self.is_ready, self._closing, self._shown = False, False, False
        #: a first start on a small screen: shown maximized (see ``first_geometry``)
        self.opens_maximized = False
        self._waiting: list[Callable[[], object]] = []
        self._opening: Callable[[], None] | None = None
        self.last_message = ""
        central = QWidget()
        self.sidebar = Sidebar(TITLES, central)  # made in place: its style sheet is set once
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        central.installEventFilter(self)  # see eventFilter: the first frame
        self.actions_by_id = build_menus(self, action_handlers(self))
        self.status = WindowStatus(self.statusBar(), folder)
        self.status.conflicts_button.clicked.connect(lambda: self.show_page("Conflicts"))
        self.sync_label, self.busy_label = self.status.sync_label, self.status.busy_label
        self.conflicts_button = self.status.conflicts_button
        if first_look is not None:
            self._draw_first_look(first_look)
        self.sidebar.currentRowChanged.connect(self._show_page)
        operations.busy_changed.connect(self._busy)
        geometry = WINDOW_GEOMETRY.read(settings)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.first_geometry()
        self.sidebar.setCurrentRow(0)

    def first_geometry(self) -> None:
        """On a first start: the whole free area of a laptop screen (1366×768 has no room
        to spare for a title bar and a task bar: ``opens_maximized`` asks the app to show
        it maximized), else 1280×760, centred within it."""
        screen = self.screen()
        area = screen.availableGeometry() if screen is not None else None
        if area is None or area.isEmpty():
            self.resize(*FIRST_SIZE)
            return
        small = area.width() < MAXIMIZED_BELOW[0] or area.height() < MAXIMIZED_BELOW[1]
        self.opens_maximized = small
        title_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
        width = min(FIRST_SIZE[0], area.width())
        height = min(FIRST_SIZE[1], area.height() - title_bar)
        self.resize(width, height)
        self.move(area.center().x() - width // 2, area.top() + (area.height() - height) // 2)

    def _draw_first_look(self, first_look: Glance) -> None:
        """Today as read by the glance, drawn now and adopted by the Today page later."""
        from zoneinfo import ZoneInfo

        from smartgrowth_desktop.ui.home_zone import is_zone, system_zone
        from smartgrowth_desktop.ui.widgets.today_view import TodayView

        zone = first_look.home_zone if is_zone(first_look.home_zone or "") else system_zone()
        view = TodayView(ZoneInfo(str(zone)))
        view.show_data(first_look.today, first_look.now)
        view.open_requested.connect(
            lambda kind, record_id: self.when_ready(lambda: self.open_record(kind, record_id))
        )
        self.first_views["Today"] = {"view": view}
        layout = self.pages.holder("Today").layout()
        assert layout is not None
        layout.addWidget(view)

    @property
    def is_closing(self) -> bool:
        """Whether the window has been closed (an open finishing now must not attach)."""
        return self._closing

    def open_when_shown(self, opening: Callable[[], None]) -> None:
        """Call ``opening`` (which opens the profile and then ``attach``es) once the window
        has been drawn, so the first frame never waits for it."""
        self._opening = opening
        if self.isVisible():
            QTimer.singleShot(0, self._start_opening)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._opening is not None:  # in case no frame is drawn (a minimized start)
            QTimer.singleShot(FIRST_FRAME_WAIT_MS, self._start_opening)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._opening is not None:
            # the first frame is being drawn: start the open right after it, not before
            # (it would compete with drawing it)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._start_opening)
        return False

    def _start_opening(self) -> None:
        opening, self._opening = self._opening, None
        if opening is not None:
            opening()

    def attach(self, ctx: AppContext) -> None:
        """The profile is open: bring in the services, search, sync and the pages."""
        from smartgrowth_desktop.ui.sync_control import SyncController
        from smartgrowth_desktop.ui.widgets.search_popup import SearchPopup
        from smartgrowth_desktop.ui.window_commands import WindowCommands

        self.ctx = ctx
        self.commands = WindowCommands(ctx, self)
        self.search_popup = SearchPopup(ctx, self)
        self.search_popup.chosen.connect(self.open_record)
        self.sync = SyncController(ctx, self)
        self.sync.status_changed.connect(self.sync_label.setText)
        self.sync.conflicts_changed.connect(self._show_conflict_count)
        self.sync.settings_requested.connect(self.commands.open_settings)
        self.sync.load()
        from smartgrowth_desktop.ui.travel_control import travel_for

        self.travel = travel_for(self, ctx, self.sync)
        ctx.undo.canUndoChanged.connect(self.actions_by_id[ActionId.UNDO].setEnabled)
        ctx.undo.canRedoChanged.connect(self.actions_by_id[ActionId.REDO].setEnabled)
        ctx.undo.undoTextChanged.connect(self._name_undo)
        ctx.undo.redoTextChanged.connect(self._name_redo)
        ctx.bus.changed.connect(self._on_changed)
        self.is_ready = True
        self.busy_label.setText("")
        self.status.count(ctx.operations, ctx.records.count)
        self._show_page(self.sidebar.currentRow())
        waiting, self._waiting = self._waiting, []
        for command in waiting:
            command()
        self.ready.emit()

    def _name_undo(self, text: str) -> None:
        self._name_step(ActionId.UNDO, text)

    def _name_redo(self, text: str) -> None:
        self._name_step(ActionId.REDO, text)

    def _name_step(self, action: ActionId, text: str) -> None:
        """The Edit menu says what Undo and Redo would do: "Undo Move “Smart…” to Proposal"."""
        verb = "&Undo" if action == ActionId.UNDO else "&Redo"
        step = text.replace("&", "&&")
        self.actions_by_id[action].setText(f"{verb} {step}" if step else verb)

    def when_ready(self, command: Callable[[], object]) -> None:
        """Run ``command`` now, or as soon as the profile is open."""
        if self.is_ready:
            command()
        elif not self._closing:
            self._waiting.append(command)
            self.statusBar().showMessage("Opening your profile… (that will follow at once)", 3000)

    # -- construction -----------------------------------------------------------------------

    def _build_page(self, entry: PageEntry, adopted: dict[str, Any]) -> Page:
        """Make a page and listen to what it asks of the window."""
        page = entry.create(self.ctx, **adopted)
        page.open_record_requested.connect(self.open_record)
        page.export_list_requested.connect(lambda: self.commands.tables.export_list(page))
        page.export_pack_requested.connect(
            lambda kind, record_id: self.commands.packs.export(kind, record_id)
        )
        page.export_calendar_requested.connect(
            lambda mission: self.commands.exchange.export_calendar(None, mission)
        )
        page.debrief_requested.connect(lambda mission: self.commands.debriefs.export(mission))
        page.follow_up_mails_requested.connect(lambda meeting: self.commands.mails.open(meeting))
        page.open_list_requested.connect(lambda title, name: self.show_page(title).open_list(name))
        page.attach_sync(self.sync)
        return page

    # -- navigation -------------------------------------------------------------------------

    def current_page(self) -> Page:
        return self.pages[TITLES[max(0, self.stack.currentIndex())]]

    def _show_page(self, row: int) -> None:
        if not self.is_ready:  # the page follows when the profile is open
            self._show_opening(row)
            return
        if self.stack.currentIndex() >= 0 and self._shown:
            self.current_page().flush()
        if 0 <= row < len(PAGES):
            page = self.pages[TITLES[row]]
            self.stack.setCurrentIndex(row)
            self._shown = True
            self.actions_by_id[ActionId.NEW_RECORD].setEnabled(page.can_create())
            page.activated()

    def _show_opening(self, row: int) -> None:
        """Before the profile is open: the page's holder, saying it is on its way."""
        layout = self.pages.holder(TITLES[row]).layout()
        if layout is not None and layout.count() == 0:
            label = placeholder(f"Opening {TITLES[row]}…")
            label.setObjectName("opening")
            layout.addWidget(label)
        self.stack.setCurrentIndex(row)

    def show_page(self, title: str) -> Page:
        """Switch to the page called ``title`` and return it."""
        self.sidebar.setCurrentRow(TITLES.index(title))
        return self.pages[title]

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        """Show a record on the page that lists its kind."""
        title = page_listing(kind)
        if title is not None:
            self.show_page(title).open_record(kind, record_id)

    # -- commands ---------------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last step (edits not saved yet are saved first, as a step of their own)."""
        self.current_page().flush()
        self.ctx.undo.undo()

    def sync_now(self) -> ProgressTask | None:
        """F5: sync with the shared folder or server, or ask for one on the Sync page."""
        self.current_page().flush()
        if not self.sync.target():
            from smartgrowth_desktop.ui.pages.sync import SyncPage

            page = self.show_page("Sync")
            if isinstance(page, SyncPage):
                page.show_message(
                    "Choose the shared folder (or a server in Settings), then Sync now."
                )
            return None
        return self.sync.sync_now()

    def _show_conflict_count(self, count: int) -> None:
        """The badge: "Conflicts (3)" in the sidebar and a warning in the status bar."""
        self.sidebar.set_badge("Conflicts", count)
        self.status.show_conflicts(count)

    def _busy(self, busy: bool) -> None:
        if self.is_ready:
            self.status.saving(busy)

    def _on_changed(self, summary: WriteSummary) -> None:
        if {"contact", "meeting", "lead"} & set(summary.records):
            self.status.count(self.ctx.operations, self.ctx.records.count)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.sidebar.restyle()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True  # an open still under way is finished, then closed
        self._opening = None
        for page in self.pages.built():
            page.flush()
        self.operations.shutdown()
        self.collector.collect()
        WINDOW_GEOMETRY.write(self.settings, self.saveGeometry())
        super().closeEvent(event)


def placeholder(text: str) -> QLabel:
    """A centered label (empty states)."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
