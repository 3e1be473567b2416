"""Never lose a word: the app is killed 2 s after the last key and the notes are still there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.ui.pages.meetings import MeetingsPage
from tests.ui.conftest import open_window, settle

TYPIST = Path(__file__).with_name("meeting_typist.py")
NOTES = "Anh Minh wants a pilot in Hải Châu; 王伟 asks for the tender calendar. Send specs!"


def test_notes_survive_a_kill_two_seconds_after_typing(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    with Profile(folder) as profile:
        meeting_id = RecordService(profile).create("meeting", {"title": "Water utility"})
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    typist = subprocess.Popen(
        [sys.executable, str(TYPIST), str(folder), str(meeting_id), NOTES],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(60, typist.kill)  # a hung typist fails the test, not the run
    watchdog.start()
    try:
        assert typist.stdout is not None
        line = typist.stdout.readline()
        assert line.strip() == "typed", typist.stderr.read() if typist.stderr else line
        time.sleep(2.0)  # the real-world delay under test, not a wait for a signal
        typist.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        typist.wait(timeout=30)
    finally:
        watchdog.cancel()
        typist.kill()
        typist.communicate()  # reads and closes its pipes
    assert typist.returncode != 0  # killed, not closed: no chance to save on the way out

    with Profile(folder) as profile:
        assert RecordService(profile).get("meeting", meeting_id).notes == NOTES

    window = open_window(qtbot, folder)  # and the reopened app shows them
    try:
        window.open_record("meeting", meeting_id)
        settle(qtbot, window)
        page = window.current_page()
        assert isinstance(page, MeetingsPage)
        assert page.editor.inputs["notes"].toPlainText() == NOTES  # type: ignore[attr-defined]
    finally:
        window.close()
        window.ctx.profile.close()
