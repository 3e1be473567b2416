"""vCard import (with its preview) and export, calendar export and Find duplicates, for
the window: file dialogs here, the work in the background, results in the status bar."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.progress import ProgressTask

if TYPE_CHECKING:  # vobject loads only when a vCard command is used (quick start-up)
    from smartgrowth_desktop.services.contact_import import CardImportReport, ImportPreview

VCARD_FILTER = "vCard (*.vcf *.vcard);;All files (*)"


class ContactExchange:
    """The window's vCard, calendar and duplicates commands."""

    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        self.ctx = ctx
        self.window = window
        self.dialog: Any = None
        self.last_report: CardImportReport | None = None

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 12_000)

    # -- vCard import -----------------------------------------------------------------------

    def import_vcard(self, paths: list[str] | None = None) -> ProgressTask | None:
        """Choose files, read and check them in the background, then show the preview."""
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self.window, "Import vCard", "", VCARD_FILTER)
        if not paths:
            return None
        from smartgrowth_desktop.services.contact_import import preview_files

        files = [Path(p) for p in paths]
        names = ", ".join(f.name for f in files)
        profile = self.ctx.profile
        task = ProgressTask(self.ctx, self.window, "Import vCard", f"Reading {names}…")
        task.start(
            lambda _report: preview_files(profile, files),
            lambda preview: self._show_preview(preview, names),
            lambda error: show_error(self.window, error),
        )
        return task

    def _show_preview(self, preview: ImportPreview, names: str) -> None:
        from smartgrowth_desktop.ui.vcard_preview import VCardImportDialog

        dialog = VCardImportDialog(preview, names, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._import(preview, names))
        self.dialog = dialog
        dialog.open()

    def _import(self, preview: ImportPreview, names: str) -> ProgressTask:
        from smartgrowth_desktop.services.contact_import import import_cards

        profile = self.ctx.profile
        task = ProgressTask(self.ctx, self.window, "Import vCard", f"Importing {names}…")

        def done(report: CardImportReport) -> None:
            self.last_report = report
            self._status(
                f"Imported {names}: {report.created} new, {report.merged} merged, "
                f"{report.skipped} skipped, {len(report.rejected)} not readable, "
                f"{report.photos} photos"
            )
            if report.warnings:
                box = QMessageBox(
                    QMessageBox.Icon.Information,
                    "Import vCard",
                    f"Imported, with {len(report.warnings)} note(s):",
                    parent=self.window,
                )
                box.setDetailedText("\n".join(report.warnings))
                box.setModal(False)
                box.show()

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self._status("Import cancelled: nothing was changed")
            else:
                show_error(self.window, error)

        task.start(lambda report: import_cards(profile, preview, progress=report), done, failed)
        return task

    # -- exports ----------------------------------------------------------------------------

    def export_vcard(
        self, path: str | None = None, mission_id: uuid.UUID | None = None
    ) -> ProgressTask | None:
        """Write the contacts (of a mission, or all) as vCard 3.0, with progress and Cancel."""
        from smartgrowth_desktop.services.contacts_export import load_cards, write_vcards

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.window, "Export vCard", "contacts.vcf", VCARD_FILTER
            )
        if not path:
            return None
        target, profile = Path(path), self.ctx.profile
        task = ProgressTask(self.ctx, self.window, "Export vCard", f"Writing {target.name}…")

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self._status("vCard export cancelled: no file was written")
            else:
                show_error(self.window, error)

        task.start(
            lambda report: write_vcards(load_cards(profile, mission_id), target, progress=report),
            lambda count: self._status(f"Exported {count} contacts to {target}"),
            failed,
        )
        return task

    def export_calendar(self, path: str | None = None, mission_id: uuid.UUID | None = None) -> None:
        """Write the meetings (of a mission, or all) as an iCalendar file."""
        from smartgrowth_desktop.services.calendar_export import export_calendar

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.window, "Export calendar", "meetings.ics", "iCalendar (*.ics)"
            )
        if not path:
            return
        target, profile = Path(path), self.ctx.profile
        self.ctx.operations.run(
            lambda: export_calendar(profile, target, mission_id),
            lambda count: self._status(f"Exported {count} meetings to {target}"),
            lambda error: show_error(self.window, error),
        )

    # -- duplicates -------------------------------------------------------------------------

    def find_duplicates(self) -> Any:
        """Open the Find duplicates window (not modal: the main window stays usable)."""
        from smartgrowth_desktop.ui.duplicates_view import DuplicatesDialog

        dialog = DuplicatesDialog(self.ctx, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.show()
        return dialog
