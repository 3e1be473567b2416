"""The API of a real server on 127.0.0.1: tokens, teams kept apart, bad bodies, idempotence."""

from __future__ import annotations

import hashlib
import socket
import uuid

import httpx
import pytest

from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.sync.changeset import encode
from tests.server.support import ServerProcess, auth, new_team

DEVICE = str(uuid.UUID(int=7))


def _changeset(first: int = 1, last: int = 1, text: str = "x") -> tuple[str, bytes]:
    """A real changeset and its upload path."""
    line = f'[{first},1,"contact","{uuid.UUID(int=1).hex}","title","","{text}",[],null]'
    lines = [line] + [line.replace(f"[{first},", f"[{s},", 1) for s in range(first + 1, last + 1)]
    data = encode(DEVICE, (first, last), lines, {})
    tag = hashlib.sha256(data[-_body_len(data) :]).hexdigest()[:12]
    return f"/v1/changesets/{DEVICE}/{first}/{last}/{tag}", data


def _body_len(data: bytes) -> int:
    import json
    import struct

    head_len = struct.unpack_from(">4sI", data)[1]
    return int(json.loads(data[8 : 8 + head_len])["body_len"])


def _put(url: str, token: str, data: bytes, sha: str | None = None) -> httpx.Response:
    headers = {**auth(token), "X-Content-SHA256": sha or hashlib.sha256(data).hexdigest()}
    return httpx.put(url, content=data, headers=headers, timeout=10)


def _error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"} and body["message"]
    return str(body["message"])


def test_health_and_openapi_need_no_token(server: ServerProcess) -> None:
    assert httpx.get(f"{server.url}/v1/health").json()["status"] == "ok"
    document = httpx.get(f"{server.url}/openapi.json").json()
    assert "/v1/changesets/{origin}/{first}/{last}/{tag}" in document["paths"]


def test_tokens_wrong_missing_revoked_and_of_another_team(
    server: ServerProcess, storage: Storage
) -> None:
    ours, theirs = new_team(storage, "anna", "binh"), new_team(storage, "chen")
    path, data = _changeset()
    assert _put(server.url + path, ours.tokens["anna"], data).status_code == 201
    listed = httpx.get(f"{server.url}/v1/changesets", headers=auth(ours.tokens["binh"])).json()
    [item] = listed["items"]

    missing = httpx.get(f"{server.url}/v1/changesets")
    assert "token is required" in _error(missing, 401)
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = auth(ours.tokens["anna"][:-2] + "zz")
    assert "not valid" in _error(httpx.get(f"{server.url}/v1/me", headers=wrong), 401)
    garbage = {"Authorization": "Bearer ünïcode and spaces".encode()}
    _error(httpx.get(f"{server.url}/v1/me", headers=garbage), 401)
    _error(httpx.get(f"{server.url}/v1/me", headers={"Authorization": "Basic abc"}), 401)

    # another team's token sees nothing of ours, and cannot read or write it
    other = auth(theirs.tokens["chen"])
    assert httpx.get(f"{server.url}/v1/changesets", headers=other).json()["items"] == []
    _error(httpx.get(f"{server.url}/v1/changesets/{item['seq']}", headers=other), 404)
    assert _put(server.url + path, theirs.tokens["chen"], data).status_code == 201
    mine = httpx.get(f"{server.url}/v1/changesets", headers=auth(ours.tokens["anna"])).json()
    assert len(mine["items"]) == 1  # their copy lives in their team only

    storage.revoke_user(ours.name, "anna")
    revoked = httpx.get(f"{server.url}/v1/me", headers=auth(ours.tokens["anna"]))
    assert "revoked" in _error(revoked, 401)
    assert httpx.get(f"{server.url}/v1/me", headers=auth(ours.tokens["binh"])).status_code == 200


def test_uploads_are_idempotent_and_listed_in_pages(
    server: ServerProcess, storage: Storage
) -> None:
    team = new_team(storage, "anna")
    token = team.tokens["anna"]
    uploads = [_changeset(n, n, f"v{n}") for n in range(1, 6)]
    for path, data in uploads:
        assert _put(server.url + path, token, data).status_code == 201
    again = _put(server.url + uploads[0][0], token, uploads[0][1])
    assert again.status_code == 200 and again.json()["created"] is False
    seen, after = [], 0
    while True:
        page = httpx.get(
            f"{server.url}/v1/changesets",
            params={"after": after, "limit": 2},
            headers=auth(token),
        ).json()
        seen += page["items"]
        after = page["next_after"]
        if not page["more"]:
            break
    assert [i["first"] for i in seen] == [1, 2, 3, 4, 5]
    assert [i["seq"] for i in seen] == sorted(i["seq"] for i in seen)
    got = httpx.get(f"{server.url}/v1/changesets/{seen[2]['seq']}", headers=auth(token))
    assert got.content == uploads[2][1]
    assert got.headers["x-content-sha256"] == hashlib.sha256(uploads[2][1]).hexdigest()


def test_blobs_are_checked_and_stored_once(server: ServerProcess, storage: Storage) -> None:
    token = new_team(storage, "anna").tokens["anna"]
    data = "名片 business card".encode() * 100
    name = hashlib.sha256(data).hexdigest()
    url = f"{server.url}/v1/blobs/{name}"
    assert httpx.head(url, headers=auth(token)).status_code == 404
    assert _put(url, token, data).status_code == 201
    assert _put(url, token, data).status_code == 200
    assert httpx.head(url, headers=auth(token)).status_code == 200
    assert httpx.get(url, headers=auth(token)).content == data
    other = f"{server.url}/v1/blobs/{'0' * 64}"
    assert "SHA-256 of its content" in _error(_put(other, token, data), 400)
    assert "does not match" in _error(_put(url, token, data, sha="1" * 64), 400)


def test_bad_bodies_are_refused_with_a_clear_message(
    server: ServerProcess, storage: Storage
) -> None:
    token = new_team(storage, "anna").tokens["anna"]
    path, data = _changeset(1, 3)
    url = server.url + path
    assert "required" in _error(
        httpx.put(url, content=data, headers=auth(token)), 400
    )  # no hash header
    assert "signature" in _error(_put(url, token, b"not a changeset at all"), 400)
    assert "truncated" in _error(_put(url, token, data[:-5]), 400)
    assert "header" in _error(_put(url, token, data[:12]), 400)
    other_path, _ = _changeset(4, 4)
    assert "another device or range" in _error(_put(server.url + other_path, token, data), 400)
    assert "first must not be above last" in _error(
        _put(url.replace("/1/3/", "/3/1/"), token, data), 422
    )
    assert "path segment" in _error(_put(url.replace(DEVICE, "not-a-device"), token, data), 422)
    _error(httpx.get(f"{server.url}/v1/changesets?after=abc", headers=auth(token)), 422)
    _error(httpx.get(f"{server.url}/v1/changesets?limit=100000", headers=auth(token)), 422)
    _error(httpx.get(f"{server.url}/v1/changesets/{2**70}", headers=auth(token)), 422)
    _error(httpx.get(f"{server.url}/v1/nowhere", headers=auth(token)), 404)
    _error(httpx.delete(f"{server.url}/v1/changesets", headers=auth(token)), 405)
    assert httpx.get(f"{server.url}/v1/changesets", headers=auth(token)).json()["items"] == []


def test_oversized_and_cut_short_bodies(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A small limit, a body over it, a body that stops halfway: nothing stored, still up."""
    folder = tmp_path_factory.mktemp("limits")
    url = f"sqlite:///{folder / 'limits.sqlite3'}"
    with ServerProcess(url, folder / "log").start("--max-body-mb", "0.01") as limited:
        storage = Storage.open(url)
        token = new_team(storage, "anna").tokens["anna"]
        big = bytes(20_000)
        name = hashlib.sha256(big).hexdigest()
        assert "this server takes" in _error(
            _put(f"{limited.url}/v1/blobs/{name}", token, big), 413
        )

        def chunks() -> object:
            yield from (big[i : i + 1000] for i in range(0, len(big), 1000))

        streamed = httpx.put(
            f"{limited.url}/v1/blobs/{name}",
            content=chunks(),  # no Content-Length: chunked, counted as it comes
            headers={**auth(token), "X-Content-SHA256": name},
        )
        assert "over" in _error(streamed, 413)
        _cut_short(limited.port, name, token)
        assert httpx.head(f"{limited.url}/v1/blobs/{name}", headers=auth(token)).status_code == 404
        assert httpx.get(f"{limited.url}/v1/health").status_code == 200
        storage.close()


def _cut_short(port: int, name: str, token: str) -> None:
    """Announce 5,000 bytes, send 1,000, and hang up (a client that died mid-upload)."""
    request = (
        f"PUT /v1/blobs/{name} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"X-Content-SHA256: {name}\r\nContent-Length: 5000\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        raw.sendall(request + bytes(1000))
        raw.shutdown(socket.SHUT_WR)
        raw.recv(4096)  # the server answers or closes; either way nothing is stored
