"""A bounded load test: 50 clients syncing at once for a fixed number of rounds, no error.

Each client is the app's own server transport (``HttpStore``, the engine's Store) with a
device id of its own: per round it lists the team's changesets, uploads a new one of its
own and downloads every one it has not seen (hash-checked). Full profiles converging
through the server are tested in test_sync.py; here the server is the one under load.
"""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.sync.changeset import decode, encode
from smartgrowth_desktop.sync.http_store import HttpStore
from smartgrowth_desktop.sync.layout import changeset_path
from tests.server.support import ServerProcess, new_team

CLIENTS = 50
ROUNDS = 2


def _changeset(device: str, seq: int) -> bytes:
    line = f'[{seq},{seq},"contact","{uuid.uuid4().hex}","family_name","","Lâm {seq}",[],null]'
    return encode(device, (seq, seq), [line], {})


@pytest.mark.slow
def test_fifty_clients_sync_at_once(server: ServerProcess, storage: Storage) -> None:
    people = [f"p{i:02d}" for i in range(CLIENTS)]
    team = new_team(storage, *people)
    barrier = threading.Barrier(CLIENTS, timeout=120)
    latencies: list[float] = []

    def client(index: int) -> set[tuple[str, int, int]]:
        device = str(uuid.UUID(int=index + 1))
        held: set[tuple[str, int, int]] = set()
        with HttpStore(server.url, team.tokens[people[index]], retries=0) as store:
            for seq in range(1, ROUNDS + 1):
                barrier.wait()  # everyone syncs at the same moment
                start = time.perf_counter()
                listing = store.scan(device)
                data = _changeset(device, seq)
                changeset = decode(data)
                path = changeset_path(device, device, seq, seq, changeset.header.body_sha256)
                assert store.write(path, data) is True
                assert store.write(path, data) is False  # idempotent
                held.add((device, seq, seq))
                for key, refs in listing.changesets.items():
                    if key not in held:
                        assert decode(store.read(refs[0].path)).header.device == key[0]
                        held.add(key)
                latencies.append(time.perf_counter() - start)
            barrier.wait()
            for key, refs in store.scan(device).changesets.items():  # catch up
                if key not in held:
                    decode(store.read(refs[0].path))
                    held.add(key)
        return held

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(client, range(CLIENTS)))
    everything = {
        (str(uuid.UUID(int=i + 1)), s, s) for i in range(CLIENTS) for s in range(1, ROUNDS + 1)
    }
    assert all(held == everything for held in results)
    who = storage.authenticate(team.tokens["p00"])
    assert who is not None
    assert len(storage.list_changesets(who.team_id, 0, 1000)) == CLIENTS * ROUNDS
    assert len(latencies) == CLIENTS * ROUNDS
