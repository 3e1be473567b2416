"""What a delegate can do for a person's rights from a contact's right-click menu.

"Everything we hold on this person…" writes the subject access export (JSON and PDF,
``services/subject_access.py``) into a folder the delegate picks; "Erase this person…"
asks first, then erases (``services/erasure.py``) and lists the records whose text still
names them. Both run in the worker.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from smartgrowth_desktop.ui.erase_dialogs import confirm_erase, erased_text
from smartgrowth_desktop.ui.messages import show_error

if TYPE_CHECKING:
    from smartgrowth_desktop.ui.context import AppContext


class PersonActions(QObject):
    """The subject access export and the erasure of one contact, for a page's menu."""

    #: a contact was erased (its id)
    erased = Signal(object)
    #: a subject access export was written (the JSON and PDF paths)
    exported = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.widget = parent

    def fill(self, menu: QMenu, contact_id: uuid.UUID, name: str) -> None:
        """Add the two actions for ``contact_id`` to a right-click menu."""
        export = menu.addAction("Everything we hold on this person…")
        export.setObjectName("subject-export")
        export.triggered.connect(lambda: self.export_everything(contact_id))
        erase = menu.addAction("Erase this person…")
        erase.setObjectName("erase-person")
        erase.triggered.connect(lambda: self.erase(contact_id, name))

    def choose_folder(self) -> Path | None:
        """Where the export goes (a folder the delegate picks; None: cancelled)."""
        chosen = QFileDialog.getExistingDirectory(self.widget, "Write the export into")
        return Path(chosen) if chosen else None

    def export_everything(self, contact_id: uuid.UUID) -> None:
        """Write the JSON and the PDF of everything held on the person, in the worker."""
        folder = self.choose_folder()
        if folder is None:
            return
        from smartgrowth_desktop.services.subject_access import write_subject_export

        profile = self.ctx.profile
        self.ctx.operations.run(
            lambda: write_subject_export(profile, contact_id, folder),
            self._exported,
            lambda error: show_error(self.widget, error),
        )

    def _exported(self, paths: Any) -> None:
        json_path, pdf_path = paths
        self.exported.emit(paths)
        self._say(
            "Exported",
            "subject-exported",
            f"Everything this profile holds on the person is in\n{pdf_path}\nand, as data, "
            f"in\n{json_path}\n\nBoth hold personal data: send them to the person only.",
        )

    def erase(self, contact_id: uuid.UUID, name: str) -> None:
        """Erase the person after the confirmation, in the worker."""
        if not confirm_erase(self.widget, name):
            return
        from smartgrowth_desktop.services.erasure import erase_contact

        profile = self.ctx.profile
        self.ctx.operations.run(
            lambda: erase_contact(profile, contact_id),
            lambda result: self._erased(contact_id, result),
            lambda error: show_error(self.widget, error),
        )

    def _erased(self, contact_id: uuid.UUID, result: Any) -> None:
        self.erased.emit(contact_id)
        self._say("Erased", "erased", erased_text(result))

    def _say(self, title: str, name: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self.widget)
        box.setObjectName(name)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
