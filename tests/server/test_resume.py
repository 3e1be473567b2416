"""A download cut off mid-body resumes where it stopped (``Range``), through a real proxy
that hangs up after part of the first answer, as a hotel Wi-Fi does."""

from __future__ import annotations

import hashlib
import os
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.sync.http_store import HttpStore
from smartgrowth_desktop.sync.layout import blob_path
from tests.server.support import ServerProcess, auth, new_team


class CuttingProxy:
    """Relays 127.0.0.1 connections to the server; the first answer is cut after ``cut`` bytes."""

    def __init__(self, target: int, cut: int) -> None:
        self.target, self.cut = target, cut
        self.requests: list[bytes] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._first = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            limit = self.cut if self._first else None
            self._first = False
            threading.Thread(target=self._serve, args=(client, limit), daemon=True).start()

    def _serve(self, client: socket.socket, limit: int | None) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target))
        request = client.recv(65536)
        self.requests.append(request)
        upstream.sendall(request)
        sent = 0
        with client, upstream:
            while limit is None or sent < limit:
                chunk = upstream.recv(65536 if limit is None else min(65536, limit - sent))
                if not chunk:
                    break
                client.sendall(chunk)
                sent += len(chunk)

    def close(self) -> None:
        self._listener.close()


@pytest.fixture
def proxy(server: ServerProcess) -> Iterator[CuttingProxy]:
    running = CuttingProxy(server.port, cut=300_000)
    yield running
    running.close()


def test_a_download_cut_short_resumes(
    server: ServerProcess, storage: Storage, proxy: CuttingProxy
) -> None:
    token = new_team(storage, "anna").tokens["anna"]
    data = os.urandom(1_000_000)  # a business-card scan
    name = hashlib.sha256(data).hexdigest()
    put = httpx.put(
        f"{server.url}/v1/blobs/{name}",
        content=data,
        headers={**auth(token), "X-Content-SHA256": name},
    )
    assert put.status_code == 201
    with HttpStore(f"http://127.0.0.1:{proxy.port}", token, pause=0.01) as store:
        assert store.read(blob_path(name)) == data
    assert len(proxy.requests) == 2
    resumed = proxy.requests[1].decode("latin-1").lower()
    assert "range: bytes=" in resumed and "range: bytes=0-" not in resumed
    tail = httpx.get(
        f"{server.url}/v1/blobs/{name}", headers={**auth(token), "Range": "bytes=999000-"}
    )
    assert tail.status_code == 206 and tail.content == data[999_000:]
    assert tail.headers["content-range"] == "bytes 999000-999999/1000000"
    past = httpx.get(
        f"{server.url}/v1/blobs/{name}", headers={**auth(token), "Range": "bytes=1000000-"}
    )
    assert past.status_code == 416 and past.json()["error"] == "range_not_satisfiable"
