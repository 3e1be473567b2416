"""A throwaway PostgreSQL cluster for the server tests: a temporary folder, loopback only.

It uses Debian's ``postgresql`` package (``installer/system-deps.sh test`` installs it).
PostgreSQL refuses to run as root, so as root (CI) ``initdb`` and ``pg_ctl`` run as the
``postgres`` system user the package creates, on a folder that user owns.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SKIP_VARIABLE = "SMARTGROWTH_SKIP_POSTGRES"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be started; the message says why and what to install."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise PostgresUnavailable(
        "PostgreSQL is not installed (initdb not found): run `bash installer/system-deps.sh test` "
        f"or set {SKIP_VARIABLE}=1 to skip the PostgreSQL variant"
    )


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def _as_postgres() -> tuple[list[str], int | None, int | None]:
    """The command prefix, uid and gid to run the server's tools as a normal user."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable("running as root, and there is no `postgres` user") from None
    prefix = ["runuser", "-u", "postgres", "--"] if shutil.which("runuser") else []
    if not prefix:
        prefix = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]
    return prefix, user.pw_uid, user.pw_gid


class Cluster:
    """A running cluster; ``url(database)`` gives SQLAlchemy URLs, ``create()`` databases."""

    def __init__(self, folder: Path, port: int, prefix: list[str], bin_dir: Path) -> None:
        self.folder = folder
        self.port = port
        self._prefix = prefix
        self._bin = bin_dir
        self._count = 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create(self, prefix: str = "sg") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        self._count += 1
        name = f"{prefix}_{os.getpid()}_{self._count}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [
                *self._prefix,
                str(self._bin / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
            cwd=self.folder,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def cluster() -> Iterator[Cluster]:
    """Start a cluster in a temporary folder; stop and remove it afterwards."""
    bin_dir = _bin_dir()
    prefix, uid, gid = _as_postgres()
    folder = Path(tempfile.mkdtemp(prefix="sg-postgres-"))
    if uid is not None and gid is not None:
        os.chown(folder, uid, gid)
    port = free_port()
    options = (
        f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB"
    )
    commands = [
        [
            str(bin_dir / "initdb"),
            "-D",
            str(folder / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-l",
            str(folder / "log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
    ]
    for command in commands:
        done = subprocess.run(  # cwd: a folder the postgres user may enter
            [*prefix, *command], capture_output=True, text=True, timeout=120, cwd=folder
        )
        if done.returncode != 0:
            log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise PostgresUnavailable(
                f"{Path(command[0]).name} failed: {done.stderr.strip()} {log[-2000:]}"
            )
    running = Cluster(folder, port, prefix, bin_dir)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline:
                running.stop()
                raise PostgresUnavailable("PostgreSQL started but does not listen") from None
            time.sleep(0.1)
    try:
        yield running
    finally:
        running.stop()
