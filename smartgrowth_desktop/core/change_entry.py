"""A change as it travels between devices (the unit of a changeset and of the merge).

Its own module, with the standard library only: reading changesets (``sync/``) needs it
before anything is applied, and applying is what loads the writer and the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smartgrowth_desktop.core.fieldtypes import Wire


@dataclass(frozen=True)
class ChangeEntry:
    """A change as it travels between devices: everything but local bookkeeping."""

    device: str
    seq: int
    hlc: int
    kind: str
    record_id: str
    field: str
    key: str
    value: Wire
    prev: tuple[tuple[str, int], ...]
    author: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "seq": self.seq,
            "hlc": self.hlc,
            "kind": self.kind,
            "record_id": self.record_id,
            "field": self.field,
            "key": self.key,
            "value": self.value,
            "prev": [list(dot) for dot in self.prev],
            "author": self.author,
        }
