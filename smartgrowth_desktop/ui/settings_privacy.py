"""Settings → Privacy: after how many months without a change a card is due for review.

The profile's setting (``services/review.py``; the CLI's ``review months N`` sets the
same), read and written in the worker. A card with a review date is due on that date
whatever this says.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QWidget

from smartgrowth_desktop.services.review import MOST_MONTHS, ReviewService
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.settings_dialog import SettingsTab

EXPLAIN = (
    "A contact card is listed on Today and under Contacts → To review when its review "
    "date has come, or when it has none and has not changed for this long. Keep gives it "
    "a next review date (by default this many months ahead); Erase forgets the person."
)


class PrivacySettingsTab(SettingsTab):
    """Review cards untouched for N months (24 by default)."""

    title = "Privacy"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = ReviewService(ctx.profile)
        self.months_edit = QSpinBox()
        self.months_edit.setObjectName("settings-review-months")
        self.months_edit.setAccessibleName("Review cards untouched for")
        self.months_edit.setRange(1, MOST_MONTHS)
        self.months_edit.setSuffix(" months")
        self.months_edit.setMaximumWidth(180)
        self.months_edit.setEnabled(False)  # until the profile's value is read
        self._loaded: int | None = None
        note = QLabel(EXPLAIN)
        note.setObjectName("settings-review-note")
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Review cards untouched for", self.months_edit)
        form.addRow("", note)
        ctx.operations.query(self.service.months, self._show_months)

    def _show_months(self, months: int) -> None:
        self._loaded = months
        self.months_edit.setValue(months)
        self.months_edit.setEnabled(True)

    def apply(self) -> None:
        """Keep N in the profile when it was changed (in the worker)."""
        months = self.months_edit.value()
        if self._loaded is None or months == self._loaded:
            return
        service, self._loaded = self.service, months
        self.ctx.operations.run(lambda: service.set_months(months))
