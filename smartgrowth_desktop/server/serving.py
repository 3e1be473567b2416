"""Running the server: uvicorn with the connection guard, enough file descriptors, quiet logs.

At start the process's soft limit of open files is raised to its hard limit (a default
of 1,024 ran out under 1,100 idle connections, and every failed ``accept`` then logged a
traceback), and the connection cap is kept below it with room for the database and logs.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from dataclasses import dataclass
from typing import Any

import uvicorn

from smartgrowth_desktop.server.guard import HEAD_LIMIT, Guard, Repeats

RESERVE_FILES = 200  # database connections (three files each on SQLite), logs, listeners
log = logging.getLogger("smartgrowth.server")


@dataclass(frozen=True)
class ServeOptions:
    """How ``serve`` listens, and its connection limits (seconds, counts)."""

    host: str = "127.0.0.1"
    port: int = 8765
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    log_level: str = "warning"
    forwarded_allow_ips: str = "127.0.0.1"
    keep_alive: float = 5.0
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_connections: int = 1000
    log_every: float = 10.0


def raise_open_files_limit() -> int | None:
    """Raise the soft limit of open files to the hard one; the soft limit (None: unknown)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = [hard] if hard != resource.RLIM_INFINITY else [1 << 20, 10240]  # macOS: OPEN_MAX
    for target in wanted:
        if target <= soft:
            break
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            return target
        except (ValueError, OSError):
            continue
    return soft


def _connection_cap(wanted: int, files: int | None) -> int:
    if files is None or wanted <= files - RESERVE_FILES:
        return wanted
    cap = max(files - RESERVE_FILES, 16)
    log.warning(
        "at most %s connections (not %s): this process may open only %s files; raise its "
        "limit (ulimit -n, or LimitNOFILE= under systemd)",
        cap,
        wanted,
        files,
    )
    return cap


def _quiet_logs(level: str, every: float) -> None:
    """Our own log lines with a time stamp; floods of one warning collapsed to one line."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    ours = logging.getLogger("smartgrowth.server")
    ours.addHandler(handler)
    ours.setLevel(level.upper())
    ours.propagate = False
    for name in ("smartgrowth.server", "uvicorn.error", "asyncio"):
        logging.getLogger(name).addFilter(Repeats(every))


def _loop_errors(guard: Guard) -> Any:
    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if "accept" in str(context.get("message", "")):  # out of descriptors: counted, told
            guard.count("could not be accepted (out of file descriptors or memory)")
            return
        loop.default_exception_handler(context)

    return handle


async def _run(server: uvicorn.Server, guard: Guard) -> None:
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(_loop_errors(guard))
    guard.start(loop)
    await server.serve()


class _GuardedServer(uvicorn.Server):
    """uvicorn's server, telling the guard's last counts as it stops."""

    def __init__(self, config: uvicorn.Config, guard: Guard) -> None:
        super().__init__(config)
        self.guard = guard

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # here, not after ``serve``: uvicorn raises the stopping signal again as ``serve``
        # ends, which ends the process before anything after it runs
        await super().shutdown(sockets)
        self.guard.report(final=True)


def serve(app: Any, options: ServeOptions) -> None:
    """Serve ``app`` until stopped (Ctrl+C, SIGTERM)."""
    files = raise_open_files_limit()
    guard = Guard(options.header_timeout, options.body_timeout, log_every=options.log_every)
    config = uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        http=guard.protocol(),
        ssl_certfile=options.ssl_certfile,
        ssl_keyfile=options.ssl_keyfile,
        log_level=options.log_level,
        proxy_headers=True,
        forwarded_allow_ips=options.forwarded_allow_ips,
        timeout_keep_alive=max(1, round(options.keep_alive)),
        timeout_graceful_shutdown=10,
        h11_max_incomplete_event_size=HEAD_LIMIT,
    )
    _quiet_logs(options.log_level, options.log_every)
    guard.max_connections = _connection_cap(options.max_connections, files)
    asyncio.run(_run(_GuardedServer(config, guard), guard))
