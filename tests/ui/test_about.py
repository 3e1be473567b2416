"""Help → About: version, Qt and PySide6 versions, licences, the data folder."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smartgrowth_desktop import __version__
from smartgrowth_desktop.ui.about import AboutDialog
from smartgrowth_desktop.ui.main_window import MainWindow


class UrlCatcher(QObject):
    """Takes file: URLs in place of the file manager (Qt's own URL handler hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


def _open_about(qtbot: QtBot, window: MainWindow) -> AboutDialog:
    window.findChild(QObject, "action-about").trigger()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AboutDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_about_shows_versions_licences_and_the_data_folder(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    help_menu = [a.text() for a in window.menuBar().actions()]
    assert "&Help" in help_menu
    dialog = _open_about(qtbot, window)
    assert f"Version {__version__}" in dialog.version_label.text()
    assert f"Qt {qVersion()}" in dialog.qt_label.text()
    assert f"PySide6 {PySide6.__version__}" in dialog.qt_label.text()
    assert dialog.folder_path.text() == str(window.ctx.profile.folder)
    assert dialog.folder_path.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse

    names = [dialog.licence_list.item(i).text() for i in range(dialog.licence_list.count())]
    assert names[0].startswith("Qt 6 and Qt for Python (PySide6) — LGPL-3.0")
    assert all(item.found for item in dialog.licences)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.licence_text.toPlainText()
    dialog.licence_list.setCurrentRow(1)
    assert "SIL OPEN FONT LICENSE" in dialog.licence_text.toPlainText()
    dialog.licence_list.setCurrentRow(2)
    assert "Apache License" in dialog.licence_text.toPlainText()
    dialog.grab().save(str(tmp_path / "about.png"))

    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "handle")
    try:
        link = dialog.folder_link
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=QPoint(12, link.height() // 2))
        qtbot.waitUntil(lambda: bool(catcher.urls))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert Path(catcher.urls[0].toLocalFile()) == window.ctx.profile.folder
    dialog.close()


def test_the_app_icon_is_drawn_sharp_for_high_dpi_screens() -> None:
    from PySide6.QtCore import QSize

    from smartgrowth_desktop.ui.about import app_icon

    icon = app_icon()
    assert not icon.isNull()
    pixmap = icon.pixmap(QSize(32, 32), 2.0)  # a 200 % screen
    assert pixmap.size() == QSize(64, 64) and pixmap.devicePixelRatio() == 2.0
    sharp = pixmap.toImage()
    sharp.setDevicePixelRatio(1.0)
    assert sharp == icon.pixmap(QSize(64, 64), 1.0).toImage()  # drawn at 64 px...
    stretched = icon.pixmap(QSize(32, 32), 1.0).toImage().scaled(64, 64)
    assert sharp != stretched.convertToFormat(sharp.format())  # ...not blown up from 32
