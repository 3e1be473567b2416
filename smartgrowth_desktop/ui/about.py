"""Help → About: the version, Qt's and PySide6's, the licences we ship, the data folder."""

from __future__ import annotations

import html
from pathlib import Path

import PySide6
from PySide6.QtCore import QSize, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop import shipped
from smartgrowth_desktop.services import about

ICON_SIZE = 64


def qt_versions() -> str:
    """``Qt 6.x.y · PySide6 6.x.y · Python 3.x.y``."""
    return f"Qt {qVersion()} · PySide6 {PySide6.__version__} · {about.python_version()}"


def app_icon() -> QIcon:
    """The app icon from the SVG (sharp at any scale), or an empty icon."""
    path = shipped.resource_path("icons", "smartgrowth.svg")
    return QIcon(str(path)) if path is not None else QIcon()


class AboutDialog(QDialog):
    """The version, the licences of what we ship and a way into the data folder."""

    def __init__(self, data_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {about.APP_TITLE}")
        self.setObjectName("about")
        self.data_folder = data_folder
        tabs = QTabWidget()
        tabs.addTab(self._about_tab(), "About")
        tabs.addTab(self._licences_tab(), "Licences")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(620, 480)

    def _about_tab(self) -> QWidget:
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(QSize(ICON_SIZE, ICON_SIZE), self.devicePixelRatioF()))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.version_label = QLabel(
            f"<h2>{html.escape(about.APP_TITLE)}</h2>"
            f"<p>Version {html.escape(about.version_line().split()[-1])}</p>"
            "<p>Meeting notes, contacts and leads for the delegates of the "
            "4SmartGrowth export programme.</p>"
        )
        self.version_label.setObjectName("about-version")
        self.version_label.setWordWrap(True)
        self.qt_label = QLabel(html.escape(qt_versions()))
        self.qt_label.setObjectName("about-qt")
        self.folder_link = QLabel('<a href="open">Open the data folder</a>')
        self.folder_link.setObjectName("about-open-folder")
        self.folder_link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.folder_link.linkActivated.connect(lambda _link: self.open_data_folder())
        self.folder_path = QLabel(str(self.data_folder))
        self.folder_path.setObjectName("about-data-folder")
        self.folder_path.setWordWrap(True)
        self.folder_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_path.setToolTip("Your profile: the database and attachments")
        text = QVBoxLayout()
        for widget in (self.version_label, self.qt_label):
            text.addWidget(widget)
        text.addSpacing(12)
        text.addWidget(QLabel("<b>Data folder</b>"))
        text.addWidget(self.folder_path)
        text.addWidget(self.folder_link)
        text.addStretch(1)
        page = QWidget()
        row = QHBoxLayout(page)
        row.addWidget(icon)
        row.addLayout(text, 1)
        return page

    def _licences_tab(self) -> QWidget:
        self.licences = about.licences()
        self.licence_list = QListWidget()
        self.licence_list.setObjectName("about-licences")
        self.licence_text = QPlainTextEdit()
        self.licence_text.setObjectName("about-licence-text")
        self.licence_text.setReadOnly(True)
        for item in self.licences:
            self.licence_list.addItem(f"{item.component} — {item.licence}")
        self.licence_list.currentRowChanged.connect(self._show_licence)
        self.licence_list.setCurrentRow(0)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("This app ships these components under their own licences:"))
        self.licence_list.setMaximumHeight(self.licence_list.sizeHintForRow(0) * 4 + 8)
        layout.addWidget(self.licence_list)
        layout.addWidget(self.licence_text, 1)
        return page

    def _show_licence(self, row: int) -> None:
        if 0 <= row < len(self.licences):
            self.licence_text.setPlainText(self.licences[row].text)
            self.licence_text.moveCursor(self.licence_text.textCursor().MoveOperation.Start)

    def open_data_folder(self) -> None:
        """Show the profile folder in the system's file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))
