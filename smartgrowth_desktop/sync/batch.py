"""Received changesets applied together: one write transaction for many.

A first sync brings many changesets. Committed one by one, SQLite wrote again at each
commit every page they share (the change log's index over record ids, the search index's
segments): receiving 10,000 notes in 16 changesets wrote 617 MB for a 176 MB profile. A
``Batch`` keeps one write transaction open across consecutive changesets and commits it
once it holds ``CHANGES`` changes (about a second of work on a small laptop, so that the
window's own saves wait at most about that long; counted in changes, not seconds, so
that a sync's transactions are the same on every machine): 353 MB written.

Each changeset still applies all or nothing: when one is refused for its content, the
batch is rolled back whole and its changesets are applied again one transaction each,
the refused one refused as before (``Applier``). What applying did is told (the report,
the files of erased attachments removed) only once it is committed. A kill loses at most
the batch under way, which the next sync receives again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from smartgrowth_desktop.core.change_entry import ChangeEntry
from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.sync.changeset import Changeset

if TYPE_CHECKING:
    from smartgrowth_desktop.core.merge import ApplyResult

#: changes after which a batch commits before taking the next changeset
CHANGES = 30_000


@dataclass(frozen=True)
class Pending:
    """A changeset applied in the open batch: what it was, and what applying it did
    (None: held, not applied yet)."""

    changeset: Changeset
    entries: list[ChangeEntry]
    origin: str
    path: str
    result: ApplyResult | None


class Batch:
    """One write transaction shared by the changesets applied while it is open."""

    def __init__(self, database: Database, durable: bool) -> None:
        self.database = database
        self.durable = durable
        self._open: contextlib.ExitStack | None = None
        self._conn: Connection | None = None
        self._pending: list[Pending] = []
        self._changes = 0
        #: what to do on a thread while the batch commits (given an event set when the
        #: commit is over: it must return soon after)
        self.ahead: Callable[[threading.Event], None] | None = None

    @property
    def full(self) -> bool:
        """Whether the batch holds enough to be committed before the next changeset."""
        return self._changes >= CHANGES

    def connection(self) -> Connection:
        """The batch's connection, in its write transaction (begun on first use)."""
        if self._conn is None:
            stack = contextlib.ExitStack()
            self._conn = stack.enter_context(
                self.database.connection(immediate=True, durable=self.durable)
            )
            self._open = stack
        return self._conn

    def add(self, pending: Pending) -> None:
        """A changeset applied in the transaction, to be told once it is committed."""
        self._pending.append(pending)
        self._changes += len(pending.entries)

    def commit(self) -> list[Pending]:
        """Commit (doing ``ahead`` meanwhile); the changesets it held, in their order."""
        with _meanwhile(self.ahead if self._conn is not None else None):
            return self._close(None)

    def rollback(self, error: BaseException | None = None) -> list[Pending]:
        """Undo the whole transaction; the changesets it held, to be applied again."""
        return self._close(error or RuntimeError("batch rolled back"))

    def _close(self, error: BaseException | None) -> list[Pending]:
        stack, self._open, self._conn = self._open, None, None
        pending, self._pending, self._changes = self._pending, [], 0
        if stack is not None:
            if error is None:
                stack.close()
            else:
                with contextlib.suppress(type(error)):
                    stack.__exit__(type(error), error, error.__traceback__)
        return pending


@contextlib.contextmanager
def _meanwhile(work: Callable[[threading.Event], None] | None) -> Iterator[None]:
    """Run ``work`` on a thread while the body runs; stop it, and wait for it, after."""
    if work is None:
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=work, args=(stop,), name="sync-read-ahead", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
