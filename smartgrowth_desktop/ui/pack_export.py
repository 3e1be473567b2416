"""Export a briefing pack from the window: in the worker, with progress, then offer to open it."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error, show_written
from smartgrowth_desktop.ui.progress import ProgressTask


def suggested_name(title: str) -> str:
    """A file name from a mission or meeting title (letters of any script kept)."""
    cleaned = re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE).strip()
    return (re.sub(r"\s+", " ", cleaned)[:80] or "briefing-pack") + ".pdf"


class PackExporter:
    """Runs a mission pack or a meeting brief for the window."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        self.ctx = ctx
        self.parent = parent
        self.last_result: Any = None
        self.last_box: QMessageBox | None = None

    def export(
        self, kind: str, record_id: uuid.UUID, path: str | None = None
    ) -> ProgressTask | None:
        """Ask where to save (unless ``path``), then make the pack in the background."""
        from smartgrowth_desktop.services.packs import PackService

        values = self.ctx.records.get_wire(kind, record_id)
        title = str(values.get("name") or values.get("title") or "briefing-pack")
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.parent, "Export briefing pack", suggested_name(title), "PDF (*.pdf)"
            )
            if not path:
                return None
        service = PackService(self.ctx.profile)
        task = ProgressTask(self.ctx, self.parent, "Briefing pack", f"Making the pack for {title}…")
        target = Path(path)

        home = self.ctx.home.name

        def work(_report: Any) -> Any:
            if kind == "mission":
                return service.mission_pack(
                    str(record_id),
                    target,
                    home_tz=home,
                    progress=task.report_fraction,
                    cancelled=task.stopped,
                )
            return service.meeting_brief(
                record_id,
                target,
                home_tz=home,
                progress=task.report_fraction,
                cancelled=task.stopped,
            )

        task.start(work, self._done, self._failed)
        return task

    def _say(self, text: str, msecs: int) -> None:
        if isinstance(self.parent, QMainWindow):
            self.parent.statusBar().showMessage(text, msecs)

    def _done(self, result: Any) -> None:
        self.last_result = result
        text = f"Briefing pack written: {result.path} ({result.pages} pages)"
        self._say(text, 15_000)
        details = "\n".join(f"• {w}" for w in result.warnings[:10])
        informative = f"Some things could not be shown:\n{details}" if details else ""
        box = show_written(self.parent, "Briefing pack", text, result.path, informative)
        self.last_box = box

    def _failed(self, error: BaseException) -> None:
        from smartgrowth_desktop.reports.document import PackCancelled  # reportlab: on use

        if isinstance(error, PackCancelled):
            self._say("Briefing pack cancelled: no file was written", 10_000)
            return
        show_error(self.parent, error)
