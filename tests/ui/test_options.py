"""Every window setting is declared once, in ui/options.py, and read and written there."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from smartgrowth_desktop.ui import options
from smartgrowth_desktop.ui.options import LEADS_VIEW, LIST_HEADER, OPTIONS

UI = Path(options.__file__).parent


def test_each_option_has_one_key_a_default_and_a_description() -> None:
    keys = [option.key for option in OPTIONS]
    assert len(keys) == len(set(keys))
    assert all(option.description and isinstance(option.default, option.type) for option in OPTIONS)


def test_options_read_their_default_and_what_was_written(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    assert LEADS_VIEW.read(store) == "board"
    assert LIST_HEADER.read(store, kind="contact").isEmpty()
    LEADS_VIEW.write(store, "list")
    LIST_HEADER.write(store, QByteArray(b"state"), kind="contact")
    store.sync()
    again = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    assert LEADS_VIEW.read(again) == "list"
    assert LIST_HEADER.read(again, kind="contact") == QByteArray(b"state")
    assert LIST_HEADER.read(again, kind="lead").isEmpty()


def test_no_module_spells_a_settings_key_of_its_own() -> None:
    raw = re.compile(r"settings\.(value|setValue)\(")
    offenders = [
        str(path.relative_to(UI))
        for path in UI.rglob("*.py")
        if path.name != "options.py" and raw.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
