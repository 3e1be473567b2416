"""Hybrid logical clock: wall-clock milliseconds plus a counter, packed in one integer.

A stamp is ``wall_ms << 16 | counter``. Stamps only grow on one device, even when the
wall clock steps back, and they stay close to real time so that laptops with slightly
wrong clocks still order changes sanely. Ties between devices are broken by device id
wherever stamps are compared.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
MAX_DRIFT_MS = 5 * 60 * 1000


def pack(wall_ms: int, counter: int) -> int:
    """Pack a wall time in milliseconds and a counter into one stamp."""
    return (wall_ms << COUNTER_BITS) | counter


def wall_ms_of(stamp: int) -> int:
    """The wall-clock milliseconds of a stamp."""
    return stamp >> COUNTER_BITS


#: the last millisecond a datetime can hold (stamps beyond it are shown as it)
MAX_WALL_MS = 253_402_300_799_999


def datetime_of(stamp: int) -> datetime:
    """The UTC time a stamp stands for (millisecond precision), within 1970–9999."""
    wall = min(max(wall_ms_of(stamp), 0), MAX_WALL_MS)
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=wall)


def system_ms() -> int:
    """Milliseconds since the epoch from the system clock."""
    return time.time_ns() // 1_000_000


@dataclass
class ObservedDrift:
    """Returned when a peer's stamp was further ahead of our clock than we accept."""

    ahead_ms: int


class HybridClock:
    """A hybrid logical clock (Kulkarni et al.), persisted by its owner through ``last``."""

    def __init__(self, last: int = 0, now_ms: Callable[[], int] = system_ms) -> None:
        self.last = last
        self._now_ms = now_ms

    def tick(self) -> int:
        """A new stamp for a local event, greater than every stamp seen so far."""
        wall = self._now_ms()
        last_wall, last_counter = wall_ms_of(self.last), self.last & COUNTER_MASK
        if wall > last_wall:
            self.last = pack(wall, 0)
        elif last_counter < COUNTER_MASK:
            self.last = pack(last_wall, last_counter + 1)
        else:  # counter exhausted within one millisecond: borrow the next one
            self.last = pack(last_wall + 1, 0)
        return self.last

    def observe(self, remote: int) -> ObservedDrift | None:
        """Take a peer's stamp into account; never adopt one far ahead of our own clock.

        A stamp more than ``MAX_DRIFT_MS`` ahead of our wall clock is not adopted (our
        clock would be dragged into the future for good); the drift is returned so the
        caller can warn that the other laptop's clock is wrong.
        """
        wall = self._now_ms()
        ahead = wall_ms_of(remote) - wall
        if ahead > MAX_DRIFT_MS:
            return ObservedDrift(ahead)
        if remote > self.last:
            self.last = remote
        return None
