"""The window is on screen, with Today read, before the profile is open; what a delegate
does in that moment is not lost: it happens as soon as the profile is open."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from smartgrowth_desktop.app import open_window
from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.services.glance import glance
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.ui.editors.meeting import MeetingEditor
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from smartgrowth_desktop.ui.pages.meetings import MeetingsPage
from smartgrowth_desktop.ui.pages.today import TodayPage
from tests.ui.conftest import settle


@pytest.fixture
def busy_profile(tmp_path: Path) -> Path:
    """A profile with a meeting today (in Vietnamese), one overdue follow-up, a contact."""
    folder = tmp_path / "profile"
    now = datetime.now(UTC).replace(microsecond=0)
    with Profile(folder) as profile:
        records = RecordService(profile)
        records.create(
            "meeting",
            {
                "title": "Gặp Sở Xây dựng Đà Nẵng",
                "starts_at": now.isoformat(),
                "ends_at": (now + timedelta(hours=1)).isoformat(),
                "time_zone": "UTC",
            },
        )
        records.create(
            "follow_up",
            {
                "text": "Send the summary",
                "due_date": (date.today() - timedelta(days=3)).isoformat(),
            },
        )
        records.create("contact", {"family_name": "Nguyễn", "given_name": "Lan"})
    return folder


class Gate:
    """Holds the worker (as a slow profile open would) until released."""

    def __init__(self) -> None:
        self._open = threading.Event()

    def hold(self, window: MainWindow) -> None:
        window.operations.run(lambda: self._open.wait(20))

    def release(self) -> None:
        self._open.set()


@pytest.fixture
def gate() -> Iterator[Gate]:
    held = Gate()
    yield held
    held.release()


def _opened(qtbot: QtBot, folder: Path, gate: Gate) -> tuple[MainWindow, list[BaseException]]:
    errors: list[BaseException] = []
    window = open_window(folder, errors.append)
    qtbot.addWidget(window)
    gate.hold(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return window, errors


def _close(window: MainWindow) -> None:
    window.close()
    if window.is_ready:
        window.ctx.profile.close()


def test_today_is_read_before_the_profile_opens(
    qtbot: QtBot, busy_profile: Path, gate: Gate
) -> None:
    window, errors = _opened(qtbot, busy_profile, gate)
    assert not window.is_ready
    view = window.first_views["Today"]["view"]
    assert view.isVisible()
    assert view.meetings.item(0).text() == "Gặp Sở Xây dựng Đà Nẵng"
    follow_up = view.follow_ups.item(0)
    assert follow_up.text() == "Send the summary"
    assert not follow_up.flags() & Qt.ItemFlag.ItemIsUserCheckable  # ticking waits
    assert window.busy_label.text() == "Opening your profile…"
    with qtbot.waitSignal(window.ready, timeout=10_000):
        gate.release()
    page = window.current_page()
    assert isinstance(page, TodayPage)
    assert page.view is view  # adopted: nothing redrawn, nothing jumps
    settle(qtbot, window)
    assert view.follow_ups.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert window.busy_label.text() == ""
    assert errors == []
    _close(window)


def test_what_is_asked_while_opening_happens_once_open(
    qtbot: QtBot, busy_profile: Path, gate: Gate
) -> None:
    window, errors = _opened(qtbot, busy_profile, gate)
    contacts_row = next(
        i for i in range(window.sidebar.count()) if window.sidebar.item(i).text() == "Contacts"
    )
    item = window.sidebar.item(contacts_row)
    rect = window.sidebar.visualItemRect(item)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    opening = window.stack.currentWidget().findChild(QLabel, "opening")
    assert opening is not None and opening.text() == "Opening Contacts…"
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # quick capture
    assert not window.is_ready
    with qtbot.waitSignal(window.ready, timeout=10_000):
        gate.release()
    settle(qtbot, window)
    page = window.current_page()
    assert isinstance(page, MeetingsPage)  # Contacts was shown, then Ctrl+N's meeting
    editor = page.editor
    assert isinstance(editor, MeetingEditor) and editor.record_id is not None
    assert QApplication.focusWidget() is editor.inputs["notes"]
    contacts = window.show_page("Contacts")
    assert isinstance(contacts, ContactsPage)
    assert window.stack.currentWidget().findChild(QLabel, "opening") is None
    settle(qtbot, window)
    assert contacts.model.rowCount() == 1
    assert errors == []
    _close(window)


def test_a_new_profile_opens_without_a_glance(qtbot: QtBot, tmp_path: Path, gate: Gate) -> None:
    window, errors = _opened(qtbot, tmp_path / "new", gate)
    assert "Today" not in window.first_views
    opening = window.stack.currentWidget().findChild(QLabel, "opening")
    assert opening is not None and opening.text() == "Opening Today…"
    with qtbot.waitSignal(window.ready, timeout=10_000):
        gate.release()
    settle(qtbot, window)
    assert isinstance(window.current_page(), TodayPage)
    assert not isValid(opening) or not opening.isVisible()  # gone, or at least hidden
    assert errors == []
    _close(window)


def test_a_damaged_profile_is_said_and_nothing_attaches(
    qtbot: QtBot, tmp_path: Path, gate: Gate
) -> None:
    folder = tmp_path / "damaged"
    folder.mkdir()
    (folder / "profile.sqlite3").write_bytes(b"this is not a database" * 100)
    window, errors = _opened(qtbot, folder, gate)
    assert "Today" not in window.first_views
    gate.release()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], ProfileError)
    assert "not a SmartGrowth profile" in str(errors[0])
    assert not window.is_ready
    assert (folder / "profile.sqlite3").read_bytes().startswith(b"this is not")
    _close(window)


def test_closing_while_opening_lets_the_open_finish_and_closes_it(
    qtbot: QtBot, busy_profile: Path, gate: Gate
) -> None:
    window, errors = _opened(qtbot, busy_profile, gate)
    threading.Timer(0.2, gate.release).start()
    window.close()  # waits for the queued open, which must not attach to a closed window
    assert not window.is_ready
    assert errors == []
    with Profile(busy_profile) as profile:  # nothing holds it, nothing was lost
        assert RecordService(profile).count("meeting") == 1


def test_the_glance_only_reads_what_it_understands(busy_profile: Path, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    seen = glance(busy_profile, now)
    assert seen is not None and [m.title for m in seen.today.meetings] == [
        "Gặp Sở Xây dựng Đà Nẵng"
    ]
    assert glance(tmp_path / "missing", now) is None
    other = tmp_path / "other"
    other.mkdir()
    (other / "profile.sqlite3").write_bytes(b"\0" * 4096)
    assert glance(other, now) is None
    with sqlite3.connect(busy_profile / "profile.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    assert glance(busy_profile, now) is None  # a schema it does not know: the open decides


_FIRST_FRAME = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from smartgrowth_desktop.app import load_fonts, open_window
app = QApplication([])
load_fonts()
window = open_window(Path(sys.argv[1]), lambda error: sys.exit(repr(error)))
window.resize(1366, 768)
window.show()
before = sorted({name.split(".")[0] for name in sys.modules})
view = window.first_views["Today"]["view"]
drawn = [view.meetings.item(row).text() for row in range(view.meetings.rowCount())]
app.processEvents()
while not window.is_ready:
    app.processEvents()
print(json.dumps({"before": before, "drawn": drawn}))
window.close()
"""


def test_the_first_frame_needs_neither_sqlalchemy_nor_the_services(busy_profile: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME, str(busy_profile)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["drawn"] == ["Gặp Sở Xây dựng Đà Nẵng"]
    assert "sqlalchemy" not in report["before"]
    assert "alembic" not in report["before"]
