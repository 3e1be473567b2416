"""Guards against known defects of the platform we ship on."""

from __future__ import annotations

import sys

import pytest
from pytestqt.qtbot import QtBot


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_qt_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    """PySide6 6.12.0 dropped a reference to None on every void call: the app aborted."""
    from PySide6.QtWidgets import QApplication, QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for number in range(2000):
        QApplication.processEvents()
        label.setText(str(number))
    assert sys.getrefcount(None) >= before - 50
