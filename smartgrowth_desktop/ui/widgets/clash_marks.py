"""A warning sign beside each double-booked meeting in a list, its clashes under the mouse.

The list's rows are asked about (``services/meeting_clashes.py``) in the background each
time rows load or meetings change; the column keeps its text (so an exported list is the
same), the sign is painted beside it.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services.meeting_clashes import Clash, find_clashes, summary
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.models.record_table import ID_ROLE

_Index = QModelIndex | QPersistentModelIndex
#: the kinds whose change may make or end a double booking
FOLLOWED = ("meeting", "mission", "contact")


class ClashMarks(QStyledItemDelegate):
    """Paints the sign in one column of a meetings table (the title's: the time stays
    whole) and says the clashes; the cell looks as the list's own delegate draws it."""

    def __init__(self, ctx: AppContext, table: QTableView, column: int = 1) -> None:
        super().__init__(table)
        self.ctx, self.table, self.column = ctx, table, column
        self.clashes: dict[uuid.UUID, tuple[Clash, ...]] = {}
        self._icon = table.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        base = table.itemDelegate()
        self._base = base if isinstance(base, QStyledItemDelegate) else None
        table.setItemDelegateForColumn(column, self)
        model = table.model()
        model.modelReset.connect(self.check)
        model.rowsInserted.connect(self.check)
        ctx.bus.changed.connect(self._changed)

    def check(self) -> None:
        """Ask which of the rows shown are double booked (the newest question wins)."""
        model = self.table.model()
        ids = [model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())]
        wanted = [i for i in ids if isinstance(i, uuid.UUID)]
        profile = self.ctx.profile
        self.ctx.operations.query(
            lambda: find_clashes(profile, wanted), self._found, key=f"clash-marks-{id(self)}"
        )

    def _changed(self, written: WriteSummary) -> None:
        if any(kind in written.records for kind in FOLLOWED):
            self.check()

    def _found(self, clashes: dict[uuid.UUID, tuple[Clash, ...]]) -> None:
        self.clashes = clashes
        self.table.viewport().update()

    def marked(self, index: _Index) -> tuple[Clash, ...]:
        """The clashes of the row at ``index`` (none if it is not double booked)."""
        record_id = index.data(ID_ROLE)
        return self.clashes.get(record_id, ()) if isinstance(record_id, uuid.UUID) else ()

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        base = self._base
        if base is not None:  # the list's own delegate: its eliding, its look
            base.initStyleOption(option, index)
        else:
            super().initStyleOption(option, index)
        if self.marked(index):
            option.icon = self._icon
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration

    def tooltip(self, index: _Index) -> str | None:
        """What the row's tooltip says: its clashes, else the cell's own tooltip."""
        clashes = self.marked(index)
        if clashes:
            return f"Double booked. {summary(clashes)}"
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        return str(own) if own else None

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.marked(index):
            QToolTip.showText(event.globalPos(), self.tooltip(index) or "", view)
            return True
        return super().helpEvent(event, view, option, index)
