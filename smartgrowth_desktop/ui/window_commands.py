"""The window's File and Help commands: quick notes, packs, the demo, JSON in and out,
spreadsheets, vCards, backups, About. Each asks a service in the worker, with progress
and Cancel where it takes long; the helpers behind them are made on first use (a quicker
start-up)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.core.labels import counted_list
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from smartgrowth_desktop.ui.backup_control import BackupController
    from smartgrowth_desktop.ui.calendar_import import CalendarImporter
    from smartgrowth_desktop.ui.card_photos import CardPhotos
    from smartgrowth_desktop.ui.contact_exchange import ContactExchange
    from smartgrowth_desktop.ui.debrief_export import DebriefExporter
    from smartgrowth_desktop.ui.mail_preview import FollowUpMails
    from smartgrowth_desktop.ui.main_window import MainWindow
    from smartgrowth_desktop.ui.pack_export import PackExporter
    from smartgrowth_desktop.ui.progress import ProgressTask
    from smartgrowth_desktop.ui.table_exchange import TableExchange

JSON_FILES = "smartgrowth/1 JSON (*.json)"


class WindowCommands:
    """What the menus do, for one window."""

    def __init__(self, ctx: AppContext, window: MainWindow) -> None:
        self.ctx, self.window = ctx, window

    def _say(self, text: str, msecs: int = 10_000) -> None:
        self.window.statusBar().showMessage(text, msecs)

    # -- on the road ----------------------------------------------------------------------

    def quick_meeting(self) -> None:
        """Ctrl+N: a meeting starting now, in the mission under way and its market's zone
        (else the home zone, and the editor says which), cursor in the notes."""
        from smartgrowth_desktop.services.meeting_plans import quick_plan

        profile, records, home = self.ctx.profile, self.ctx.records, self.ctx.home.name

        def create() -> tuple[uuid.UUID, str]:
            plan = quick_plan(profile, datetime.now(UTC), home)
            return records.create("meeting", plan.values), plan.zone_source

        self.ctx.operations.run(create, lambda made: self._focus_notes(*made))

    def _focus_notes(self, meeting_id: uuid.UUID, zone_source: str = "") -> None:
        self.window.open_record("meeting", meeting_id)
        page = self.window.pages["Meetings"]
        from smartgrowth_desktop.ui.editors.meeting import MeetingEditor

        editor = getattr(page, "editor", None)
        if isinstance(editor, MeetingEditor):
            editor.say_zone_source(zone_source)
            editor.inputs["notes"].setFocus()

    def export_pack(self, path: str | None = None) -> ProgressTask | None:
        """The briefing pack of the selected mission, or the brief of the selected meeting."""
        chosen = self.window.current_page().selected_record()
        if chosen is None or chosen.kind not in ("mission", "meeting"):
            self._say("Select a mission (for its pack) or a meeting (for its brief) first")
            return None
        return self.packs.export(chosen.kind, chosen.id, path)

    def export_debrief(self) -> None:
        """The debrief of the selected mission (for it whole or one SME, PDF or Word)."""
        chosen = self.window.current_page().selected_record()
        if chosen is None or chosen.kind != "mission":
            self._say("Select a mission first (Missions page) to write its debrief")
            return
        self.debriefs.export(chosen.id)

    def follow_up_mails(self) -> None:
        """The follow-up e-mails of the selected meeting, one per person met."""
        chosen = self.window.current_page().selected_record()
        if chosen is None or chosen.kind != "meeting":
            self._say("Select a meeting first (Meetings page) to write its follow-up e-mails")
            return
        self.mails.open(chosen.id)

    # -- the programme, in and out ------------------------------------------------------

    def load_demo(self) -> None:
        """Load the fictional demo programme in the background, with progress and Cancel."""
        from smartgrowth_desktop.services.demo import DemoService
        from smartgrowth_desktop.ui.progress import ProgressTask

        profile = self.ctx.profile
        task = ProgressTask(self.ctx, self.window, "Demo programme", "Loading the demo programme…")

        def done(counts: dict[str, int]) -> None:
            added = counted_list(counts) or "nothing new"
            self._say(f"Demo programme loaded: {added}", 8000)

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):  # one transaction: rolled back whole
                self._say("Demo programme cancelled: nothing was changed")
            else:
                show_error(self.window, error)

        task.start(lambda report: DemoService(profile).load_programme(report), done, failed)

    def import_json(self, path: str | None = None) -> ProgressTask | None:
        """Import a smartgrowth/1 file in the background, with progress and Cancel."""
        from PySide6.QtWidgets import QFileDialog

        name = path or QFileDialog.getOpenFileName(self.window, "Import", "", JSON_FILES)[0]
        if not name:
            return None
        from smartgrowth_desktop.services.interchange import import_document, load_document
        from smartgrowth_desktop.ui.progress import ProgressTask

        profile = self.ctx.profile
        task = ProgressTask(self.ctx, self.window, "Import", f"Importing {Path(name).name}…")

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self._say("Import cancelled: nothing was changed")
            else:
                show_error(self.window, error)

        task.start(
            lambda report: import_document(profile, load_document(Path(name)), progress=report),
            lambda report: self._imported(Path(name), report),
            failed,
        )
        return task

    def _imported(self, path: Path, report: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        created = counted_list(report.created) or "nothing new"
        text = f"Imported: {created}."
        if report.warnings:
            warnings = "\n".join(report.warnings[:10])
            text += f"\n\n{len(report.warnings)} warning(s):\n{warnings}"
        self._say(f"Imported {path.name}: {created}")
        self.window.last_message = text
        if report.warnings:
            box = QMessageBox(QMessageBox.Icon.Information, "Import", text, parent=self.window)
            box.setModal(False)
            box.show()

    def export_json(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export", "smartgrowth-export.json", JSON_FILES
        )
        if not name:
            return
        from smartgrowth_desktop.services.interchange import export_document, write_document

        profile = self.ctx.profile
        self.ctx.operations.run(
            lambda: write_document(export_document(profile), Path(name)),
            lambda _r: self._say(f"Exported to {name}", 8000),
            lambda e: show_error(self.window, e),
        )

    # -- dialogs --------------------------------------------------------------------------

    def open_settings(self) -> QDialog:
        """Settings…: a dialog of tabs (General, Sync, Security, Privacy); not blocking."""
        from smartgrowth_desktop.ui.encryption_control import encryption_for
        from smartgrowth_desktop.ui.settings_dialog import SettingsDialog, SyncSettingsTab
        from smartgrowth_desktop.ui.settings_general import GeneralSettingsTab
        from smartgrowth_desktop.ui.settings_privacy import PrivacySettingsTab
        from smartgrowth_desktop.ui.settings_security import SecuritySettingsTab

        sync = self.window.sync
        general = GeneralSettingsTab(self.ctx.profile, self.ctx.home, ctx=self.ctx)
        security = SecuritySettingsTab(encryption_for(self.window, self.ctx))
        privacy = PrivacySettingsTab(self.ctx)
        from smartgrowth_desktop.ui.settings_currency import CurrencySettingsTab

        currencies = CurrencySettingsTab(self.ctx)
        from smartgrowth_desktop.ui.settings_mail import MailSettingsTab

        mail = MailSettingsTab(self.ctx.profile)
        tabs = [general, SyncSettingsTab(sync), security, privacy, currencies, mail]
        dialog = SettingsDialog(tabs, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: sync.settings_changed.emit())
        dialog.open()
        return dialog

    def about(self) -> QDialog:
        """Help → About: version, licences, the data folder (window-modal, not blocking)."""
        from smartgrowth_desktop.ui.about import AboutDialog

        dialog = AboutDialog(self.ctx.profile.folder, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- the helpers, made on first use ---------------------------------------------------

    @cached_property
    def packs(self) -> PackExporter:
        """Briefing packs (PDF) of a mission or a meeting."""
        from smartgrowth_desktop.ui.pack_export import PackExporter

        return PackExporter(self.ctx, self.window)

    @cached_property
    def debriefs(self) -> DebriefExporter:
        """Debriefs (PDF or Word) of a mission or one of its SMEs."""
        from smartgrowth_desktop.ui.debrief_export import DebriefExporter

        return DebriefExporter(self.ctx, self.window)

    @cached_property
    def mails(self) -> FollowUpMails:
        """The follow-up e-mails of a meeting."""
        from smartgrowth_desktop.ui.mail_preview import FollowUpMails

        return FollowUpMails(self.ctx, self.window)

    @cached_property
    def tables(self) -> TableExchange:
        """Spreadsheets in (import wizard) and out (Export list…)."""
        from smartgrowth_desktop.ui.table_exchange import TableExchange

        return TableExchange(self.ctx, self.window)

    @cached_property
    def backups(self) -> BackupController:
        """The day's backup, Back up now…, Restore from backup…."""
        from smartgrowth_desktop.ui.backup_control import BackupController

        return BackupController(self.ctx, self.window)

    @cached_property
    def calendar(self) -> CalendarImporter:
        """Import calendar (made on first use)."""
        from smartgrowth_desktop.ui.calendar_import import CalendarImporter

        return CalendarImporter(self.ctx, self.window)

    @cached_property
    def cards(self) -> CardPhotos:
        """Add contacts from card photos (made on first use)."""
        from smartgrowth_desktop.ui.card_photos import CardPhotos

        return CardPhotos(self.ctx, self.window)

    @cached_property
    def exchange(self) -> ContactExchange:
        """vCards in and out, calendars out, Find duplicates…."""
        from smartgrowth_desktop.ui.contact_exchange import ContactExchange

        return ContactExchange(self.ctx, self.window)
