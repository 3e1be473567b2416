"""Settings → General: who uses this profile, where "home" is, how names sort.

The name is written as the author of every change (colleagues see it after a sync); the
home time zone is shown beside local times (Today, the meeting editor) and printed in
briefing packs; the collation orders names in every list (Swedish puts Åberg after Zorn).
All are kept in the profile on this laptop (not synced).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QFormLayout, QLabel, QLineEdit, QWidget

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sorting import collation_choices, current_collation, set_collation
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.home_zone import HomeZone
from smartgrowth_desktop.ui.settings_dialog import SettingsTab
from smartgrowth_desktop.ui.widgets.time_zone import all_zones, system_zone, utc_offset

SYSTEM_CHOICE = "The laptop's time zone"


class GeneralSettingsTab(SettingsTab):
    """Your name, your organization, your home time zone, how names sort."""

    title = "General"
    applied = Signal()

    def __init__(
        self,
        profile: Profile,
        home: HomeZone,
        parent: QWidget | None = None,
        ctx: AppContext | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile, self.home, self.ctx = profile, home, ctx
        stored = profile.settings()
        self.name_edit = QLineEdit(stored.get("user_name", ""))
        self.name_edit.setObjectName("settings-user-name")
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setPlaceholderText(profile.author)
        self.name_edit.setToolTip("Written as the author of your changes; colleagues see it.")
        self.organization_edit = QLineEdit(stored.get("user_organization", ""))
        self.organization_edit.setObjectName("settings-user-organization")
        self.organization_edit.setAccessibleName("Your organization")
        self.zone_combo = QComboBox()
        self.zone_combo.setObjectName("settings-home-zone")
        self.zone_combo.setAccessibleName("Home time zone")
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItem(f"{SYSTEM_CHOICE} ({system_zone()})", "")
        for zone in all_zones():
            self.zone_combo.addItem(zone, zone)
        names = [self.zone_combo.itemText(i) for i in range(self.zone_combo.count())]
        completer = QCompleter(names)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_combo.setCompleter(completer)
        chosen = profile.home_zone_name
        self.zone_combo.setCurrentIndex(max(0, self.zone_combo.findData(chosen or "")))
        self.zone_hint = QLabel()
        self.zone_hint.setObjectName("settings-home-zone-hint")
        self.zone_hint.setWordWrap(True)
        self.zone_combo.currentIndexChanged.connect(self._show_hint)
        self.zone_combo.editTextChanged.connect(self._show_hint)
        self.collation_combo = QComboBox()
        self.collation_combo.setObjectName("settings-collation")
        self.collation_combo.setAccessibleName("Sort names")
        self.collation_combo.setToolTip(
            "The order of names in every list. Chinese names sort by their pinyin in all."
        )
        for code, label in collation_choices().items():
            self.collation_combo.addItem(label, code)
        self.collation = current_collation(profile)
        self.collation_combo.setCurrentIndex(max(0, self.collation_combo.findData(self.collation)))
        form = QFormLayout(self)
        form.addRow("Your name", self.name_edit)
        form.addRow("Your organization", self.organization_edit)
        form.addRow("Home time zone", self.zone_combo)
        form.addRow("", self.zone_hint)
        form.addRow("Sort names", self.collation_combo)
        self._show_hint()

    def chosen_zone(self) -> str | None:
        """The zone picked or typed: an IANA name, "" for the laptop's, None if unknown."""
        text = self.zone_combo.currentText().strip()
        if text.startswith(SYSTEM_CHOICE) or not text:
            return ""
        return text if text in all_zones() else None

    def _show_hint(self) -> None:
        zone = self.chosen_zone()
        if zone is None:
            self.zone_hint.setText("Not a time zone: pick one from the list (e.g. Europe/Tallinn).")
            return
        shown = zone or system_zone()
        self.zone_hint.setText(
            f"Home time is shown beside every meeting's local time: {shown}, "
            f"now {utc_offset(shown)}. Choose it before a mission: the laptop's clock is "
            "often moved to local time on the way."
        )

    def apply(self) -> None:
        """Save the name, organization and home zone (an unknown zone is left as it was)."""
        name = self.name_edit.text().strip()
        if name:
            self.profile.set_user(name, self.organization_edit.text())
        zone = self.chosen_zone()
        if zone is not None:
            self.profile.set_home_zone(zone or None)
            self.home.choose(zone or None)  # whatever shows home time follows
        self._apply_collation()
        self.applied.emit()

    def _apply_collation(self) -> None:
        """Sort names by the chosen collation: the keys are made again in the background
        (a second or two for 100,000 contacts), then every list sorted by name reloads."""
        code = str(self.collation_combo.currentData())
        if code == self.collation:
            return
        self.collation, profile = code, self.profile
        if self.ctx is None:
            set_collation(profile, code)
            return
        bus = self.ctx.bus
        self.ctx.operations.run(lambda: set_collation(profile, code), bus.announce)
