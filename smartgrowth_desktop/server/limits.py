"""How much one request and one member may ask of the server (``serve`` flags set them).

Bodies are capped per kind; each member may have a few uploads in progress at once per
server process (past that: 429, "try again in a moment", which the app does); and each
member's stored bytes may be capped by a quota (past that: 413 with a message).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from smartgrowth_desktop.server.errors import ApiError


@dataclass(frozen=True)
class Limits:
    """Largest bodies accepted (bytes), uploads at once and stored bytes per member."""

    changeset: int = 64 * 2**20
    blob: int = 64 * 2**20
    team_file: int = 4 * 2**10
    uploads_per_member: int = 4
    member_quota: int | None = 10 * 2**30  # None or 0: no quota


class UploadSlots:
    """Uploads in progress per member, in this process (the event loop's thread only)."""

    def __init__(self, per_member: int) -> None:
        self.per_member = per_member
        self._busy: dict[int, int] = {}

    @contextlib.asynccontextmanager
    async def hold(self, user_id: int) -> AsyncIterator[None]:
        """One upload slot of ``user_id`` while the block runs; 429 when all are taken."""
        busy = self._busy.get(user_id, 0)
        if busy >= self.per_member:
            raise ApiError(
                429,
                f"you already have {busy} uploads in progress on this server (at most "
                f"{self.per_member} at once); try again when they are done",
                headers={"Retry-After": "1"},
            )
        self._busy[user_id] = busy + 1
        try:
            yield
        finally:
            left = self._busy[user_id] - 1
            if left:
                self._busy[user_id] = left
            else:
                del self._busy[user_id]
