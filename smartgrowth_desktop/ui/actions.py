"""Every action of the window declared once: text, shortcut, tip; menus are built from it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QKeySequence


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
    IMPORT_JSON = "import_json"
    EXPORT_JSON = "export_json"
    IMPORT_TABLE = "import_table"
    EXPORT_LIST = "export_list"
    BACKUP_NOW = "backup_now"
    RESTORE_BACKUP = "restore_backup"
    IMPORT_VCARD = "import_vcard"
    EXPORT_VCARD = "export_vcard"
    EXPORT_CALENDAR = "export_calendar"
    FIND_DUPLICATES = "find_duplicates"
    QUIT = "quit"
    SYNC_NOW = "sync_now"
    SYNC_PAGE = "sync_page"
    CONFLICTS = "conflicts"
    ABOUT = "about"


@dataclass(frozen=True)
class ActionSpec:
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
    ActionId.IMPORT_VCARD: ActionSpec(
        "Import &vCard…", None, "Contacts from a phone, Outlook, Google or Apple", "File"
    ),
    ActionId.EXPORT_VCARD: ActionSpec("Export v&Card…", None, "All contacts as vCard", "File"),
    ActionId.EXPORT_CALENDAR: ActionSpec(
        "Export ca&lendar…", None, "Meetings as iCalendar for Outlook, Google, Apple", "File"
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
    ActionId.ABOUT: ActionSpec(
        "&About SmartGrowth Field Desk", None, "Version, licences, data folder", "Help"
    ),
}
