"""``smartgrowth``: the desktop app. Opens the main window on the user's profile."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def resources_dir() -> Path:
    """The shipped resources (fonts, icons): source tree, installed package or bundle."""
    from smartgrowth_desktop import shipped

    return shipped.find_resources("fonts") or shipped.resource_candidates()[0]


def load_fonts() -> list[str]:
    """Register the shipped fonts so Vietnamese and Chinese show on any machine."""
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    families: list[str] = []
    for path in sorted((resources_dir() / "fonts").glob("*.tt[fc]")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if families:
        font = QApplication.font()
        ordered = [f for f in families if f == "Noto Sans"] + [
            f for f in families if f != "Noto Sans"
        ]
        font.setFamilies([*dict.fromkeys(ordered), *font.families()])
        QApplication.setFont(font)
    return families


def build_window(data_dir: Path | None) -> object:
    """Open the profile and return the main window (not shown); for ``main`` and tests."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack

    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.ui.bus import ChangeBus
    from smartgrowth_desktop.ui.context import AppContext
    from smartgrowth_desktop.ui.main_window import MainWindow
    from smartgrowth_desktop.ui.messages import show_error
    from smartgrowth_desktop.ui.operations import Operations
    from smartgrowth_desktop.ui.widgets.time_zone import choose_home_zone

    profile = Profile.open(data_dir)
    choose_home_zone(profile.home_zone_name)
    settings = QSettings(str(profile.folder / "window.ini"), QSettings.Format.IniFormat)
    holder: list[object] = []
    operations = Operations(lambda error: show_error(holder[0] if holder else None, error))  # type: ignore[arg-type]
    ctx = AppContext(profile, operations, ChangeBus(), settings, QUndoStack())
    window = MainWindow(ctx)
    holder.append(window)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``smartgrowth``."""
    parser = argparse.ArgumentParser(prog="smartgrowth", description="SmartGrowth Field Desk")
    parser.add_argument("--data-dir", type=Path, help="profile folder")
    parser.add_argument("--version", action="store_true")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="show the window, open About, close, exit 0 (a temporary profile by default)",
    )
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    from smartgrowth_desktop import __version__

    if args.version:
        print(f"smartgrowth {__version__}")
        return 0
    if args.smoke_test and args.data_dir is None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="smartgrowth-smoke-") as folder:
            given = list(argv) if argv is not None else sys.argv[1:]
            return main([*given, "--data-dir", folder])
    started = time.perf_counter()
    from PySide6.QtWidgets import QApplication, QMessageBox

    from smartgrowth_desktop.core.errors import ProfileError

    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("SmartGrowth Field Desk")
    app.setOrganizationName("4SmartGrowth")
    app.setApplicationVersion(__version__)
    icon = resources_dir() / "icons" / "smartgrowth.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    load_fonts()
    try:
        window = build_window(args.data_dir)
    except ProfileError as error:
        QMessageBox.critical(None, "SmartGrowth Field Desk", str(error))
        return 1
    window.show()  # type: ignore[attr-defined]
    window.backups.start_daily()  # type: ignore[attr-defined]
    if args.smoke_test:
        from smartgrowth_desktop.ui.smoke import SmokeTest

        smoke = SmokeTest(app, window, started)  # type: ignore[arg-type]
        smoke.start()
        app.exec()
        window.ctx.profile.close()  # type: ignore[attr-defined]
        return smoke.status
    offer_first_run(window)
    return app.exec()


def offer_first_run(window: object) -> None:
    """On an empty profile, ask how to start."""
    from smartgrowth_desktop.ui.first_run import FirstRunDialog

    ctx = window.ctx  # type: ignore[attr-defined]
    if ctx.records.count("mission") or ctx.records.count("contact"):
        return
    dialog = FirstRunDialog(window)  # type: ignore[arg-type]
    dialog.exec()
    if dialog.name.text().strip():
        ctx.profile.set_user(dialog.name.text(), dialog.organization.text())
    if dialog.choice == "demo":
        window.load_demo()  # type: ignore[attr-defined]
    elif dialog.choice == "import":
        window.import_json()  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
