"""A contact's organization: picked by typing part of its name; its country reads phones.

A profile can hold thousands of organizations, so nothing is listed up front (see
``RecordField``); the chosen one's country (else its market's) is told to the card, which
reads national phone numbers in it. A name that matches none can be created at once.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from smartgrowth_desktop.services.picking import Choice
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.widgets.pickers import picker_spec
from smartgrowth_desktop.ui.widgets.ref_picker import RecordField


class OrganizationPicker(RecordField):
    """A line to type in, a popup of matching organizations; the value is the id."""

    region_changed = Signal(object)  # str | None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.region: str | None = None
        spec = picker_spec("contact", "organization_id", "organization")
        super().__init__(
            ctx, "organization", spec.noun, can_open=True, parent=parent, create=spec.create
        )
        self.described.connect(self._set_region)

    @property
    def org_id(self) -> str | None:
        return self.record_id

    def _set_region(self, choice: Choice | None) -> None:
        live = choice is not None and choice.state == "live"
        self.region = choice.region if choice is not None and live else None
        self.region_changed.emit(self.region)
