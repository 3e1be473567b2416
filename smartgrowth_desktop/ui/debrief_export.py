"""Write a mission's debrief from the window: whom it is for and the format, then the file,
made in the worker with progress (like a briefing pack), then offered to open."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error, show_written
from smartgrowth_desktop.ui.progress import ProgressTask

FILTERS = {"pdf": "PDF (*.pdf)", "docx": "Word document (*.docx)"}


class DebriefOptions(QDialog):
    """For the whole mission or one SME, as PDF or Word."""

    def __init__(self, mission: str, smes: list[tuple[str, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("debrief-options")
        self.setWindowTitle("Write debrief")
        self.scope = QComboBox()
        self.scope.setObjectName("debrief-scope")
        self.scope.setAccessibleName("Debrief for")
        self.scope.addItem("The whole mission", "")
        for sme_id, name in smes:
            self.scope.addItem(f"Only {name}", sme_id)
        self.format = QComboBox()
        self.format.setObjectName("debrief-format")
        self.format.setAccessibleName("Format")
        self.format.addItem("PDF (to read and print)", "pdf")
        self.format.addItem("Word document (to edit)", "docx")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Mission", _label(mission))
        form.addRow("Debrief for", self.scope)
        form.addRow("Format", self.format)
        form.addRow(buttons)

    def chosen(self) -> tuple[str | None, str]:
        """(the SME's id or None for the whole mission, "pdf" or "docx")."""
        return (self.scope.currentData() or None), str(self.format.currentData())


def _label(text: str) -> QWidget:
    from PySide6.QtWidgets import QLabel

    label = QLabel(text)
    label.setWordWrap(True)
    return label


def suggested_name(mission: str, sme: str | None, fmt: str) -> str:
    """ "Debrief Mission name.pdf" (an SME's name added), letters of any script kept."""
    from smartgrowth_desktop.services.follow_up_mail import file_name

    return file_name(f"Debrief {mission}" + (f" {sme}" if sme else ""), f".{fmt}")


class DebriefExporter:
    """Runs a debrief for the window."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        self.ctx, self.parent = ctx, parent
        self.last_result: Any = None
        self.last_box: QMessageBox | None = None
        self.dialog: DebriefOptions | None = None

    def export(self, mission_id: uuid.UUID) -> None:
        """Ask for whom and the format (the SMEs read in the worker), then where."""
        from smartgrowth_desktop.services.debrief import DebriefService

        service = DebriefService(self.ctx.profile)
        self.ctx.operations.run(
            lambda: service.choices(str(mission_id)),
            lambda found: self._ask(mission_id, *found),
            lambda error: show_error(self.parent, error),
        )

    def _ask(self, mission_id: uuid.UUID, name: str, smes: list[tuple[str, str]]) -> None:
        self.dialog = DebriefOptions(name, smes, self.parent)
        names = dict(smes)

        def chosen() -> None:
            assert self.dialog is not None
            sme, fmt = self.dialog.chosen()
            path, _ = QFileDialog.getSaveFileName(
                self.parent,
                "Write debrief",
                suggested_name(name, names.get(sme or ""), fmt),
                FILTERS[fmt],
            )
            if path:
                self.write(mission_id, path, fmt, sme)

        self.dialog.accepted.connect(chosen)
        self.dialog.open()

    def write(
        self, mission_id: uuid.UUID, path: str, fmt: str = "pdf", sme: str | None = None
    ) -> ProgressTask:
        """Write the debrief to ``path`` in the worker."""
        from smartgrowth_desktop.services.debrief import DebriefService

        service = DebriefService(self.ctx.profile)
        task = ProgressTask(self.ctx, self.parent, "Debrief", "Writing the debrief…")
        home, target = self.ctx.home.name, Path(path)

        def work(_report: Any) -> Any:
            return service.write(
                str(mission_id),
                target,
                fmt,
                sme=sme,
                home_tz=home,
                progress=task.report_fraction,
                cancelled=task.stopped,
            )

        task.start(work, self._done, self._failed)
        return task

    def _done(self, result: Any) -> None:
        self.last_result = result
        pages = f", {result.pages} pages" if result.pages else ""
        text = f"Debrief written: {result.path} ({result.meetings} meetings{pages})"
        if isinstance(self.parent, QMainWindow):
            self.parent.statusBar().showMessage(text, 15_000)
        informative = "" if result.meetings else "No meetings were recorded for this mission."
        box = show_written(self.parent, "Debrief", text, result.path, informative)
        self.last_box = box

    def _failed(self, error: BaseException) -> None:
        from smartgrowth_desktop.reports.document import PackCancelled

        if isinstance(error, PackCancelled):
            if isinstance(self.parent, QMainWindow):
                self.parent.statusBar().showMessage("Debrief cancelled: no file was written")
            return
        show_error(self.parent, error)
