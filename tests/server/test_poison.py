"""Poison changesets sent to a real server: each refused (400, with the reason) before it
is stored, so no laptop ever receives it; the team's good changes still go through."""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
import zlib
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.crypto import new_team as new_team_key
from tests.server.support import ServerProcess, auth, new_team
from tests.sync_support import new_profile, tables

DEVICE = str(uuid.UUID(int=0x5EED))
RECORD = uuid.UUID(int=42).hex


def _line(seq: int, value: str = '"Mai"', hlc: str = "1") -> str:
    return f'[{seq},{hlc},"contact","{RECORD}","family_name","",{value},[],null]'


def _frame(header: dict[str, Any] | bytes, body: bytes, magic: bytes = b"SGCS") -> bytes:
    head = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack(">4sI", magic, len(head)) + head + body


def _changeset(
    lines: list[str] | None = None, body: bytes | None = None, **changed: Any
) -> tuple[str, bytes]:
    """A changeset of device DEVICE covering 1–len(lines), with header fields ``changed``."""
    lines = lines if lines is not None else [_line(1)]
    body = body if body is not None else zlib.compress("\n".join(lines).encode())
    sha = hashlib.sha256(body).hexdigest()
    header = {
        "format": 1,
        "min_reader": 1,
        "device": DEVICE,
        "first": 1,
        "last": max(len(lines), 1),
        "count": len(lines),
        "created": 1 << 40,
        "deps": {},
        "blobs": [],
        "body_len": len(body),
        "body_sha256": sha,
        **changed,
    }
    path = f"/v1/changesets/{DEVICE}/{header['first']}/{header['last']}/{sha[:12]}"
    return path, _frame(header, body)


def _raw_header(head: bytes, body: bytes = b"x", magic: bytes = b"SGCS") -> tuple[str, bytes]:
    tag = hashlib.sha256(body).hexdigest()[:12]
    return f"/v1/changesets/{DEVICE}/1/1/{tag}", _frame(head, body, magic)


def _duplicate_device() -> tuple[str, bytes]:
    path, data = _changeset()
    head_len = struct.unpack_from(">4sI", data)[1]
    head = data[8 : 8 + head_len].replace(b"{", b'{"device": "someone else", ', 1)
    return path, _frame(head, data[8 + head_len :])


POISON: dict[str, tuple[tuple[str, bytes], str]] = {
    "a header of 100,000 [": (_raw_header(b"[" * 100_000), "nested 100000 levels deep"),
    "a header nested deep in deps": (
        _raw_header(b'{"deps": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
        "nested 5001 levels deep",
    ),
    "a header length of 2**31": (
        ("/v1/changesets/" + DEVICE + "/1/1/" + "0" * 12, struct.pack(">4sI", b"SGCS", 2**31)),
        "a header of 2147483648 bytes",
    ),
    "a clock stamp of 2**64": (_changeset(created=2**64), "too large"),
    "a negative clock stamp": (_changeset(created=-1), "not a date"),
    "a change stamped 2**64": (_changeset([_line(1, hlc=str(2**64))]), "too large"),
    "a value of 10**30": (_changeset([_line(1, str(10**30))]), "too large"),
    "a value nested 100,000 deep": (
        _changeset([_line(1, "[" * 100_000 + "]" * 100_000)]),
        "nested 100001 levels deep",
    ),
    "a value that is NaN": (_changeset([_line(1, "NaN")]), "NaN is not a JSON number"),
    "a header naming the device twice": (_duplicate_device(), "appears twice"),
    "a body of one 20 MB line": (
        _changeset(body=zlib.compress(b"[" + b" " * (20 << 20))),
        "longer than",
    ),
    "more changes than its header says": (
        _changeset([_line(1), _line(2)], count=1, last=2),
        "2 changes where the header says 1",
    ),
    "a change that is not a list of 9": (_changeset(["[1, 2, 3]"]), "not a list of 9"),
    "a sealed changeset in a team that does not encrypt": (
        _raw_header(b'{"format":1,"kid":"00","salt":"","nonce":""}', b"s" * 32, b"SGCE"),
        "does not encrypt",
    ),
}


@pytest.mark.parametrize("name", list(POISON))
def test_a_poison_changeset_is_refused_before_it_is_stored(
    server: ServerProcess, storage: Storage, name: str
) -> None:
    (path, data), words = POISON[name]
    token = new_team(storage, "mallory").tokens["mallory"]
    headers = {**auth(token), "X-Content-SHA256": hashlib.sha256(data).hexdigest()}
    answer = httpx.put(server.url + path, content=data, headers=headers, timeout=30)
    assert answer.status_code == 400, answer.text
    assert words in answer.json()["message"], answer.json()
    listing = httpx.get(f"{server.url}/v1/changesets", headers=auth(token)).json()
    assert listing["items"] == []


def test_bad_paths_are_refused_whole(server: ServerProcess, storage: Storage) -> None:
    """Anchored patterns: a 67-character origin, a 13-digit tag, a 65-digit blob name and
    numbers past int64 are 422 on every database (one once reached PostgreSQL: 503)."""
    token = new_team(storage, "mallory").tokens["mallory"]
    path, data = _changeset()
    headers = {**auth(token), "X-Content-SHA256": hashlib.sha256(data).hexdigest()}
    tag = path.rsplit("/", 1)[1]
    for bad in (
        path.replace(DEVICE, DEVICE + "-" + "f" * 30),
        path.replace(DEVICE, DEVICE.upper()),
        path.replace(DEVICE, "x" + DEVICE),
        path.replace(tag, tag + "0"),
        path.replace("/1/1/", f"/1/{2**63}/"),
        path.replace("/1/1/", "/0/1/"),
    ):
        answer = httpx.put(server.url + bad, content=data, headers=headers, timeout=10)
        assert answer.status_code == 422, (bad, answer.text)
    for bad_get in (f"/v1/blobs/{'a' * 65}", f"/v1/blobs/x{'a' * 64}", f"/v1/changesets/{2**64}"):
        assert httpx.get(server.url + bad_get, headers=auth(token)).status_code == 422
    assert httpx.put(server.url + path, content=data, headers=headers).status_code == 201


def test_the_team_still_syncs_around_the_poison(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    """Mallory, a member, sends every poison; Anna's and Binh's laptops sync unharmed."""
    team = new_team(storage, "anna", "binh", "mallory")
    for (path, data), _ in POISON.values():
        headers = {**auth(team.tokens["mallory"]), "X-Content-SHA256": _sha(data)}
        assert httpx.put(server.url + path, content=data, headers=headers, timeout=30).is_error
    with new_profile(tmp_path / "a") as a, new_profile(tmp_path / "b") as b:
        RecordService(a).create("contact", {"family_name": "Đặng", "title": "Director"})
        RecordService(b).create(
            "organization", {"name": "Hebei Smart City Office", "kind": "agency"}
        )
        for profile, person in ((a, "anna"), (b, "binh"), (a, "anna")):
            report = SyncService(profile).sync_server(server.url, team.tokens[person])
            assert report.ok and not report.errors, report.to_json()
        assert tables(a) == tables(b)


def test_a_team_that_encrypts_takes_only_sealed_changesets(
    server: ServerProcess, storage: Storage
) -> None:
    token = new_team(storage, "anna").tokens["anna"]
    key, document = new_team_key("passphrase of the team")
    headers = {**auth(token), "X-Content-SHA256": _sha(document)}
    put = httpx.put(f"{server.url}/v1/team-file", content=document, headers=headers)
    assert put.status_code == 201
    path, plain = _changeset()
    for data, status, words in (
        (plain, 400, "stored in clear"),
        (key.seal(plain, b"changeset")[:-3], 400, "cut short"),
        (new_team_key("another team")[0].seal(plain, b"changeset"), 400, "another key"),
        (key.seal(plain, b"changeset"), 201, ""),
    ):
        headers = {**auth(token), "X-Content-SHA256": _sha(data)}
        answer = httpx.put(server.url + path, content=data, headers=headers)
        assert answer.status_code == status, answer.text
        assert words in answer.text


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
