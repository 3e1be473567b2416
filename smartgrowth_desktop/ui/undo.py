"""Undoable edits: each autosaved change and each delete is one step on the undo stack."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtGui import QUndoCommand

from smartgrowth_desktop.ui.context import AppContext


class EditCommand(QUndoCommand):
    """Fields of one record changed from ``before`` to ``after`` (already saved)."""

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        record_id: uuid.UUID,
        before: dict[str, Any],
        after: dict[str, Any],
        label: str,
    ) -> None:
        super().__init__(label)
        self.ctx, self.kind, self.record_id = ctx, kind, record_id
        self.before, self.after = before, after
        self._applied = True  # pushed after the autosave already wrote it

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._write(self.after)

    def undo(self) -> None:
        self._write(self.before)

    def _write(self, values: dict[str, Any]) -> None:
        ctx, kind, record_id = self.ctx, self.kind, self.record_id
        ctx.operations.run(lambda: ctx.records.update(kind, record_id, values))


class DeleteCommand(QUndoCommand):
    """A record moved to the trash; undo restores it."""

    def __init__(self, ctx: AppContext, kind: str, record_id: uuid.UUID, label: str) -> None:
        super().__init__(label)
        self.ctx, self.kind, self.record_id = ctx, kind, record_id

    def redo(self) -> None:
        ctx, kind, record_id = self.ctx, self.kind, self.record_id
        ctx.operations.run(lambda: ctx.records.delete(kind, record_id))

    def undo(self) -> None:
        ctx, kind, record_id = self.ctx, self.kind, self.record_id
        ctx.operations.run(lambda: ctx.records.restore(kind, record_id))
