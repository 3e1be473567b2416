"""The server under abuse: deadlines on every connection, a cap on how many, quiet logs.

uvicorn's h11 protocol only times out a connection idle *between* requests, and stops
that clock at the first byte, so a client that sends half its headers (slowloris) holds
its connection, and a file descriptor, for ever. Here each connection has a deadline for
its whole request head (``header_timeout``, counted from the connection or from the end
of the previous answer, whatever trickles in meanwhile), for each pause in its body and
for each pause while it takes its answer (``body_timeout``); one sweep a second closes
the overdue ones.

At most ``max_connections`` are open. At the cap a new connection closes the oldest one
still waiting for its request head (an attacker's, as a rule: a real client sends its
request at once); when every connection is busy, the new one gets a 503 and is closed.
What was closed or refused is told in one log line every ``log_every`` seconds, never
one line per connection, and repeated warnings of uvicorn's are collapsed the same way;
what is left untold when the server stops is told then.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("smartgrowth.server.guard")
HEAD_LIMIT = 16 * 1024  # the most a request head may take (h11's own cap)


def _refusal() -> bytes:
    body = json.dumps(
        {
            "error": "unavailable",
            "message": "the server has as many connections as it takes; try again shortly",
        },
        separators=(",", ":"),
    ).encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nretry-after: 1\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


REFUSAL = _refusal()


@dataclass
class Guard:
    """The deadlines and the cap shared by every connection of one server process."""

    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_connections: int = 1000
    log_every: float = 10.0
    open: set[GuardedH11Protocol] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)
    _last_report: float = float("-inf")  # the first trouble is told at once
    #: connections in the order they began to wait for a request (some since busy)
    _queue: OrderedDict[GuardedH11Protocol, None] = field(default_factory=OrderedDict)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def waits(self, protocol: GuardedH11Protocol) -> None:
        """``protocol`` begins to wait for a request (it goes to the back of the line)."""
        self._queue.pop(protocol, None)
        self._queue[protocol] = None

    def forget(self, protocol: GuardedH11Protocol) -> None:
        self.open.discard(protocol)
        self._queue.pop(protocol, None)

    def _oldest_waiting(self) -> GuardedH11Protocol | None:
        """The connection waiting longest for its request (amortized O(1))."""
        while self._queue:
            oldest = next(iter(self._queue))
            if oldest in self.open and oldest.waiting():
                return oldest
            del self._queue[oldest]  # busy since (it is queued again when it waits)
        return None

    def admit(self, new: GuardedH11Protocol) -> bool:
        """Make room for ``new``: False when it must be refused."""
        if len(self.open) >= self.max_connections:
            oldest = self._oldest_waiting()
            if oldest is None:
                self.count("refused at the cap")
                return False
            self.count("closed at the cap while waiting for their request")
            oldest.close()
        self.open.add(new)
        self.waits(new)
        return True

    def sweep(self, now: float) -> None:
        """Close every overdue connection; tell what happened, once per ``log_every``."""
        for protocol in [p for p in self.open if p.overdue(now)]:
            self.count(protocol.overdue(now) or "overdue")
            protocol.close()
        self.report()

    def report(self, final: bool = False) -> None:
        """Tell what was closed or refused since the last line, if ``log_every`` has passed
        (``final``: at once, as the server stops)."""
        now = time.monotonic()
        if not self.counts or (not final and now - self._last_report < self.log_every):
            return
        told = ", ".join(f"{n:,} {what}" for what, n in sorted(self.counts.items()))
        since = (
            ""
            if self._last_report == float("-inf")
            else f" in the last {now - self._last_report:.0f} s"
        )
        log.warning(
            "connections (%s open, at most %s)%s: %s",
            f"{len(self.open):,}",
            f"{self.max_connections:,}",
            since,
            told,
        )
        self.counts.clear()
        self._last_report = now

    def protocol(self) -> type[GuardedH11Protocol]:
        """The protocol class for uvicorn (``http=``), bound to this guard."""
        return type("GuardedH11", (GuardedH11Protocol,), {"guard": self})

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Sweep once a second on ``loop`` (until the loop stops)."""

        def tick() -> None:
            self.sweep(loop.time())
            loop.call_later(1.0, tick)

        loop.call_later(1.0, tick)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the guard's deadlines and cap."""

    guard: ClassVar[Guard]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.waiting_since = self.last_data = self.loop.time()
        self.write_paused_since: float | None = None
        self.admitted = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if not self.guard.admit(self):
            transport.write(REFUSAL)
            transport.close()
            return
        self.admitted = True
        super().connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.admitted:
            self.guard.forget(self)
            super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self.last_data = self.loop.time()
        super().data_received(data)

    def on_response_complete(self) -> None:
        self.waiting_since = self.loop.time()  # the next request head's clock starts
        self.guard.waits(self)
        super().on_response_complete()

    def pause_writing(self) -> None:
        self.write_paused_since = self.loop.time()
        super().pause_writing()

    def resume_writing(self) -> None:
        self.write_paused_since = None
        if self.conn.their_state is h11.IDLE:  # its answer is out: it waits again
            self.waiting_since = self.loop.time()
            self.guard.waits(self)
        super().resume_writing()

    def waiting(self) -> bool:
        """Whether it waits for a request (its head not yet whole, or none begun), with
        nothing of an answer still to deliver."""
        return (
            self.conn.their_state is h11.IDLE
            and self.write_paused_since is None
            and not self.transport.is_closing()
        )

    def overdue(self, now: float) -> str | None:
        """Why this connection has run out of time, or None."""
        if self.transport is None or self.transport.is_closing():
            return None
        guard, state, paused = self.guard, self.conn.their_state, self.write_paused_since
        if paused is not None:  # an answer is waiting for the client to take it
            late = now - paused > guard.body_timeout
            return "closed not taking their answer" if late else None
        if state is h11.IDLE:
            late = now - self.waiting_since > guard.header_timeout
            return "closed without a whole request head in time" if late else None
        if state is h11.SEND_BODY:
            if self.flow.read_paused:  # the app has not taken what came: not their fault
                self.last_data = now
                return None
            late = now - self.last_data > guard.body_timeout
            return "closed with a stalled request body" if late else None
        return None

    def close(self) -> None:
        """Drop the connection now, unsent answer and all; it no longer counts."""
        self.guard.forget(self)
        if self.transport is not None:
            self.transport.abort()

    def send_400_response(self, msg: str) -> None:
        """A malformed or oversized request head: a JSON 400, then the connection closes."""
        body = json.dumps(
            {
                "error": "bad_request",
                "message": f"{msg.rstrip('.')}: a malformed request head, or one over "
                f"{HEAD_LIMIT // 1024} KB",
            },
            separators=(",", ":"),
        ).encode()
        headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            output = self.conn.send(event)
            if output:
                self.transport.write(output)
        self.transport.close()


class Repeats(logging.Filter):
    """Lets one record of each kind through per ``window`` seconds, and tells how many
    were held back when the next one passes (so a flood of one warning stays one line)."""

    def __init__(self, window: float = 10.0) -> None:
        super().__init__()
        self.window = window
        self._seen: dict[tuple[str, object], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key, now = (record.name, record.msg), time.monotonic()
        since, held = self._seen.get(key, (float("-inf"), 0))
        if now - since < self.window:
            self._seen[key] = (since, held + 1)
            return False
        self._seen[key] = (now, 0)
        if held:
            record.msg = f"{record.msg} ({held:,} more like it held back)"
        return True
