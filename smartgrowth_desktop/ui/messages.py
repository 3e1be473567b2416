"""One bridge from domain errors to what the user sees (no dialogs from logic)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from smartgrowth_desktop.core.errors import SmartGrowthError


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Tell the user plainly; bugs get a report they can copy."""
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
    clipboard = QApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)
