"""The window's side of travel mode: the badge that says it is on, leaving, coming back,
and removing the profile from this laptop.

The work is ``services/travel_leave.py`` and ``services/travel_return.py``, always on
the worker behind a progress dialog; the sync target is the one Sync uses (Settings →
Sync), its token read in the worker.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from smartgrowth_desktop.core import travel_state
from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.core.labels import counted_list
from smartgrowth_desktop.core.travel_state import Travel
from smartgrowth_desktop.services.backups import everything_changed
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.progress import ProgressTask
from smartgrowth_desktop.ui.travel_dialog import LeaveDialog, RemoveProfileDialog, TravellingDialog

if TYPE_CHECKING:
    from smartgrowth_desktop.services.sync_target import SyncTarget
    from smartgrowth_desktop.ui.context import AppContext
    from smartgrowth_desktop.ui.sync_control import SyncController

#: the steps of a departure (services/travel_leave.py), in order, and what they say
STEPS = ("sync", "lock", "write", "verify", "swap", "files", "done")
STEP_TEXT = {
    "sync": "Syncing, then checking the sync target holds everything",
    "lock": "Closing the profile",
    "write": "Writing the travel copy: only what travels",
    "verify": "Checking the travel copy",
    "swap": "Putting it in place",
    "files": "Deleting the files that stay at home",
}


class TravelController(QObject):
    """Shows whether the laptop travels; leaves, comes back, removes the profile."""

    changed = Signal(object)  # Travel | None
    message = Signal(str)

    def __init__(self, ctx: AppContext, window: QWidget, sync: SyncController) -> None:
        super().__init__(window)
        self.ctx, self.window, self.sync = ctx, window, sync
        self.travel: Travel | None = None
        self.task: ProgressTask | None = None
        self.dialog: Any = None
        self.badge = QPushButton()
        self.badge.setObjectName("status-travel")
        self.badge.setFlat(True)
        self.badge.setStyleSheet(
            "QPushButton { color: white; background: #1f5f8b; border-radius: 3px; "
            "padding: 1px 8px; font-weight: bold }"
        )
        self.badge.clicked.connect(self.open_dialog)
        self.badge.hide()

    # -- what the window shows ----------------------------------------------------------

    def load(self) -> None:
        """Read the travel state in the worker, then show it."""
        profile = self.ctx.profile

        def read() -> Travel | None:
            with profile.database.connection() as conn:
                return travel_state.load(conn)

        self.ctx.operations.query(read, self._show)

    def _show(self, travel: Travel | None) -> None:
        self.travel = travel
        if travel is None:
            self.badge.hide()
        else:
            names = ", ".join(travel.names)
            prefix = "Coming back" if travel.returning else "✈ Travel mode"
            self.badge.setText(f"{prefix}: {names}")
            self.badge.setToolTip(
                f"This laptop carries only {names}: {counted_list(travel.carried)}. "
                "Click for details and “Back from travel”."
            )
            self.badge.show()
        self.changed.emit(travel)

    def open_dialog(self) -> Any:
        """The travel dialog: choose missions, or (travelling) what is carried."""
        if self.travel is not None:
            self.dialog = TravellingDialog(
                self.travel, self.sync.target(), self.come_back, self.window
            )
            self.dialog.open()
            return self.dialog
        profile = self.ctx.profile
        today = date.today().isoformat()

        def read() -> Any:
            from smartgrowth_desktop.services.travel import missions_to_choose

            return missions_to_choose(profile, today)

        self.ctx.operations.query(read, self._choose)
        return None

    def _choose(self, missions: Any) -> None:
        dialog = LeaveDialog(missions, self.sync.target(), self.window)
        profile = self.ctx.profile

        def plan(chosen: list[uuid.UUID]) -> None:
            from smartgrowth_desktop.services.travel import plan as make_plan

            self.ctx.operations.query(lambda: make_plan(profile, chosen), dialog.show_plan)

        dialog.plan_wanted.connect(plan)
        dialog.leave_chosen.connect(self.leave)
        self.dialog = dialog
        dialog.open()

    # -- the work ---------------------------------------------------------------------------

    def _target(self) -> SyncTarget:
        """The sync target as Sync uses it (in the worker: a token may be read)."""
        from pathlib import Path

        from smartgrowth_desktop.services.sync_target import SyncTarget
        from smartgrowth_desktop.ui.sync_control import SERVER, token_saved_for

        target, passphrase = self.sync.target(), self.sync.passphrase
        if self.sync.mode() == SERVER:
            token = token_saved_for(target, self.ctx.profile.folder)
            return SyncTarget(url=target, token=token, passphrase=passphrase)
        return SyncTarget(folder=Path(target), passphrase=passphrase)

    def _flush(self) -> None:
        pages = getattr(self.window, "pages", None)
        for page in pages.built() if pages is not None else ():
            page.flush()

    def leave(self, missions: list[uuid.UUID]) -> ProgressTask:
        """Leave for travel with ``missions`` on the worker, behind a progress dialog
        (Cancel stops it until the travel copy is checked)."""
        self._flush()
        profile, listener = self.ctx.profile, self.ctx.bus.announce
        task = ProgressTask(self.ctx, self.window, "Travel mode", "Getting ready to travel…")

        def step(name: str) -> None:
            index = STEPS.index(name) if name in STEPS else 0
            if index <= STEPS.index("verify") and task.stopped():
                raise Cancelled("cancelled: nothing left this laptop")
            task.report_fraction(index / (len(STEPS) - 1), STEP_TEXT.get(name, ""))

        def progress(message: str, done: int, total: int) -> None:
            task.report_fraction(0.1 * (done / total if total else 0.0), message)

        def work(_report: object) -> Any:
            from smartgrowth_desktop.services.travel_leave import leave

            return leave(
                profile, missions, self._target(), step, progress, task.stopped, [listener]
            )

        self.message.emit("Getting ready to travel…")
        task.start(work, self._left, self._failed)
        self.task = task
        return task

    def _left(self, departure: Any) -> None:
        self.task = None
        self.ctx.undo.clear()
        self.ctx.bus.changed.emit(everything_changed())
        removed = {k: n for k, n in departure.removed.items() if n}
        self.message.emit(
            f"Travel mode is on: {', '.join(departure.travel.names)}. Left this laptop: "
            f"{counted_list(removed) or 'no records'}, {departure.files_removed} file(s), "
            f"{departure.backups_removed} backup(s)."
        )
        self._show(departure.travel)

    def come_back(self) -> ProgressTask:
        """ "Back from travel" on the worker, with progress."""
        self._flush()
        profile = self.ctx.profile
        task = ProgressTask(self.ctx, self.window, "Back from travel", "Bringing it all back…")

        def progress(message: str, done: int, total: int) -> None:
            task.report_fraction(done / total if total else 0.0, message)

        def work(_report: object) -> Any:
            from smartgrowth_desktop.services.travel_return import come_back

            return come_back(profile, self._target(), progress, task.stopped)

        task.start(work, self._back, self._failed)
        self.task = task
        return task

    def _back(self, homecoming: Any) -> None:
        self.task = None
        self.ctx.bus.changed.emit(everything_changed())
        back = homecoming.brought_back
        self.message.emit(
            f"Back from travel: {back.applied_changes} change(s) brought back; "
            f"{homecoming.synced.summary()}."
        )
        self._show(None)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.load()  # a homecoming that stopped half-way says "coming back"
        if isinstance(error, Cancelled):
            self.message.emit(str(error).capitalize())
            return
        self.message.emit("")
        reasons = getattr(error, "reasons", [])
        if reasons:
            box = QMessageBox(self.window)
            box.setObjectName("travel-refused")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("Travel mode")
            box.setText(str(error))
            box.setDetailedText("\n".join(reasons))
            box.open()
            self.dialog = box
            return
        show_error(self.window, error)

    # -- leaving the profile behind -----------------------------------------------------------

    def ask_remove(self) -> RemoveProfileDialog:
        """Confirm, then remove the profile from this laptop (the window then closes)."""
        dialog = RemoveProfileDialog(str(self.ctx.profile.folder), self.sync.target(), self.window)
        dialog.accepted.connect(self.remove)
        self.dialog = dialog
        dialog.open()
        return dialog

    def remove(self) -> ProgressTask:
        self._flush()
        profile = self.ctx.profile
        task = ProgressTask(self.ctx, self.window, "Remove this profile", "Checking the target…")

        def progress(message: str, done: int, total: int) -> None:
            task.report_fraction(done / total if total else 0.0, message)

        def work(_report: object) -> Any:
            from smartgrowth_desktop.services.travel_return import remove_from_laptop

            return remove_from_laptop(profile, self._target(), progress, task.stopped)

        task.start(work, self._removed, self._failed)
        self.task = task
        return task

    def _removed(self, others: list[str]) -> None:
        self.task = None
        left = f" Left in its folder (not the profile's): {', '.join(others)}." if others else ""
        box = QMessageBox(self.window)
        box.setObjectName("profile-removed")
        box.setWindowTitle("Profile removed")
        box.setText(
            "The profile is gone from this laptop; the sync target holds all of it. "
            f"SmartGrowth closes now.{left}"
        )
        box.finished.connect(lambda _result: self._quit())
        box.open()
        self.dialog = box

    def _quit(self) -> None:
        self.window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()


def travel_for(window: QWidget, ctx: AppContext, sync: SyncController) -> TravelController:
    """The window's travel controller (made once, its badge put in the status bar)."""
    found = window.findChild(TravelController)
    if isinstance(found, TravelController):
        return found
    control = TravelController(ctx, window, sync)
    status_bar = getattr(window, "statusBar", None)
    if callable(status_bar):
        status_bar().insertPermanentWidget(1, control.badge)  # after the profile label
    control.message.connect(lambda text: window.statusBar().showMessage(text, 15_000))  # type: ignore[attr-defined]
    control.load()
    return control
