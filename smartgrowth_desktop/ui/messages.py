"""One bridge from domain errors to what the user sees (no dialogs from logic)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smartgrowth_desktop.core.errors import SmartGrowthError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Tell the user plainly; bugs get a report they can copy."""
    from PySide6.QtWidgets import QMessageBox  # on demand: the first frame needs none

    if isinstance(error, SmartGrowthError):
        QMessageBox.warning(parent, "SmartGrowth Field Desk", str(error))
        return
    details = getattr(error, "__traceback_text__", None) or repr(error)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText(
        "An unexpected error happened. Your saved work is safe.\n"
        "Please send the details below to the programme's support."
    )
    box.setDetailedText(details)
    box.exec()


def copy_to_clipboard(text: str) -> None:
    from PySide6.QtWidgets import QApplication

    clipboard = QApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)


def show_written(
    parent: QWidget | None, title: str, text: str, path: object, informative: str = ""
) -> QMessageBox:
    """A non-modal "file written" message with Open (the file in its application) and
    Close; returned so the caller can keep it alive."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    if informative:
        box.setInformativeText(informative)
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setModal(False)
    box.buttonClicked.connect(
        lambda button: (
            button is open_button and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        )
    )
    box.show()
    return box
