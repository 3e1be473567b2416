"""``smartgrowth``: the desktop app. Opens the main window on the user's profile."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smartgrowth_desktop.services.glance import Glance
    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.ui.context import AppContext
    from smartgrowth_desktop.ui.main_window import MainWindow
    from smartgrowth_desktop.ui.operations import Operations


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


def build_window(data_dir: Path | None, data_key: bytes | None = None) -> MainWindow:
    """Open the profile and return the whole main window (not shown); for tests and tools.

    ``main`` uses ``open_window`` instead, which draws the window before the profile opens.
    ``data_key`` opens an encrypted profile.
    """
    from PySide6.QtCore import QSettings

    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.ui.main_window import MainWindow

    profile = Profile.open(data_dir, data_key=data_key)
    settings = QSettings(str(profile.folder / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(profile.folder, settings, _operations())
    window.attach(_context(profile, window, profile.home_zone_name))
    return window


def look_first(data_dir: Path | None) -> tuple[Path, Glance | None]:
    """The profile folder and a read-only glance at its Today page.

    Imports nothing of Qt or SQLAlchemy: ``main`` calls it before loading Qt, so even the
    modules it needs are loaded before PySide starts inspecting every import.

    The first step of a start, so automatic garbage collection goes off here rather than
    when the window makes its ``MainThreadCollector`` (which keeps it off and collects on
    the GUI thread): the start-up's imports and Qt types live as long as the app, and the
    young-generation collections among them (about fifty) were 3 % of the first frame.
    """
    import gc
    from datetime import UTC, datetime

    gc.disable()

    from smartgrowth_desktop.core.paths import default_data_dir
    from smartgrowth_desktop.services.glance import glance

    folder = data_dir or default_data_dir()
    return folder, glance(folder, datetime.now(UTC))


def open_window(
    data_dir: Path | None,
    failed: Callable[[BaseException], None],
    look: tuple[Path, Glance | None] | None = None,
    data_key: bytes | None = None,
) -> MainWindow:
    """The main window, drawn at once from a glance at the profile (``look``, read here if
    not given); the profile itself is opened in the background once the first frame is
    drawn, then attached (``ready`` fires).

    ``failed(error)`` is called on the GUI thread when the profile cannot be opened.
    ``data_key`` opens an encrypted profile (``unlock_at_start`` asked for it).
    """
    from PySide6.QtCore import QSettings

    from smartgrowth_desktop.ui.main_window import MainWindow

    folder, first_look = look or look_first(data_dir)
    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(folder, settings, _operations(), first_look)

    def opened(result: tuple[Profile, str | None]) -> None:
        profile, zone = result
        if window.is_closing:
            profile.close()
            return
        window.attach(_context(profile, window, zone))

    window.open_when_shown(
        lambda: window.operations.run(lambda: _open_profile(folder, data_key), opened, failed)
    )
    return window


def _open_profile(folder: Path, data_key: bytes | None = None) -> tuple[Profile, str | None]:
    """On the worker thread: load the services, open (and if needed migrate) the profile."""
    import importlib

    from smartgrowth_desktop.services.profile import Profile

    profile = Profile.open(folder, data_key=data_key)
    try:
        # imported here, off the GUI thread, rather than when the window attaches them
        for module in _ATTACHED_MODULES:
            importlib.import_module(module)
        return profile, profile.home_zone_name
    except BaseException:
        profile.close()
        raise


#: how long a process whose window has closed waits for the day's backup to finish (a
#: full weekly backup of 100,000 contacts takes about 20 s)
DAILY_BACKUP_GRACE_S = 120.0

_ATTACHED_MODULES = (
    "smartgrowth_desktop.ui.context",
    "smartgrowth_desktop.ui.sync_control",
    "smartgrowth_desktop.ui.widgets.search_popup",
    "smartgrowth_desktop.ui.undo",
)


def _operations() -> Operations:
    """The worker every command runs on; an error no command handles is shown over the
    active window."""
    from smartgrowth_desktop.ui.operations import Operations

    return Operations(_show_error)


def _show_error(error: BaseException) -> None:
    from PySide6.QtWidgets import QApplication

    from smartgrowth_desktop.ui.messages import show_error

    show_error(QApplication.activeWindow(), error)


def _context(profile: Profile, window: MainWindow, home_zone: str | None) -> AppContext:
    from PySide6.QtGui import QUndoStack

    from smartgrowth_desktop.ui.bus import ChangeBus
    from smartgrowth_desktop.ui.context import AppContext

    undo = QUndoStack()
    return AppContext(profile, window.operations, ChangeBus(), window.settings, undo, home_zone)


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
    look = look_first(args.data_dir)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("SmartGrowth Field Desk")
    app.setOrganizationName("4SmartGrowth")
    app.setApplicationVersion(__version__)
    icon = resources_dir() / "icons" / "smartgrowth.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    load_fonts()
    status = [0]

    def failed(error: BaseException) -> None:
        """The profile cannot be opened (locked, damaged, newer version, no room…)."""
        from smartgrowth_desktop.core.errors import SmartGrowthError

        text = str(error) if isinstance(error, SmartGrowthError) else repr(error)
        QMessageBox.critical(window, "SmartGrowth Field Desk", text)
        status[0] = 1
        window.close()

    data_key = None
    if look[1] is None and _encrypted(look[0]):  # the unlock screen is the first frame
        from smartgrowth_desktop.ui.unlock import unlock_at_start

        data_key = unlock_at_start(look[0])
        if data_key is None:
            return 0
    window = open_window(args.data_dir, failed, look, data_key)
    smoke: list[object] = []

    def ready() -> None:
        from smartgrowth_desktop.ui.encryption_control import encryption_for

        encryption_for(window, window.ctx).start_idle_lock()
        window.commands.backups.start_daily()
        if args.smoke_test:
            from smartgrowth_desktop.ui.smoke import SmokeTest

            smoke.append(SmokeTest(app, window, started))
            smoke[0].start()  # type: ignore[attr-defined]
        else:
            offer_first_run(window)

    # queued: out of the worker's callback before a dialog runs its own event loop
    window.ready.connect(lambda: QTimer.singleShot(0, ready))
    if window.opens_maximized:  # a first start on a laptop screen
        window.showMaximized()
    else:
        window.show()
    code = app.exec()
    if window.is_ready:
        window.commands.backups.finish_daily(timeout=DAILY_BACKUP_GRACE_S)
        window.ctx.profile.close()
    if smoke:
        return int(smoke[0].status)  # type: ignore[attr-defined]
    return status[0] or code


def _encrypted(folder: Path) -> bool:
    from smartgrowth_desktop.core.sqlcipher import encrypted_profile

    return encrypted_profile(folder)


def offer_first_run(window: MainWindow) -> None:
    """On an empty profile, ask how to start."""
    from smartgrowth_desktop.ui.first_run import FirstRunDialog

    ctx = window.ctx
    if ctx.records.count("mission") or ctx.records.count("contact"):
        return
    dialog = FirstRunDialog(window)
    dialog.exec()
    if dialog.name.text().strip():
        ctx.profile.set_user(dialog.name.text(), dialog.organization.text())
    passphrase = dialog.chosen_passphrase()
    if passphrase is not None:  # on the worker, before the demo or the import it queues
        from smartgrowth_desktop.ui.encryption_control import encryption_for

        encryption_for(window, ctx).encrypt(passphrase)
    if dialog.choice == "demo":
        window.commands.load_demo()
    elif dialog.choice == "import":
        window.commands.import_json()


if __name__ == "__main__":
    sys.exit(main())
