"""The sync model's world: ``Laptops`` that do record work and sync through the media.

``World.run(step)`` carries out one step; the ``_op_<name>`` methods are in
``sync_work.py`` (records) and ``sync_media.py`` (syncing), their common ground in
``sync_laptops.py``.
"""

from __future__ import annotations

from tests.sync_laptops import (
    HOUR_MS,
    MEDIA,
    TABLES,
    Canceller,
    Laptop,
    Laptops,
    Stats,
    Step,
    SyncServer,
    Write,
)
from tests.sync_media import MediaWork
from tests.sync_work import RecordWork

__all__ = ["HOUR_MS", "MEDIA", "TABLES", "Canceller", "Laptop", "Laptops", "Stats", "Step",
           "SyncServer", "World", "Write"]  # fmt: skip


class World(RecordWork, MediaWork):
    """The laptops of one run: every step a user or a sync can take."""
