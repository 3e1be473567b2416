"""The travel-mode dialogs: choose the missions to carry, or say what is carried and come
back; and the confirmation before a profile leaves this laptop altogether.

They only show and ask: the plan, the departure and the homecoming run in the
``TravelController`` (``ui/travel_control.py``), off the GUI thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.labels import counted_list
from smartgrowth_desktop.core.travel_state import Travel
from smartgrowth_desktop.services.travel import MissionChoice, TravelPlan

#: what a person types to confirm that the profile leaves this laptop
REMOVE_WORD = "REMOVE"


def _wrapped(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if name:
        label.setObjectName(name)
    return label


class LeaveDialog(QDialog):
    """Choose the missions to carry; the plan is shown as they are ticked."""

    plan_wanted = Signal(list)  # list[uuid.UUID]: the controller answers with ``show_plan``
    leave_chosen = Signal(list)

    def __init__(self, missions: list[MissionChoice], target: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("travel-leave")
        self.setWindowTitle("Travel mode")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                "<h2>Carry only this mission</h2><p>Pick the missions you travel with. "
                "The laptop keeps them, their meetings, follow-ups and leads, the people "
                "and organizations they name, and your settings. <b>Everything else leaves "
                "this laptop</b>: the database, the search index, the attachments and the "
                "backups on it, once the sync target is confirmed to hold every change. "
                "“Back from travel” brings it all back.</p>"
            )
        )
        self.missions = QListWidget()
        self.missions.setObjectName("travel-missions")
        for mission in missions:
            text = f"{mission.name}   {mission.dates}" if mission.dates else mission.name
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, mission.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.missions.addItem(item)
        self.missions.itemChanged.connect(lambda _item: self._ticked())
        layout.addWidget(self.missions, 1)
        self.plan = _wrapped("Tick a mission to see what stays and what leaves.", "travel-plan")
        layout.addWidget(self.plan)
        self.target = _wrapped(
            f"Sync target: <b>{target}</b> — checked before anything leaves."
            if target
            else "<b>No sync target yet.</b> Choose a shared folder or a team server in "
            "Settings → Sync first: what leaves must be safe there.",
            "travel-target",
        )
        layout.addWidget(self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.leave_button = QPushButton("Leave for travel")
        self.leave_button.setObjectName("travel-leave-button")
        self.leave_button.setEnabled(False)
        buttons.addButton(self.leave_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._leave)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._has_target = bool(target)

    def chosen(self) -> list[uuid.UUID]:
        """The ticked missions."""
        found: list[uuid.UUID] = []
        for row in range(self.missions.count()):
            item = self.missions.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(item.data(Qt.ItemDataRole.UserRole))
        return found

    def _ticked(self) -> None:
        chosen = self.chosen()
        self.leave_button.setEnabled(bool(chosen) and self._has_target)
        if chosen:
            self.plan.setText("Counting what stays…")
            self.plan_wanted.emit(chosen)
        else:
            self.plan.setText("Tick a mission to see what stays and what leaves.")

    def show_plan(self, plan: TravelPlan) -> None:
        """The plan for the missions ticked now (older answers are ignored)."""
        if sorted(m.hex for m in self.chosen()) != sorted(plan.missions):
            return
        staying = {k: n for k, n in plan.staying.items() if n}
        leaving = {k: n for k, n in plan.leaving.items() if n}
        self.plan.setText(
            f"<p><b>Stays:</b> {counted_list(staying) or 'nothing'}</p>"
            f"<p><b>Leaves this laptop:</b> {counted_list(leaving) or 'nothing'}</p>"
        )

    def _leave(self) -> None:
        chosen = self.chosen()
        if chosen and self._has_target:
            self.leave_chosen.emit(chosen)
            self.accept()


class TravellingDialog(QDialog):
    """What the laptop carries while travelling, and "Back from travel"."""

    def __init__(
        self, travel: Travel, target: str, come_back: Callable[[], object], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("travel-status")
        self.setWindowTitle("Travel mode")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        since = travel.since.replace("T", " ").split("+")[0]
        heading = "Coming back from travel" if travel.returning else "Travel mode is on"
        layout.addWidget(
            _wrapped(
                f"<h2>{heading}</h2><p>Since {since} (UTC) this laptop carries only "
                f"<b>{', '.join(travel.names)}</b>: {counted_list(travel.carried)}.</p>"
                "<p>Sync sends what you write and brings colleagues' changes to these "
                "records; their changes to anything else wait on the sync target.</p>"
                + (
                    "<p><b>Coming back was interrupted.</b> Run it again: what came back is "
                    "kept.</p>"
                    if travel.returning
                    else ""
                ),
                "travel-carried",
            )
        )
        layout.addWidget(_wrapped(f"Sync target: <b>{target or 'none chosen'}</b>"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.back_button = QPushButton("Back from travel")
        self.back_button.setObjectName("travel-back-button")
        self.back_button.setEnabled(bool(target))
        self.back_button.setToolTip("Bring everything back from the sync target, with progress")
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self._come_back = come_back
        self.back_button.clicked.connect(self._back)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _back(self) -> None:
        self.accept()
        self._come_back()


class RemoveProfileDialog(QDialog):
    """The last question before the whole profile leaves this laptop."""

    def __init__(self, folder: str, target: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("remove-profile")
        self.setWindowTitle("Remove this profile from this laptop")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                "<h2>Remove this profile from this laptop</h2>"
                f"<p>Everything in <b>{folder}</b> is deleted: the database, the attachments, "
                "the backups, the key and the saved sync token. It happens only after "
                f"<b>{target or 'the sync target'}</b> is confirmed to hold every change and "
                "every file, so colleagues and a new laptop still have all of it.</p>"
                f"<p>Type <b>{REMOVE_WORD}</b> to confirm.</p>"
            )
        )
        self.word = QLineEdit()
        self.word.setObjectName("remove-profile-word")
        layout.addWidget(self.word)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = QPushButton("Remove from this laptop")
        self.remove_button.setObjectName("remove-profile-button")
        self.remove_button.setEnabled(False)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.remove_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.word.textChanged.connect(
            lambda text: self.remove_button.setEnabled(text.strip() == REMOVE_WORD and bool(target))
        )
        layout.addWidget(buttons)
