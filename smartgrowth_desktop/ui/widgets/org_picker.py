"""Pick an organization by typing part of its name (search-as-you-type, in the worker).

A profile can hold thousands of organizations, so nothing is listed up front: each pause
in typing runs one full-text search in the worker, and results that come back after the
user typed more are dropped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, cast

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)
from sqlalchemy import select

from smartgrowth_desktop.core.models import Market, Organization
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.search import SearchResult
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import FieldInput

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_DELAY_MS = 80
MAX_RESULTS = 20


@dataclass(frozen=True)
class OrganizationInfo:
    """What a contact card shows of its organization."""

    name: str
    native_name: str
    region: str | None  # the organization's country, else its market's


def describe_organization(profile: Profile, org_id: str) -> OrganizationInfo | None:
    """Name and country of one live organization (runs in the worker)."""
    query = (
        select(Organization.name, Organization.native_name, Organization.country, Market.country)
        .outerjoin(Market, Market.id == Organization.market_id)
        .where(Organization.id == uuid.UUID(org_id), Organization.deleted_at.is_(None))
    )
    with profile.database.connection() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    return OrganizationInfo(row[0] or "", row[1] or "", row[2] or row[3])


class OrganizationPicker(FieldInput):
    """A line to type in, a popup of matching organizations; the value is the id."""

    region_changed = Signal(object)  # str | None
    open_requested = Signal(object)  # uuid.UUID

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.org_id: str | None = None
        self.region: str | None = None
        self._label = ""
        self._generation = 0
        self._lookup = 0
        self._build()
        self.results = QStandardItemModel(self)
        self.completer = QCompleter(self)
        self.completer.setModel(self.results)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.line)
        cast(Any, self.completer.activated)[QModelIndex].connect(self._picked)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.line.installEventFilter(self)

    def _build(self) -> None:
        self.line = QLineEdit()
        self.line.setAccessibleName("Organization")
        self.line.setPlaceholderText("Type to search organizations…")
        self.line.setClearButtonEnabled(True)
        self.open_button = QToolButton()
        self.open_button.setText("Open")
        self.open_button.setToolTip("Show this organization")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.open_button)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self._finished)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Clicking into the line selects its text; Down shows the last results again."""
        if watched is not self.line:
            return super().eventFilter(watched, event)
        clicked_in = (
            isinstance(event, QFocusEvent)
            and event.gotFocus()
            and event.reason() == Qt.FocusReason.MouseFocusReason
        )
        if clicked_in:
            QTimer.singleShot(0, self.line.selectAll)
        down = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
        if down and event.type() == QEvent.Type.KeyPress and self.results.rowCount():
            self._open_popup()
            return True
        return super().eventFilter(watched, event)

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None
        return popup

    # -- FieldInput ---------------------------------------------------------------------

    def value(self) -> Any:
        return self.org_id

    def set_value(self, value: Any) -> None:
        self._generation += 1  # drop searches still under way
        self._popup().hide()
        self.results.clear()
        self.org_id = str(value) if value else None
        self.open_button.setEnabled(self.org_id is not None)
        self._show_label("")
        self._describe()

    # -- searching ----------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._generation += 1
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self._popup().hide()

    def _search(self) -> None:
        self._generation += 1
        generation, query, search = self._generation, self.line.text(), self.ctx.search
        self.ctx.operations.run(
            lambda: search.search(query, kinds=["organization"], limit=MAX_RESULTS),
            lambda found: self._show_results(generation, found),
        )

    def _show_results(self, generation: int, found: list[SearchResult]) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # the user typed more meanwhile (or closed the window)
        self.results.clear()
        for result in found:
            text = result.label + (f"  —  {result.detail}" if result.detail else "")
            item = QStandardItem(text)
            item.setData(str(result.record_id), ID_ROLE)
            item.setData(result.label, LABEL_ROLE)
            item.setToolTip(text)
            self.results.appendRow(item)
        if not found:
            item = QStandardItem(f"No organization matches “{self.line.text().strip()}”")
            item.setEnabled(False)
            self.results.appendRow(item)
        self._open_popup()

    def _open_popup(self) -> None:
        rect = self.line.rect()
        rect.setWidth(max(rect.width(), 460))
        self.completer.complete(rect)
        self._popup().setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _picked(self, index: QModelIndex) -> None:
        org_id = index.data(ID_ROLE)
        if not org_id:
            return
        self.org_id = str(org_id)
        self.open_button.setEnabled(True)
        self._show_label(str(index.data(LABEL_ROLE) or ""))
        self.edited.emit()
        self._describe()

    def _finished(self) -> None:
        """Leaving the line: an emptied line clears the organization, else keep the pick."""
        if self._popup().isVisible():
            return
        if not self.line.text().strip() and self.org_id is not None:
            self.org_id = None
            self.open_button.setEnabled(False)
            self._set_region(None)
            self.edited.emit()
        elif self.line.text() != self._label:
            self.line.setText(self._label)

    # -- the chosen organization --------------------------------------------------------

    def _describe(self) -> None:
        self._lookup += 1
        lookup, org_id, profile = self._lookup, self.org_id, self.ctx.profile
        if org_id is None:
            self._set_region(None)
            return
        self.ctx.operations.run(
            lambda: describe_organization(profile, org_id),
            lambda info: self._described(lookup, info),
        )

    def _described(self, lookup: int, info: OrganizationInfo | None) -> None:
        if lookup != self._lookup or not shiboken6.isValid(self):
            return
        if info is None:
            self._show_label("(organization in the trash)")
            self._set_region(None)
            return
        self._show_label(info.name)
        self.line.setToolTip(" · ".join(p for p in (info.name, info.native_name) if p))
        self._set_region(info.region)

    def _show_label(self, label: str) -> None:
        self._label = label
        self.line.setText(label)

    def _set_region(self, region: str | None) -> None:
        self.region = region
        self.region_changed.emit(region)

    def _open(self) -> None:
        if self.org_id is not None:
            self.open_requested.emit(uuid.UUID(self.org_id))
