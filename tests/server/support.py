"""The sync server as a real process on 127.0.0.1, and teams made for one test each."""

from __future__ import annotations

import itertools
import os
import resource
import signal
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

from smartgrowth_desktop.server.storage import Storage
from tests.server.postgres import free_port

_TEAMS = itertools.count(1)


class ServerProcess:
    """``smartgrowth-server serve`` in a subprocess; started, stopped and restarted."""

    def __init__(self, database_url: str, log: Path, port: int | None = None) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.verify: ssl.SSLContext | bool = True  # trusts the test certificate over HTTPS

    def start(self, *extra: str, open_files: int | None = None) -> ServerProcess:
        """Start with ``extra`` flags; ``open_files`` lowers the process's soft limit of
        open files first (as a distribution's default of 1,024 would)."""
        command = [
            sys.executable,
            "-m",
            "smartgrowth_desktop.server",
            "serve",
            "--port",
            str(self.port),
            "--database-url",
            self.database_url,
            *extra,
        ]

        def limit() -> None:
            if open_files is not None:
                hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
                resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, hard))

        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=log, preexec_fn=limit)
        self.wait_healthy()
        return self

    def wait_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text(errors='replace')}")
            try:
                if (
                    httpx.get(f"{self.url}/v1/health", timeout=1, verify=self.verify).status_code
                    == 200
                ):
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer: {self.log.read_text(errors='replace')}")

    def kill(self) -> None:
        """Stop at once, as a crash or a power cut would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(3)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> ServerProcess:
        # ``with ServerProcess(...).start(flags) as server`` is already running: starting
        # a second one would leave the first running after the test
        if self.process is not None and self.process.poll() is None:
            return self
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass
class Team:
    """A team made for one test, with its people's tokens."""

    name: str
    tokens: dict[str, str] = field(default_factory=dict)

    def token_file(self, folder: Path, person: str) -> Path:
        path = folder / f"{self.name}-{person}.token"
        path.write_text(self.tokens[person] + "\n", encoding="utf-8")
        return path


def new_team(storage: Storage, *people: str) -> Team:
    """A fresh team (unique name) with ``people`` in it."""
    team = Team(f"team-{os.getpid()}-{next(_TEAMS)}")
    storage.add_team(team.name)
    for person in people:
        team.tokens[person] = storage.add_user(team.name, person)
    return team


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
