"""Double bookings: meetings that overlap in time and share a person.

A person is a key: a delegate (by name), a mission's delegation as a whole (a mission
that lists no delegates), an attendee (by contact id). Two meetings clash when their
times overlap (one ending as the other starts does not) and they share a key. Plain
values in, plain values out: the services read the meetings, the window, the CLI and the
packs say what is found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

#: A meeting with no end is taken to last this long.
DEFAULT_LENGTH = timedelta(hours=1)


@dataclass(frozen=True)
class Booking:
    """One meeting as the check sees it: when, and whose time it takes."""

    id: str
    starts_at: datetime
    ends_at: datetime | None
    people: frozenset[str]

    @property
    def end(self) -> datetime:
        """The end, or the start plus ``DEFAULT_LENGTH`` (an end before the start too)."""
        if self.ends_at is None or self.ends_at <= self.starts_at:
            return self.starts_at + DEFAULT_LENGTH
        return self.ends_at


@dataclass(frozen=True)
class Overlap:
    """Another meeting a booking overlaps, and the people the two share."""

    other: str
    shared: frozenset[str]


def overlaps(
    bookings: Iterable[Booking], among: Collection[str] | None = None
) -> dict[str, list[Overlap]]:
    """Every booking that overlaps another sharing a person, with those others (in the
    order they start); with ``among``, only the bookings named there are reported. A
    sweep over the bookings by start time."""
    found: dict[str, list[Overlap]] = defaultdict(list)
    running: list[Booking] = []
    for booking in sorted(bookings, key=lambda b: (b.starts_at, b.id)):
        running = [b for b in running if b.end > booking.starts_at]
        for earlier in running:
            if among is not None and earlier.id not in among and booking.id not in among:
                continue
            shared = earlier.people & booking.people
            if shared and earlier.id != booking.id:
                found[earlier.id].append(Overlap(booking.id, shared))
                found[booking.id].append(Overlap(earlier.id, shared))
        running.append(booking)
    if among is not None:
        return {k: v for k, v in found.items() if k in among}
    return dict(found)
