"""While you were away: a non-modal window listing what colleagues changed since you last
looked, by colleague or by record; a click opens the record in the main window, "Mark as
read" moves the mark (``services/digest.py``). Read in the worker."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.formatting import clock, short_date
from smartgrowth_desktop.services.digest import Digest, DigestService
from smartgrowth_desktop.services.digest_titles import TRASH
from smartgrowth_desktop.ui.models.digest_tree import BY_COLLEAGUE, BY_RECORD, OPENS_ROLE, fill
from smartgrowth_desktop.ui.widgets.labels import QuietLabel, heading

if TYPE_CHECKING:
    from smartgrowth_desktop.ui.context import AppContext

#: the dialog's size at most (it fits a 1366×768 screen with the window behind it)
SIZE = (1060, 600)


def summary_text(digest: Digest) -> str:
    """ "Since you last looked (4 Dec 2026 20:06): 3 records changed by Bình HP (15 changes)"."""
    since = digest.since_time
    when = (
        f"since you last looked ({short_date(since.astimezone().date())} "
        f"{clock(since.astimezone())})"
        if since
        else "since you started syncing"
    )
    records = len({(e.kind, e.record_id) for e in digest.entries}) + digest.more_records
    if not records:
        return f"Nothing new from colleagues {when}."
    names = ", ".join(colleague.name for colleague, _ in digest.by_colleague())
    count = "1 record" if records == 1 else f"{records:,} records"
    changes = f"{digest.change_count:,} changes"
    return f"{when[0].upper()}{when[1:]}: {count} changed by {names} ({changes})."


class DigestDialog(QDialog):
    """The digest, one per Sync page, reopened and reloaded on demand."""

    #: a record to show in the main window (kind, id)
    open_requested = Signal(str, object)
    #: a deleted record was clicked: show the Trash
    trash_requested = Signal()
    #: the mark moved ("Mark as read")
    marked_read = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = DigestService(ctx.profile)
        self.digest: Digest | None = None
        self.setObjectName("digest-dialog")
        self.setWindowTitle("While you were away")
        self.setModal(False)
        self.model = QStandardItemModel(self)
        self._build()
        self.resize(*SIZE)

    def _build(self) -> None:
        self.summary = QLabel("Reading what colleagues changed…")
        self.summary.setObjectName("digest-summary")
        self.summary.setWordWrap(True)
        self.grouping = QComboBox()
        self.grouping.setObjectName("digest-grouping")
        self.grouping.setAccessibleName("Group by")
        self.grouping.addItem("By colleague", BY_COLLEAGUE)
        self.grouping.addItem("By record", BY_RECORD)
        self.grouping.currentIndexChanged.connect(self._regroup)
        top = QHBoxLayout()
        top.addWidget(heading("While you were away", 1.25), 1)
        top.addWidget(QLabel("Group"))
        top.addWidget(self.grouping)
        self.tree = QTreeView()
        self.tree.setObjectName("digest-tree")
        self.tree.setAccessibleName("What colleagues changed")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setUniformRowHeights(True)
        self.tree.clicked.connect(self._clicked)
        self.tree.activated.connect(self._clicked)
        self.more = QuietLabel()
        self.more.setObjectName("digest-more")
        self.more.setWordWrap(True)
        hint = QuietLabel("Click a record to open it. Deleted ones open the Trash.")
        self.mark_button = QPushButton("Mark as read")
        self.mark_button.setObjectName("digest-mark-read")
        self.mark_button.setToolTip("Next time, show only what arrives after these")
        self.mark_button.clicked.connect(self.mark_read)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.mark_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.more)
        layout.addLayout(buttons)

    # -- loading ----------------------------------------------------------------------

    def open_and_load(self) -> None:
        """Show the dialog (raised if open already) and read the digest again."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.load()

    def load(self) -> None:
        """Read the digest since the mark, in the worker."""
        self.mark_button.setEnabled(False)
        self.ctx.operations.query(self.service.since_mark, self.show_digest, key="digest")

    def show_digest(self, digest: Digest) -> None:
        self.digest = digest
        self.summary.setText(summary_text(digest))
        self.mark_button.setEnabled(bool(digest.entries))
        more = []
        if digest.more_records:
            more.append(f"{digest.more_records:,} more record(s)")
        if digest.more_changes:
            more.append(f"{digest.more_changes:,} older change(s)")
        self.more.setText(
            f"The newest changes are listed; not listed: {', '.join(more)}." if more else ""
        )
        self.more.setVisible(bool(more))
        self._regroup()

    def _regroup(self) -> None:
        if self.digest is None:
            return
        fill(self.model, self.digest, str(self.grouping.currentData()))
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(0, min(460, self.tree.width() * 2 // 5))

    # -- acting -----------------------------------------------------------------------

    def _clicked(self, index: QModelIndex) -> None:
        opens = index.data(OPENS_ROLE)
        if not opens:
            return
        kind, record_id = opens
        if kind == TRASH:
            self.trash_requested.emit()
        elif isinstance(record_id, uuid.UUID):
            self.open_requested.emit(kind, record_id)

    def mark_read(self) -> None:
        """Move the mark past what is listed (in the worker), then read again."""
        if self.digest is None:
            return
        upto, service = self.digest.upto, self.service

        def done(_result: object) -> None:
            self.marked_read.emit()
            self.load()

        self.ctx.operations.run(lambda: service.mark_read(upto), done)
