"""The server transport's answers to a server under strain or with its own rules, through
httpx's mock transport: refusals noted per file, 429 retried, renumbering mid-scan."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable

import httpx
import pytest

from smartgrowth_desktop.sync.http_store import HttpStore, request_message
from smartgrowth_desktop.sync.identity import Signer, verify
from smartgrowth_desktop.sync.layout import blob_path, changeset_path

DEVICE = str(uuid.UUID(int=3))
Handler = Callable[[httpx.Request], httpx.Response]


def _store(handler: Handler) -> HttpStore:
    store = HttpStore("http://sync.test", "sgt_" + "a" * 43, sleep=lambda _: None)
    store._client = httpx.Client(base_url=store.url, transport=httpx.MockTransport(handler))
    return store


def _item(seq: int) -> dict[str, object]:
    return {"seq": seq, "origin": DEVICE, "first": seq, "last": seq, "tag": "0" * 12}


def test_a_renumbering_mid_scan_starts_the_scan_again() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/team-file":
            return httpx.Response(404, json={"error": "not_found", "message": "none"})
        after = int(request.url.params["after"])
        asked.append(f"{after}")
        epoch = "old" if len(asked) == 1 else "new"  # renumbered after the first page
        items = [_item(s) for s in range(after + 1, min(after + 1000, 1500) + 1)]
        page = {"items": items, "next_after": items[-1]["seq"] if items else after}
        return httpx.Response(200, json={**page, "more": len(items) == 1000, "epoch": epoch})

    with _store(handler) as store:
        listing = store.scan(DEVICE)
    assert asked == ["0", "1000", "0", "1000"]
    assert len(listing.changesets) == 1500


def test_refused_uploads_are_noted_and_busy_answers_retried() -> None:
    answers = iter(
        [
            httpx.Response(429, json={"error": "too_many_requests", "message": "wait"}),
            httpx.Response(201, json={"created": True}),
            httpx.Response(409, json={"error": "quarantined", "message": "the server holds "
                                      "this changeset in quarantine: bank details"}),
            httpx.Response(413, json={"error": "quota_exceeded", "message": "past your quota"}),
        ]
    )  # fmt: skip

    with _store(lambda request: next(answers)) as store:
        path = changeset_path(DEVICE, DEVICE, 1, 1, "ab" * 32)
        assert store.write(path, b"changeset") is True  # after one 429
        assert store.write(path, b"changeset") is False
        blob = blob_path(hashlib.sha256(b"photo").hexdigest())
        assert store.write(blob, b"photo") is False
    assert [p.reason for p in store.refused] == [
        "the server holds this changeset in quarantine: bank details",
        "the sync server refused it: past your quota",
    ]
    assert store.refused[0].path.endswith(path)


def test_a_changeset_gone_since_the_listing_is_a_read_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/changesets":
            return httpx.Response(200, json={"items": [_item(1)], "next_after": 1, "more": False})
        if request.url.path == "/v1/team-file":
            return httpx.Response(404, json={"error": "not_found", "message": "none"})
        return httpx.Response(410, json={"error": "quarantined", "message": "held: spam"})

    with _store(handler) as store:
        listing = store.scan(DEVICE)
        [refs] = listing.changesets.values()
        with pytest.raises(OSError, match="held: spam"):
            store.read(refs[0].path)


def test_every_blob_candidate_is_offered_once() -> None:
    first, second = b"junk", b"the photo, sealed"
    by_sha = {hashlib.sha256(d).hexdigest(): d for d in (first, second)}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/candidates"):
            items = [{"sha256": sha, "size": len(d)} for sha, d in by_sha.items()]
            return httpx.Response(200, content=json.dumps({"items": items}))
        data = by_sha.get(request.url.params.get("sha256", ""), first)
        return httpx.Response(200, content=data, headers={"X-Content-SHA256": _sha(data)})

    with _store(handler) as store:
        assert list(store.blob_versions(blob_path("c" * 64))) == [first, second]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_uploads_are_signed_and_a_refusal_by_device_is_noted_per_file() -> None:
    signer = Signer.generate()
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        message = "device … belongs to another member of this team"
        return httpx.Response(403, json={"error": "device_bound", "message": message})

    with _store(handler) as store:
        store.device, store.signer = DEVICE, signer
        path = changeset_path(DEVICE, DEVICE, 1, 2, "ab" * 32)
        assert store.write(path, b"changeset") is False
    [request] = sent
    digest = request.headers["X-Content-SHA256"]
    assert request.headers["X-SmartGrowth-Device"] == DEVICE
    assert request.headers["X-SmartGrowth-Key"] == signer.public_key
    signed = request_message("PUT", request.url.path, digest, DEVICE)
    assert verify(signer.public_key, request.headers["X-SmartGrowth-Signature"], signed)
    assert [p.reason for p in store.refused] == [
        "the sync server refused it: device … belongs to another member of this team"
    ]


def test_a_relayed_copy_of_our_own_changeset_is_left_for_us_to_send() -> None:
    other = str(uuid.UUID(int=4))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/team-file":
            return httpx.Response(404, json={"error": "not_found", "message": "none"})
        items = [{**_item(1), "relayed": True}, {**_item(2), "origin": other, "relayed": True}]
        return httpx.Response(200, json={"items": items, "next_after": 2, "more": False})

    with _store(handler) as store:
        assert len(store.scan(DEVICE).changesets) == 2  # an app that does not sign: as listed
        store.device, store.signer = DEVICE, Signer.generate()
        assert [k[0] for k in store.scan(DEVICE).changesets] == [other]
