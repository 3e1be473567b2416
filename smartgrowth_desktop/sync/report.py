"""What a sync did, for the CLI, the status bar and the log: counts, warnings, errors."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from smartgrowth_desktop.core.errors import SmartGrowthError

#: ``progress(message, done, total)``; ``total`` 0 when unknown.
Progress = Callable[[str, int, int], None]
Cancelled = Callable[[], bool]


class SyncError(SmartGrowthError):
    """A sync that could not start or go on (folder missing, wrong passphrase, ...)."""


class SyncCancelled(Exception):
    """Raised inside the engine when the cancel check says so (nothing half-done is kept)."""


@dataclass(frozen=True)
class FileProblem:
    """A file that was refused or ignored, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class SyncReport:
    """The outcome of one sync, export or import."""

    target: str
    started_at: str = field(default_factory=_now)
    finished_at: str | None = None
    published: int = 0
    published_changes: int = 0
    relayed: int = 0
    received: int = 0
    applied: int = 0
    applied_changes: int = 0
    duplicates: int = 0
    waiting: list[str] = field(default_factory=list)
    #: files in the folder still arriving (empty placeholders, cut short): tried again later
    waiting_files: list[FileProblem] = field(default_factory=list)
    #: received records pointing to records not here yet (linked when those arrive)
    unlinked: list[str] = field(default_factory=list)
    #: damaged copies in the folder this laptop replaced with good ones it holds
    healed: list[str] = field(default_factory=list)
    #: received changesets deleting many records, held until a person decides
    held_deletions: list[str] = field(default_factory=list)
    conflicts_raised: int = 0
    open_conflicts: int = 0
    blobs_sent: int = 0
    blobs_received: int = 0
    blobs_missing: int = 0
    clocks_ahead: dict[str, int] = field(default_factory=dict)
    cloned: list[str] = field(default_factory=list)
    #: erasures by colleagues applied this sync (people and their files forgotten here)
    erased: int = 0
    #: travel mode: colleagues' changes to records this laptop does not carry, left on the
    #: sync target for "Back from travel"
    not_carried: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[FileProblem] = field(default_factory=list)
    ignored: list[FileProblem] = field(default_factory=list)
    changed_kinds: set[str] = field(default_factory=set)
    #: the records each applied changeset touched, by kind (so open editors can refresh)
    changed_records: dict[str, set[uuid.UUID]] = field(default_factory=dict)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """True when nothing was refused and the sync ran to its end."""
        return not self.errors and not self.cloned and not self.cancelled

    def refuse(self, path: str, reason: str) -> None:
        """Note a file refused whole."""
        self.errors.append(FileProblem(path, reason))

    def refuse_once(self, path: str, reason: str) -> None:
        """Note a refused file unless it is noted already (a link met twice)."""
        if all(problem.path != path for problem in self.errors):
            self.refuse(path, reason)

    def waiting_for(self) -> str:
        """``"waiting for N file(s)"``, or ``""`` when no file is still arriving."""
        count = len({problem.path for problem in self.waiting_files})
        return f"waiting for {count} file(s)" if count else ""

    def summary(self) -> str:
        """One line for a status bar."""
        if self.cancelled:
            return "sync cancelled; what was done is kept"
        parts = [
            f"sent {self.published + self.relayed} changeset(s)",
            f"received {self.applied} ({self.applied_changes} changes)",
        ]
        if self.waiting_files:
            parts.append(self.waiting_for())
        if self.open_conflicts:
            parts.append(f"{self.open_conflicts} conflict(s) to review")
        if self.held_deletions:
            parts.append(f"{len(self.held_deletions)} mass deletion(s) held for you to confirm")
        if self.unlinked:
            parts.append(f"{len(self.unlinked)} link(s) wait for records not here yet")
        if self.not_carried:
            parts.append(f"{self.not_carried} change(s) to records not carried on this trip")
        if self.errors:
            parts.append(f"{len(self.errors)} file(s) refused")
        if self.cloned:
            parts.append("cloned profile detected")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON values."""
        return {
            "target": self.target,
            "ok": self.ok,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "published": self.published,
            "published_changes": self.published_changes,
            "relayed": self.relayed,
            "received": self.received,
            "applied": self.applied,
            "applied_changes": self.applied_changes,
            "duplicates": self.duplicates,
            "waiting": list(self.waiting),
            "waiting_files": [{"path": w.path, "reason": w.reason} for w in self.waiting_files],
            "unlinked": list(self.unlinked),
            "held_deletions": list(self.held_deletions),
            "healed": list(self.healed),
            "conflicts_raised": self.conflicts_raised,
            "open_conflicts": self.open_conflicts,
            "blobs": {
                "sent": self.blobs_sent,
                "received": self.blobs_received,
                "missing": self.blobs_missing,
            },
            "clocks_ahead_ms": dict(self.clocks_ahead),
            "cloned": list(self.cloned),
            "erased": self.erased,
            "not_carried": self.not_carried,
            "warnings": list(self.warnings),
            "errors": [{"path": e.path, "reason": e.reason} for e in self.errors],
            "ignored": [{"path": e.path, "reason": e.reason} for e in self.ignored],
            "changed_kinds": sorted(self.changed_kinds),
            "cancelled": self.cancelled,
            "summary": self.summary(),
        }
