"""A list is as the delegate left it: column widths, the sort and the list/detail split
are remembered (per list, in the profile's window settings) across restarts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from tests.ui.conftest import open_window, settle


def _contacts(window: object) -> ContactsPage:
    page = window.show_page("Contacts")  # type: ignore[attr-defined]
    assert isinstance(page, ContactsPage)
    return page


def test_widths_sort_and_split_survive_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    with Profile(folder) as profile:
        records = RecordService(profile)
        for family, title in (("Åberg", "CEO"), ("Nguyễn", "Deputy Director"), ("Lê", "Analyst")):
            records.create("contact", {"family_name": family, "title": title})
    window = open_window(qtbot, folder)
    page = _contacts(window)
    settle(qtbot, window)
    header = page.table.horizontalHeader()
    title = next(i for i, c in enumerate(page.columns) if c.title == "Title")
    header.resizeSection(0, 260)
    for _ in range(2):  # ascending, then descending, as a user clicks a header twice
        x = header.sectionViewportPosition(title) + header.sectionSize(title) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        settle(qtbot, window)
    assert header.sortIndicatorSection() == title
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    page.splitter.setSizes([900, 300])
    split = page.splitter.sizes()
    window.show_page("Today")  # leaving the page remembers it
    window.close()
    window.ctx.profile.close()

    again = open_window(qtbot, folder)
    page = _contacts(again)
    settle(qtbot, again)
    header = page.table.horizontalHeader()
    assert header.sectionSize(0) == 260
    assert header.sortIndicatorSection() == title
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    titles = [page.model.index(r, title).data() for r in range(page.model.rowCount())]
    assert titles == ["Deputy Director", "CEO", "Analyst"]
    assert page.splitter.sizes() == split
    again.close()
    again.ctx.profile.close()
