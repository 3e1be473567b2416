"""Spreadsheets from the window: File → Import spreadsheet…, and "Export list…" on lists.

An exported list is what the page shows: its columns as displayed, every row matching
its current filter (and trash or mission choice) in its current order, read page by page
in the worker, so a list of 100,000 contacts exports without blocking the window.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from smartgrowth_desktop.exchange.table_write import write_table
from smartgrowth_desktop.services.lists import ListQuery, ListService
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.models.record_table import Column
from smartgrowth_desktop.ui.pages.base import Page
from smartgrowth_desktop.ui.table_import_dialog import TableImportDialog

EXPORT_PAGE_ROWS = 2000


def list_rows(
    lists: ListService, query: ListQuery, columns: Sequence[Column]
) -> tuple[list[str], Iterator[list[str]]]:
    """The headers and every row of a list as shown, read page by page.

    The list's query (filter, trash, conditions, sort) is paged through on its own, so
    the visible list is left as it is. Call the iterator in the worker.
    """
    shown = list(columns)

    def rows() -> Iterator[list[str]]:
        after = None
        while True:
            page = lists.page(query, after, EXPORT_PAGE_ROWS)
            last = None
            for last in page.dicts():
                yield [column.display(last) for column in shown]
            if not page.more or last is None:
                return
            after = lists.cursor(query, last)

    return [c.title for c in shown], rows()


class TableExchange:
    """The window's spreadsheet commands."""

    def __init__(self, ctx: AppContext, window: Any) -> None:
        self.ctx = ctx
        self.window = window
        self.dialog: TableImportDialog | None = None
        self.last_box: QMessageBox | None = None

    def import_spreadsheet(self, path: str = "") -> TableImportDialog:
        """Open the import dialog (window-modal; the import runs in the background)."""
        self.dialog = TableImportDialog(self.ctx, self.window, path)
        self.dialog.accepted.connect(self._imported)
        self.dialog.open()
        return self.dialog

    def _imported(self) -> None:
        report = self.dialog.report if self.dialog is not None else None
        if report is None:
            return
        noun = "contacts" if report.kind == "contact" else "organizations"
        text = f"Imported {report.created:,} {noun}"
        if report.organizations_created:
            text += f" and {report.organizations_created:,} new organizations"
        if report.already_there:
            text += f"; {report.already_there:,} organizations were already here"
        self.window.statusBar().showMessage(text, 10_000)
        if report.rejected:
            box = QMessageBox(
                QMessageBox.Icon.Information, "Import", text + ".", parent=self.window
            )
            box.setInformativeText(f"{len(report.rejected):,} rows were not imported.")
            box.setDetailedText("\n".join(str(p) for p in report.rejected))
            box.setModal(False)
            box.show()
            self.last_box = box

    def export_list(self, page: Page | None = None, path: str | None = None) -> bool:
        """Export the list of ``page`` (default: the current page); False if it has none."""
        page = page or self.window.current_page()
        shown = page.list_export()
        if shown is None:
            self.window.statusBar().showMessage("This page has no list to export", 8000)
            return False
        if path is None:
            title = shown.title.lower()
            path, _ = QFileDialog.getSaveFileName(
                self.window,
                "Export list",
                f"{title}.xlsx",
                "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)",
            )
            if not path:
                return False
        target = Path(path)
        headers, rows = list_rows(self.ctx.lists, shown.query, shown.columns)
        self.window.statusBar().showMessage(f"Exporting to {target.name}…")
        self.ctx.operations.run(
            lambda: write_table(target, headers, rows),
            lambda count: self.window.statusBar().showMessage(
                f"Exported {count:,} rows to {target}", 10_000
            ),
            lambda error: show_error(self.window, error),
        )
        return True
