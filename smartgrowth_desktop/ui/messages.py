"""One bridge from domain errors to what the user sees (no dialogs from logic)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smartgrowth_desktop.core.errors import SmartGrowthError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


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
