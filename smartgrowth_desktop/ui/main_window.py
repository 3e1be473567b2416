"""The main window: a sidebar of pages, menus from the action registry, a status bar."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.ui.actions import ACTIONS, ActionId
from smartgrowth_desktop.ui.collector import MainThreadCollector
from smartgrowth_desktop.ui.icons import page_icon
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.operations import Operations
from smartgrowth_desktop.ui.pages.base import Page

# The window is drawn before SQLAlchemy and the services are loaded (see ``attach``):
# what needs them is imported where it is used, after the profile is open. Dialogs and
# menus too: PySide builds a class's enums the first time the class is touched, which
# the first frame need not pay for.
if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QDialog

    from smartgrowth_desktop.core.writer import WriteSummary
    from smartgrowth_desktop.services.glance import Glance
    from smartgrowth_desktop.ui.backup_control import BackupController
    from smartgrowth_desktop.ui.contact_exchange import ContactExchange
    from smartgrowth_desktop.ui.context import AppContext
    from smartgrowth_desktop.ui.pack_export import PackExporter
    from smartgrowth_desktop.ui.progress import ProgressTask
    from smartgrowth_desktop.ui.sync_control import SyncController
    from smartgrowth_desktop.ui.table_exchange import TableExchange
    from smartgrowth_desktop.ui.widgets.search_popup import SearchPopup


@dataclass(frozen=True)
class PageEntry:
    """A sidebar page: its title, the record kinds it shows, where its class lives."""

    title: str
    kinds: tuple[str, ...]
    target: str  # "module:Class", imported the first time the page is shown

    def create(self, ctx: AppContext, **adopted: Any) -> Page:
        module_name, class_name = self.target.split(":")
        page_class = getattr(importlib.import_module(module_name), class_name)
        page = page_class(ctx, **adopted)
        assert isinstance(page, Page)
        return page


#: The longest the profile's open waits for the first frame to be drawn.
FIRST_FRAME_WAIT_MS = 250

_PAGES = "smartgrowth_desktop.ui.pages"
PAGES: tuple[PageEntry, ...] = (
    PageEntry("Today", (), f"{_PAGES}.today:TodayPage"),
    PageEntry("Missions", ("mission",), f"{_PAGES}.missions:MissionsPage"),
    PageEntry("Meetings", ("meeting",), f"{_PAGES}.meetings:MeetingsPage"),
    PageEntry("Contacts", ("contact",), f"{_PAGES}.contacts:ContactsPage"),
    PageEntry("Organizations", ("organization",), f"{_PAGES}.organizations:OrganizationsPage"),
    PageEntry("Leads", ("lead",), f"{_PAGES}.leads:LeadsPage"),
    PageEntry("Follow-ups", ("follow_up",), f"{_PAGES}.follow_ups:FollowUpsPage"),
    PageEntry("Indicators", (), f"{_PAGES}.indicators:IndicatorsPage"),
    PageEntry("Markets", ("market",), f"{_PAGES}.markets:MarketsPage"),
    PageEntry("Sync", (), f"{_PAGES}.sync:SyncPage"),
    PageEntry("Conflicts", (), f"{_PAGES}.conflicts:ConflictsPage"),
    PageEntry("Trash", (), f"{_PAGES}.trash:TrashPage"),
)


class LazyPages(Mapping[str, Page]):
    """The pages by title, each built the first time it is asked for (fast start-up)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._built: dict[str, Page] = {}

    def __getitem__(self, title: str) -> Page:
        if title not in self._built:
            entry = next(e for e in PAGES if e.title == title)
            adopted = self._window.first_views.pop(title, {})
            page = entry.create(self._window.ctx, **adopted)
            if hasattr(page, "open_record_requested"):
                page.open_record_requested = self._window.open_record
            self._window.decorate_page(page)
            self._built[title] = page
            holder = self._window.stack.widget(PAGES.index(entry))
            layout = holder.layout() if holder is not None else None
            assert layout is not None
            while layout.count():  # "Opening…" shown while the profile opened
                old = layout.takeAt(0)
                widget = old.widget() if old is not None else None
                if widget is not None and widget not in adopted.values():
                    widget.hide()  # now: deleteLater waits for the event loop
                    widget.deleteLater()
            layout.addWidget(page)
        return self._built[title]

    def __iter__(self) -> Iterator[str]:
        return iter(entry.title for entry in PAGES)

    def __len__(self) -> int:
        return len(PAGES)

    def built(self) -> list[Page]:
        """The pages created so far."""
        return list(self._built.values())


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

    def __init__(
        self,
        folder: Path,
        settings: QSettings,
        operations: Operations,
        first_look: Glance | None = None,
    ) -> None:
        super().__init__()
        self.folder = folder
        self.settings = settings
        self.operations = operations
        self.setWindowTitle("SmartGrowth Field Desk")
        self.setObjectName("main-window")
        self.collector = MainThreadCollector(self)
        self.pages = LazyPages(self)
        #: page faces drawn before the profile opened, handed to their pages when built
        self.first_views: dict[str, dict[str, Any]] = {}
        self.is_ready = False
        self._waiting: list[Callable[[], object]] = []
        self._closing = False
        self._opening: Callable[[], None] | None = None
        self.last_message = ""
        self._shown = False
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setFixedWidth(170)
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { border: none; outline: 0; background: palette(window);"
            " padding-top: 6px; }"
            "QListWidget#sidebar::item { padding: 7px 12px; border-radius: 6px; margin: 1px 6px; }"
            "QListWidget#sidebar::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.stack = QStackedWidget()
        for number, entry in enumerate(PAGES, start=1):
            holder = QWidget()
            holder.setObjectName(f"holder-{entry.title.lower()}")
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(holder)
            item = QListWidgetItem(entry.title)
            item.setToolTip(f"{entry.title} (Alt+{number})" if number < 10 else entry.title)
            self.sidebar.addItem(item)
        self.sidebar.setIconSize(QSize(18, 18))
        self._paint_sidebar_icons()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        central.installEventFilter(self)  # see eventFilter: the first frame
        self.actions_by_id: dict[ActionId, QAction] = {}
        self._build_menus()
        self._build_status_bar()
        if first_look is not None:
            self._draw_first_look(first_look)
        self.sidebar.currentRowChanged.connect(self._show_page)
        operations.busy_changed.connect(self._busy)
        self._restore_layout()
        self.sidebar.setCurrentRow(0)

    def _draw_first_look(self, first_look: Glance) -> None:
        """Today as read by the glance, drawn now and adopted by the Today page later."""
        from zoneinfo import ZoneInfo

        from smartgrowth_desktop.ui.home_zone import home_zone
        from smartgrowth_desktop.ui.widgets.today_view import TodayView

        view = TodayView(ZoneInfo(home_zone()))
        view.show_data(first_look.today, first_look.now)
        view.open_requested.connect(
            lambda kind, record_id: self.when_ready(lambda: self.open_record(kind, record_id))
        )
        self.first_views["Today"] = {"view": view}
        holder = self.stack.widget(0)
        layout = holder.layout() if holder is not None else None
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

        self.ctx = ctx
        self.search_popup = SearchPopup(ctx, self)
        self.search_popup.chosen.connect(self.open_record)
        self.sync = SyncController(ctx, self)
        self.sync.status_changed.connect(self.sync_label.setText)
        self.sync.conflicts_changed.connect(self._show_conflict_count)
        self.sync.settings_requested.connect(self.open_settings)
        self.sync.load()
        ctx.undo.canUndoChanged.connect(self.actions_by_id[ActionId.UNDO].setEnabled)
        ctx.undo.canRedoChanged.connect(self.actions_by_id[ActionId.REDO].setEnabled)
        ctx.bus.changed.connect(self._on_changed)
        self.is_ready = True
        self.busy_label.setText("")
        self._refresh_counts()
        self._show_page(self.sidebar.currentRow())
        waiting, self._waiting = self._waiting, []
        for command in waiting:
            command()
        self.ready.emit()

    def when_ready(self, command: Callable[[], object]) -> None:
        """Run ``command`` now, or as soon as the profile is open."""
        if self.is_ready:
            command()
        elif not self._closing:
            self._waiting.append(command)
            self.statusBar().showMessage("Opening your profile… (that will follow at once)", 3000)

    # -- construction -----------------------------------------------------------------------

    def _build_menus(self) -> None:
        handlers: dict[ActionId, Callable[[], object]] = {
            ActionId.NEW_RECORD: lambda: self.current_page().new_record(),
            ActionId.QUICK_MEETING: self.quick_meeting,
            ActionId.SEARCH: lambda: self.search_popup.open_fresh(),
            ActionId.SETTINGS: self.open_settings,
            ActionId.DELETE: self._delete_current,
            ActionId.UNDO: self._undo,
            ActionId.REDO: lambda: self.ctx.undo.redo(),
            ActionId.LOAD_DEMO: self.load_demo,
            ActionId.EXPORT_PACK: self.export_pack,
            ActionId.IMPORT_JSON: self.import_json,
            ActionId.EXPORT_JSON: self.export_json,
            ActionId.IMPORT_TABLE: lambda: self.tables.import_spreadsheet(),
            ActionId.EXPORT_LIST: lambda: self.tables.export_list(),
            ActionId.BACKUP_NOW: lambda: self.backups.back_up_now(),
            ActionId.RESTORE_BACKUP: lambda: self.backups.choose_restore(),
            ActionId.IMPORT_VCARD: lambda: self.exchange.import_vcard(),
            ActionId.EXPORT_VCARD: lambda: self.exchange.export_vcard(),
            ActionId.EXPORT_CALENDAR: lambda: self.exchange.export_calendar(),
            ActionId.FIND_DUPLICATES: lambda: self.exchange.find_duplicates(),
            ActionId.QUIT: self.close,
            ActionId.SYNC_NOW: self.sync_now,
            ActionId.SYNC_PAGE: lambda: self.show_page("Sync"),
            ActionId.CONFLICTS: lambda: self.show_page("Conflicts"),
            ActionId.ABOUT: self.about,
        }
        menus: dict[str, object] = {}
        bar = self.menuBar()
        for action_id, spec in ACTIONS.items():
            menu = menus.get(spec.menu)
            if menu is None:
                menu = bar.addMenu(f"&{spec.menu}")
                menus[spec.menu] = menu
            action = QAction(spec.text, self)
            action.setObjectName(f"action-{action_id.value}")
            if spec.shortcut is not None:
                action.setShortcut(QKeySequence(spec.shortcut))
            action.setToolTip(spec.tip)
            action.setStatusTip(spec.tip)
            action.triggered.connect(lambda _c=False, h=handlers[action_id]: self.when_ready(h))
            menu.addAction(action)  # type: ignore[attr-defined]
            self.actions_by_id[action_id] = action
        sync_now = self.actions_by_id[ActionId.SYNC_NOW]
        sync_now.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+Shift+S")])
        self.actions_by_id[ActionId.UNDO].setEnabled(False)
        self.actions_by_id[ActionId.REDO].setEnabled(False)
        for number in range(min(9, len(PAGES))):
            jump = QAction(self)
            jump.setShortcut(QKeySequence(f"Alt+{number + 1}"))
            jump.triggered.connect(lambda _c=False, row=number: self.sidebar.setCurrentRow(row))
            self.addAction(jump)

    def _build_status_bar(self) -> None:
        self.profile_label = QLabel(f"Profile: {self.folder}")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("status-counts")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("status-sync")
        self.busy_label = QLabel("Opening your profile…")
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("status-conflicts")
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setStyleSheet("color: #8a5a00; font-weight: bold")
        self.conflicts_button.setToolTip("Open the Conflicts page")
        self.conflicts_button.clicked.connect(lambda: self.show_page("Conflicts"))
        self.conflicts_button.hide()
        status = self.statusBar()
        status.addWidget(self.profile_label, 1)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.conflicts_button)
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.sync_label)

    # -- navigation -------------------------------------------------------------------------

    def current_page(self) -> Page:
        return self.pages[PAGES[max(0, self.stack.currentIndex())].title]

    def _paint_sidebar_icons(self) -> None:
        """Give each page its icon in the current palette's colours."""
        palette = self.sidebar.palette()
        for number, entry in enumerate(PAGES):
            item = self.sidebar.item(number)
            if item is not None:
                item.setIcon(page_icon(entry.title.lower(), palette))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            # light/dark switched: style sheets resolve palette() colours only when set
            self.sidebar.setStyleSheet(self.sidebar.styleSheet())
            self._paint_sidebar_icons()

    def _show_page(self, row: int) -> None:
        if not self.is_ready:  # the page follows when the profile is open
            self._show_opening(row)
            return
        if self.stack.currentIndex() >= 0 and self._shown:
            self.current_page().flush()
        if 0 <= row < len(PAGES):
            page = self.pages[PAGES[row].title]
            self.stack.setCurrentIndex(row)
            self._shown = True
            page.activated()

    def _show_opening(self, row: int) -> None:
        """Before the profile is open: the page's holder, saying it is on its way."""
        holder = self.stack.widget(row)
        layout = holder.layout() if holder is not None else None
        if layout is not None and layout.count() == 0:
            label = placeholder(f"Opening {PAGES[row].title}…")
            label.setObjectName("opening")
            layout.addWidget(label)
        self.stack.setCurrentIndex(row)

    def show_page(self, title: str) -> Page:
        """Switch to the page called ``title`` and return it."""
        self.sidebar.setCurrentRow(list(self.pages).index(title))
        return self.pages[title]

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        """Show a record on the page that lists its kind."""
        for entry in PAGES:
            if kind in entry.kinds:
                page = self.show_page(entry.title)
                page.open_record(kind, record_id)
                return

    # -- commands ---------------------------------------------------------------------------

    def _undo(self) -> None:
        self.current_page().flush()
        self.ctx.undo.undo()

    def sync_now(self) -> ProgressTask | None:
        """F5: sync with the shared folder or server, or ask for one on the Sync page."""
        self.current_page().flush()
        if not self.sync.target():
            page = self.show_page("Sync")
            getattr(page, "show_message", lambda _t: None)(
                "Choose the shared folder (or a server in Settings), then Sync now."
            )
            return None
        return self.sync.sync_now()

    def open_settings(self) -> QDialog:
        """Settings…: a dialog of tabs (Sync for now); shown without blocking."""
        from smartgrowth_desktop.ui.settings_dialog import SettingsDialog, SyncSettingsTab
        from smartgrowth_desktop.ui.settings_general import GeneralSettingsTab

        general = GeneralSettingsTab(self.ctx.profile)
        general.applied.connect(self._home_zone_changed)
        dialog = SettingsDialog([general, SyncSettingsTab(self.sync)], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.sync.settings_changed.emit())
        dialog.open()
        return dialog

    def _home_zone_changed(self) -> None:
        """Settings → General saved: Today shows the new home time at once."""
        from zoneinfo import ZoneInfo

        from smartgrowth_desktop.ui.home_zone import home_zone

        for page in self.pages.built():
            if hasattr(page, "home_zone"):
                page.home_zone = ZoneInfo(home_zone())
                refresh = getattr(page, "refresh", None)
                if callable(refresh):
                    refresh()

    def _show_conflict_count(self, count: int) -> None:
        """The badge: "Conflicts (3)" in the sidebar and a warning in the status bar."""
        row = next(i for i, e in enumerate(PAGES) if e.title == "Conflicts")
        item = self.sidebar.item(row)
        if item is not None:
            item.setText(f"Conflicts ({count})" if count else "Conflicts")
        noun = "conflict" if count == 1 else "conflicts"
        self.conflicts_button.setText(f"{count} {noun} to review")
        self.conflicts_button.setVisible(count > 0)

    def _delete_current(self) -> None:
        page = self.current_page()
        delete = getattr(page, "delete_selected", None)
        if delete is not None:
            delete()

    def quick_meeting(self) -> None:
        """Ctrl+N: a meeting starting now in the current mission, cursor in the notes."""
        from smartgrowth_desktop.services.meeting_plans import quick_meeting

        profile, records = self.ctx.profile, self.ctx.records

        def create() -> uuid.UUID:
            return records.create("meeting", quick_meeting(profile, datetime.now(UTC)))

        self.ctx.operations.run(create, self._focus_notes)

    def _focus_notes(self, meeting_id: uuid.UUID) -> None:
        self.open_record("meeting", meeting_id)
        page = self.pages["Meetings"]
        notes = getattr(page, "editor", None)
        if notes is not None and "notes" in notes.inputs:
            notes.inputs["notes"].setFocus()

    def export_pack(self, path: str | None = None) -> ProgressTask | None:
        """The briefing pack of the selected mission, or the brief of the selected meeting."""
        page = self.current_page()
        kind = getattr(page, "kind", "")
        selected = getattr(page, "selected_id", lambda: None)() or getattr(
            getattr(page, "editor", None), "record_id", None
        )
        if kind not in ("mission", "meeting") or selected is None:
            self.statusBar().showMessage(
                "Select a mission (for its pack) or a meeting (for its brief) first", 10_000
            )
            return None
        return self.packs.export(kind, selected, path)

    # The helpers behind File-menu commands are made on first use (a quicker start-up).

    @cached_property
    def packs(self) -> PackExporter:
        """Briefing packs (PDF) of a mission or a meeting."""
        from smartgrowth_desktop.ui.pack_export import PackExporter

        return PackExporter(self.ctx, self)

    @cached_property
    def tables(self) -> TableExchange:
        """Spreadsheets in (import wizard) and out (Export list…)."""
        from smartgrowth_desktop.ui.table_exchange import TableExchange

        return TableExchange(self.ctx, self)

    @cached_property
    def backups(self) -> BackupController:
        """The day's backup, Back up now…, Restore from backup…."""
        from smartgrowth_desktop.ui.backup_control import BackupController

        return BackupController(self.ctx, self)

    @cached_property
    def exchange(self) -> ContactExchange:
        """vCards in and out, calendars out, Find duplicates…."""
        from smartgrowth_desktop.ui.contact_exchange import ContactExchange

        return ContactExchange(self.ctx, self)

    def decorate_page(self, page: Page) -> None:
        """Give the mission and meeting lists a context menu with the briefing pack."""
        if getattr(page, "new_button", None) is not None:  # a list page: "Export list…"
            self.tables.decorate(page)
        attach_sync = getattr(page, "attach_sync", None)
        if attach_sync is not None:
            attach_sync(self.sync)
        table = getattr(page, "table", None)
        if getattr(page, "kind", "") not in ("mission", "meeting") or table is None:
            return
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def menu(position: QPoint) -> None:
            index = table.indexAt(position)
            if not index.isValid():
                return
            table.selectRow(index.row())
            from PySide6.QtWidgets import QMenu

            context = QMenu(table)
            noun = "briefing pack" if page.kind == "mission" else "meeting brief"  # type: ignore[attr-defined]
            context.addAction(f"Export {noun}…", self.export_pack)
            if page.kind == "mission":  # type: ignore[attr-defined]
                mission_id = page.selected_id()  # type: ignore[attr-defined]
                context.addAction(
                    "Export calendar…", lambda: self.exchange.export_calendar(None, mission_id)
                )
            context.exec(table.viewport().mapToGlobal(position))

        table.customContextMenuRequested.connect(menu)

    def load_demo(self) -> None:
        """Load the fictional demo programme in the background, with progress and Cancel."""
        from smartgrowth_desktop.services.demo import DemoService
        from smartgrowth_desktop.ui.progress import ProgressTask

        profile = self.ctx.profile
        task = ProgressTask(self.ctx, self, "Demo programme", "Loading the demo programme…")

        def done(counts: dict[str, int]) -> None:
            added = ", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing new"
            self.statusBar().showMessage(f"Demo programme loaded: {added}", 8000)

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):  # one transaction: rolled back whole
                message = "Demo programme cancelled: nothing was changed"
                self.statusBar().showMessage(message, 10_000)
            else:
                show_error(self, error)

        task.start(lambda report: DemoService(profile).load_programme(report), done, failed)

    def import_json(self, path: str | None = None) -> ProgressTask | None:
        """Import a smartgrowth/1 file in the background, with progress and Cancel."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        name = (
            path
            or QFileDialog.getOpenFileName(self, "Import", "", "smartgrowth/1 JSON (*.json)")[0]
        )
        if not name:
            return None
        from smartgrowth_desktop.services.interchange import import_document, load_document
        from smartgrowth_desktop.ui.progress import ProgressTask

        profile = self.ctx.profile
        task = ProgressTask(self.ctx, self, "Import", f"Importing {Path(name).name}…")

        def done(report: Any) -> None:
            created = ", ".join(f"{n} {k}" for k, n in report.created.items()) or "nothing new"
            text = f"Imported: {created}."
            if report.warnings:
                text += f"\n\n{len(report.warnings)} warning(s):\n" + "\n".join(
                    report.warnings[:10]
                )
            self.statusBar().showMessage(f"Imported {Path(name).name}: {created}", 10_000)
            self.last_message = text
            if report.warnings:
                box = QMessageBox(QMessageBox.Icon.Information, "Import", text, parent=self)
                box.setModal(False)
                box.show()

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self.statusBar().showMessage("Import cancelled: nothing was changed", 10_000)
            else:
                show_error(self, error)

        task.start(
            lambda report: import_document(profile, load_document(Path(name)), progress=report),
            done,
            failed,
        )
        return task

    def export_json(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(
            self, "Export", "smartgrowth-export.json", "smartgrowth/1 JSON (*.json)"
        )
        if not name:
            return
        from smartgrowth_desktop.services.interchange import export_document, write_document

        profile = self.ctx.profile
        self.ctx.operations.run(
            lambda: write_document(export_document(profile), Path(name)),
            lambda _r: self.statusBar().showMessage(f"Exported to {name}", 8000),
            lambda e: show_error(self, e),
        )

    def about(self) -> QDialog:
        """Help → About: version, licences, the data folder (window-modal, not blocking)."""
        from smartgrowth_desktop.ui.about import AboutDialog

        dialog = AboutDialog(self.ctx.profile.folder, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- state ------------------------------------------------------------------------------

    def _on_changed(self, summary: WriteSummary) -> None:
        if {"contact", "meeting", "lead"} & set(summary.records):
            self._refresh_counts()

    def _refresh_counts(self) -> None:
        records = self.ctx.records

        def count() -> str:
            return " · ".join(
                f"{records.count(kind):,} {label}"
                for kind, label in (
                    ("contact", "contacts"),
                    ("meeting", "meetings"),
                    ("lead", "leads"),
                )
            )

        self.ctx.operations.run(count, self.counts_label.setText)

    def _busy(self, busy: bool) -> None:
        if self.is_ready:
            self.busy_label.setText("Saving…" if busy else "")

    def _restore_layout(self) -> None:
        settings = self.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True  # an open still under way is finished, then closed
        self._opening = None
        for page in self.pages.built():
            page.flush()
        self.operations.shutdown()
        self.collector.collect()
        self.settings.setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)


def placeholder(text: str) -> QWidget:
    """A centered label (empty states)."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
