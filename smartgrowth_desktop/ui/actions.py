"""Every action of the window declared once: text, shortcut, tip; menus are built from it
(``build_menus``), the window only says what each one runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu

    from smartgrowth_desktop.ui.main_window import MainWindow


class ActionId(Enum):
    NEW_RECORD = "new_record"
    QUICK_MEETING = "quick_meeting"
    SEARCH = "search"
    SETTINGS = "settings"
    DELETE = "delete"
    UNDO = "undo"
    REDO = "redo"
    LOAD_DEMO = "load_demo"
    EXPORT_PACK = "export_pack"
    EXPORT_DEBRIEF = "export_debrief"
    FOLLOW_UP_MAILS = "follow_up_mails"
    IMPORT_JSON = "import_json"
    EXPORT_JSON = "export_json"
    IMPORT_TABLE = "import_table"
    EXPORT_LIST = "export_list"
    BACKUP_NOW = "backup_now"
    RESTORE_BACKUP = "restore_backup"
    IMPORT_VCARD = "import_vcard"
    ADD_CARD_PHOTOS = "add_card_photos"
    EXPORT_VCARD = "export_vcard"
    EXPORT_CALENDAR = "export_calendar"
    IMPORT_CALENDAR = "import_calendar"
    FIND_DUPLICATES = "find_duplicates"
    QUIT = "quit"
    SYNC_NOW = "sync_now"
    SYNC_PAGE = "sync_page"
    CONFLICTS = "conflicts"
    TRAVEL_MODE = "travel_mode"
    REMOVE_PROFILE = "remove_profile"
    ABOUT = "about"


class ActionSpec(NamedTuple):
    """An action as declared (a NamedTuple: made at start-up, ten times cheaper to make
    than a dataclass)."""

    text: str
    shortcut: QKeySequence.StandardKey | str | None
    tip: str
    menu: str


ACTIONS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_RECORD: ActionSpec(
        "New &record on this page", "Ctrl+Shift+N", "New record on this page", "File"
    ),
    ActionId.QUICK_MEETING: ActionSpec(
        "Quick &meeting note",
        QKeySequence.StandardKey.New,
        "A meeting starting now, in the current mission, cursor in the notes",
        "File",
    ),
    ActionId.IMPORT_JSON: ActionSpec("&Import smartgrowth/1 JSON…", None, "Import a file", "File"),
    ActionId.EXPORT_JSON: ActionSpec("&Export smartgrowth/1 JSON…", None, "Export all", "File"),
    ActionId.IMPORT_TABLE: ActionSpec(
        "Import &spreadsheet…", None, "Organizations or contacts from CSV or Excel", "File"
    ),
    ActionId.EXPORT_LIST: ActionSpec(
        "Export this &list…", None, "The list on this page, as filtered, to CSV or Excel", "File"
    ),
    ActionId.BACKUP_NOW: ActionSpec(
        "Back &up now…", None, "A backup of the whole profile, attachments included", "File"
    ),
    ActionId.RESTORE_BACKUP: ActionSpec(
        "Rest&ore from backup…", None, "Replace this profile by one of its backups", "File"
    ),
    ActionId.EXPORT_PACK: ActionSpec(
        "Export &briefing pack…",
        "Ctrl+P",
        "PDF pack of the selected mission, or brief of the selected meeting",
        "File",
    ),
    ActionId.EXPORT_DEBRIEF: ActionSpec(
        "Write &debrief…",
        None,
        "Debrief of the selected mission (or one of its SMEs), as PDF or Word",
        "File",
    ),
    ActionId.FOLLOW_UP_MAILS: ActionSpec(
        "Follow-up &e-mails…",
        None,
        "Thank-you e-mails to the people met at the selected meeting",
        "File",
    ),
    ActionId.IMPORT_VCARD: ActionSpec(
        "Import &vCard…", None, "Contacts from a phone, Outlook, Google or Apple", "File"
    ),
    ActionId.ADD_CARD_PHOTOS: ActionSpec(
        "Add contacts from card &photos…",
        None,
        "Business-card photos read offline, each card checked before it is saved",
        "File",
    ),
    ActionId.EXPORT_VCARD: ActionSpec("Export v&Card…", None, "All contacts as vCard", "File"),
    ActionId.EXPORT_CALENDAR: ActionSpec(
        "Export ca&lendar…", None, "Meetings as iCalendar for Outlook, Google, Apple", "File"
    ),
    ActionId.IMPORT_CALENDAR: ActionSpec(
        "Import calendar…", None, "Meetings from Outlook, Google or Apple invitations", "File"
    ),
    ActionId.LOAD_DEMO: ActionSpec("Load &demo programme", None, "Fictional demo data", "File"),
    ActionId.QUIT: ActionSpec("&Quit", QKeySequence.StandardKey.Quit, "Quit", "File"),
    ActionId.UNDO: ActionSpec("&Undo", QKeySequence.StandardKey.Undo, "Undo", "Edit"),
    ActionId.REDO: ActionSpec("&Redo", QKeySequence.StandardKey.Redo, "Redo", "Edit"),
    ActionId.DELETE: ActionSpec("Move to &trash", "Ctrl+Delete", "Delete the record", "Edit"),
    ActionId.SEARCH: ActionSpec("&Search everything…", "Ctrl+K", "Global search", "Edit"),
    ActionId.SETTINGS: ActionSpec(
        "Se&ttings…",
        QKeySequence.StandardKey.Preferences,
        "Where to sync (shared folder or team server), and more",
        "Edit",
    ),
    ActionId.FIND_DUPLICATES: ActionSpec(
        "Find &duplicates…", None, "Contact cards that look like one person", "Edit"
    ),
    ActionId.SYNC_NOW: ActionSpec(
        "&Sync now", "F5", "Sync with the shared folder (Ctrl+Shift+S too)", "Sync"
    ),
    ActionId.SYNC_PAGE: ActionSpec(
        "Sync &settings and result…", None, "Shared folder, laptop name, passphrase", "Sync"
    ),
    ActionId.CONFLICTS: ActionSpec(
        "Review &conflicts…", None, "Values edited on several laptops at once", "Sync"
    ),
    ActionId.TRAVEL_MODE: ActionSpec(
        "&Travel mode…",
        None,
        "Carry only some missions abroad; everything else waits on the sync target",
        "Sync",
    ),
    ActionId.REMOVE_PROFILE: ActionSpec(
        "&Remove this profile from this laptop…",
        None,
        "Delete the profile here once the sync target holds all of it",
        "Sync",
    ),
    ActionId.ABOUT: ActionSpec(
        "&About SmartGrowth Field Desk", None, "Version, licences, data folder", "Help"
    ),
}


def build_menus(
    window: QMainWindow, handlers: Mapping[ActionId, Callable[[], object]]
) -> dict[ActionId, QAction]:
    """The menu bar from ``ACTIONS``: one QAction per id, triggering its handler."""
    actions: dict[ActionId, QAction] = {}
    menus: dict[str, QMenu] = {}
    for action_id, spec in ACTIONS.items():
        menu = menus.get(spec.menu)
        if menu is None:
            menu = menus[spec.menu] = window.menuBar().addMenu(f"&{spec.menu}")
        action = QAction(spec.text, window)
        action.setObjectName(f"action-{action_id.value}")
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.setToolTip(spec.tip)
        action.setStatusTip(spec.tip)
        action.triggered.connect(lambda _c=False, run=handlers[action_id]: run())
        menu.addAction(action)
        actions[action_id] = action
    actions[ActionId.SYNC_NOW].setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+Shift+S")])
    actions[ActionId.UNDO].setEnabled(False)  # until there is something to undo
    actions[ActionId.REDO].setEnabled(False)
    return actions


def action_handlers(window: MainWindow) -> dict[ActionId, Callable[[], object]]:
    """What each action runs; commands chosen while the profile opens run once it is open."""
    run: dict[ActionId, Callable[[], object]] = {
        ActionId.NEW_RECORD: lambda: window.current_page().new_record(),
        ActionId.QUICK_MEETING: lambda: window.commands.quick_meeting(),
        ActionId.SEARCH: lambda: window.search_popup.open_fresh(),
        ActionId.SETTINGS: lambda: window.commands.open_settings(),
        ActionId.DELETE: lambda: window.current_page().delete_selected(),
        ActionId.UNDO: lambda: window.undo(),
        ActionId.REDO: lambda: window.ctx.undo.redo(),
        ActionId.LOAD_DEMO: lambda: window.commands.load_demo(),
        ActionId.EXPORT_PACK: lambda: window.commands.export_pack(),
        ActionId.EXPORT_DEBRIEF: lambda: window.commands.export_debrief(),
        ActionId.FOLLOW_UP_MAILS: lambda: window.commands.follow_up_mails(),
        ActionId.IMPORT_JSON: lambda: window.commands.import_json(),
        ActionId.EXPORT_JSON: lambda: window.commands.export_json(),
        ActionId.IMPORT_TABLE: lambda: window.commands.tables.import_spreadsheet(),
        ActionId.EXPORT_LIST: lambda: window.commands.tables.export_list(),
        ActionId.BACKUP_NOW: lambda: window.commands.backups.back_up_now(),
        ActionId.RESTORE_BACKUP: lambda: window.commands.backups.choose_restore(),
        ActionId.IMPORT_VCARD: lambda: window.commands.exchange.import_vcard(),
        ActionId.ADD_CARD_PHOTOS: lambda: window.commands.cards.add_from_photos(),
        ActionId.EXPORT_VCARD: lambda: window.commands.exchange.export_vcard(),
        ActionId.EXPORT_CALENDAR: lambda: window.commands.exchange.export_calendar(),
        ActionId.IMPORT_CALENDAR: lambda: window.commands.calendar.import_calendar(),
        ActionId.FIND_DUPLICATES: lambda: window.commands.exchange.find_duplicates(),
        ActionId.QUIT: window.close,
        ActionId.SYNC_NOW: lambda: window.sync_now(),
        ActionId.SYNC_PAGE: lambda: window.show_page("Sync"),
        ActionId.CONFLICTS: lambda: window.show_page("Conflicts"),
        ActionId.TRAVEL_MODE: lambda: window.travel.open_dialog(),
        ActionId.REMOVE_PROFILE: lambda: window.travel.ask_remove(),
        ActionId.ABOUT: lambda: window.commands.about(),
    }
    return {key: _when_ready(window, handler) for key, handler in run.items()}


def _when_ready(window: MainWindow, handler: Callable[[], object]) -> Callable[[], object]:
    return lambda: window.when_ready(handler)
