"""Fixtures of the server suite: each backend (SQLite, PostgreSQL) and a server on it.

The PostgreSQL variant runs wherever PostgreSQL can be started (``make test`` installs
it); when it cannot, those tests FAIL, unless ``SMARTGROWTH_SKIP_POSTGRES=1`` says to
skip them on purpose.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartgrowth_desktop.server.storage import Storage
from tests.server.postgres import SKIP_VARIABLE, Cluster, PostgresUnavailable, cluster
from tests.server.support import ServerProcess

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """One throwaway PostgreSQL cluster for the whole run."""
    if os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"PostgreSQL variant skipped on purpose ({SKIP_VARIABLE}=1)")
    try:
        with cluster() as running:
            yield running
    except PostgresUnavailable as error:
        pytest.fail(f"PostgreSQL could not be started: {error}", pytrace=False)


class Backends:
    """Makes fresh databases of one kind."""

    def __init__(self, kind: str, folder: Path, request: pytest.FixtureRequest) -> None:
        self.kind = kind
        self.folder = folder
        self._request = request
        self._count = 0

    def new_url(self) -> str:
        self._count += 1
        if self.kind == "sqlite":
            return f"sqlite:///{self.folder / f'server{self._count}.sqlite3'}"
        postgres: Cluster = self._request.getfixturevalue("postgres")
        return postgres.create()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Backends:
    """Fresh databases of one kind (the tests run once per kind)."""
    return Backends(request.param, tmp_path_factory.mktemp(f"db-{request.param}"), request)


@pytest.fixture(scope="module")
def server(backend: Backends, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server per module and backend; tests keep apart by using teams of their own."""
    log = tmp_path_factory.mktemp("server-log") / "server.log"
    with ServerProcess(backend.new_url(), log) as running:
        yield running


@pytest.fixture(scope="module")
def storage(server: ServerProcess) -> Iterator[Storage]:
    """The server's database, opened in the test process (to add teams and look inside)."""
    opened = Storage.open(server.database_url)
    yield opened
    opened.close()
