"""The HTTP API (``/v1``), an ASGI application built by ``create_app``.

Changesets and blobs travel as raw bytes (``application/octet-stream``) with their
SHA-256 in ``X-Content-SHA256``; listings and errors are JSON. The OpenAPI document is at
``/openapi.json`` (and browsable at ``/docs``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import ClientDisconnect

from smartgrowth_desktop import __version__
from smartgrowth_desktop.server import errors, frames
from smartgrowth_desktop.server.errors import ApiError
from smartgrowth_desktop.server.storage import MAX_PAGE, Principal, Storage

MAX_SEQ = 2**62
MAX_CHANGE_SEQ = 10**12 - 1
HASH_HEADER = "X-Content-SHA256"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_RANGE = re.compile(r"bytes=(\d{1,15})-")
OCTETS = "application/octet-stream"
T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """Largest bodies accepted, in bytes."""

    changeset: int = 64 * 2**20
    blob: int = 64 * 2**20
    team_file: int = 64 * 2**10


def _raw_body(description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {OCTETS: {"schema": {"type": "string", "format": "binary"}}},
        }
    }


def _bytes_response(description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {OCTETS: {}}}}


LISTING_SCHEMA = {
    "type": "object",
    "required": ["items", "next_after", "more"],
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    name: {"type": kind}
                    for name, kind in (
                        ("seq", "integer"),
                        ("origin", "string"),
                        ("first", "integer"),
                        ("last", "integer"),
                        ("tag", "string"),
                        ("size", "integer"),
                        ("sha256", "string"),
                    )
                },
            },
        },
        "next_after": {"type": "integer", "description": "pass as `after` for the next page"},
        "more": {"type": "boolean"},
    },
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": text,
        "content": {"application/json": {"schema": errors.ERROR_SCHEMA}},
    }
    for status, text in (
        (400, "bad body or header"),
        (401, "missing, unknown or revoked token"),
        (404, "not found (or another team's)"),
        (413, "body too large"),
        (422, "invalid parameter"),
    )
}


async def _read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused past ``limit`` bytes (whatever Content-Length claims)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise ApiError(413, f"the body is {int(declared)} bytes; this server takes {limit}")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, f"the body is over {limit} bytes, the most this server takes")
            chunks.append(chunk)
    except ClientDisconnect:
        raise ApiError(400, "the body was cut short (the client went away)") from None
    if declared is not None and size != int(declared):
        raise ApiError(400, f"the body was cut short: {size} of {declared} bytes")
    return b"".join(chunks)


def _bytes(request: Request, data: bytes, sha256: str, media: str = OCTETS) -> Response:
    """``data``, or its tail from ``Range: bytes=N-`` (206), so a cut download resumes."""
    headers = {HASH_HEADER: sha256, "Accept-Ranges": "bytes"}
    wanted = _RANGE.fullmatch(request.headers.get("range", "").strip())
    if wanted is None:  # no range, or one we do not serve: the whole body
        return Response(data, media_type=media, headers=headers)
    start = int(wanted.group(1))
    if start >= len(data):
        raise ApiError(416, f"the range starts at {start}, past the end ({len(data)} bytes)")
    headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
    return Response(data[start:], status_code=206, media_type=media, headers=headers)


def _verified(data: bytes, claimed: str | None) -> str:
    """The body's SHA-256, checked against ``X-Content-SHA256`` (required)."""
    if claimed is None:
        raise ApiError(400, f"the {HASH_HEADER} header (the body's SHA-256 in hex) is required")
    if not _HEX64.fullmatch(claimed.strip().lower()):
        raise ApiError(400, f"{HASH_HEADER} must be 64 hexadecimal digits")
    actual = hashlib.sha256(data).hexdigest()
    if actual != claimed.strip().lower():
        raise ApiError(
            400, f"the body does not match its {HASH_HEADER} (damaged or cut short in transit)"
        )
    return actual


_bearer = HTTPBearer(auto_error=False, description="a person's token (add-user prints it)")
router = APIRouter()


async def _storage(request: Request) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


def _limits(request: Request) -> Limits:
    limits: Limits = request.app.state.limits
    return limits


class Caller:
    """The token a request came with; checked in the same worker hop as the work."""

    def __init__(self, storage: Storage, credentials: HTTPAuthorizationCredentials | None):
        self.storage = storage
        self.credentials = credentials

    def _check(self) -> Principal:
        if self.credentials is None:
            raise ApiError(401, "a token is required (Authorization: Bearer TOKEN)")
        who = self.storage.authenticate(self.credentials.credentials)
        if who is None:
            raise ApiError(401, "this token is not valid (wrong, or revoked by the administrator)")
        return who

    async def who(self) -> Principal:
        """The person, or a 401 (before a body is read)."""
        return await run_in_threadpool(self._check)

    async def run(self, work: Callable[[Principal], T]) -> T:
        """``work(person)`` in a worker thread, after the token checks out."""
        return await run_in_threadpool(lambda: work(self._check()))


async def _caller(
    storage: Annotated[Storage, Depends(_storage)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    return Caller(storage, credentials)


Db = Annotated[Storage, Depends(_storage)]
Who = Annotated[Caller, Depends(_caller)]
Sha = Annotated[str | None, Header(alias=HASH_HEADER)]
Device = Annotated[str, Path(pattern=frames.DEVICE.pattern, description="device id")]
Seq = Annotated[int, Path(ge=1, le=MAX_CHANGE_SEQ)]
Name = Annotated[str, Path(pattern=frames.HASH.pattern, description="64 hex digits")]


def create_app(storage: Storage, limits: Limits | None = None) -> FastAPI:
    """The API over ``storage``."""
    app = FastAPI(
        title="SmartGrowth Field Desk sync server",
        version=__version__,
        description="Stores and relays a team's changesets and blobs; never reads them.",
    )
    app.state.storage = storage
    app.state.limits = limits or Limits()
    errors.install(app)
    app.include_router(router)
    return app


@router.get("/v1/health", tags=["server"])
async def health(storage: Db) -> dict[str, Any]:
    """Whether the server and its database answer (no token needed)."""
    try:
        await run_in_threadpool(storage.ping)
    except Exception:
        raise ApiError(503, "the server's database is unavailable") from None
    return {"status": "ok", "version": __version__}


@router.get("/v1/me", tags=["server"], responses=_ERRORS)
async def me(caller: Who, storage: Db) -> dict[str, Any]:
    """Who the token belongs to, and the team's latest server sequence."""
    return await caller.run(
        lambda who: {"team": who.team, "user": who.user, "latest": storage.latest(who.team_id)}
    )


@router.get(
    "/v1/changesets",
    tags=["changesets"],
    responses={
        200: {
            "description": "a page of the listing",
            "content": {"application/json": {"schema": LISTING_SCHEMA}},
        },
        **_ERRORS,
    },
)
async def list_changesets(
    caller: Who,
    storage: Db,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> JSONResponse:
    """The team's changesets with a server sequence above ``after``, oldest first."""
    items = await caller.run(lambda who: storage.list_changesets(who.team_id, after, limit))
    last = items[-1]["seq"] if items else after
    return JSONResponse({"items": items, "next_after": last, "more": len(items) == limit})


@router.put(
    "/v1/changesets/{origin}/{first}/{last}/{tag}",
    tags=["changesets"],
    status_code=201,
    responses={200: {"description": "already stored"}, **_ERRORS},
    openapi_extra=_raw_body("the changeset file, exactly as written by the app"),
)
async def put_changeset(
    request: Request,
    response: Response,
    caller: Who,
    storage: Db,
    origin: Device,
    first: Seq,
    last: Seq,
    tag: Annotated[str, Path(pattern=frames.TAG.pattern)],
    sha: Sha = None,
) -> dict[str, Any]:
    """Store a changeset (idempotent: the same one again is stored once)."""
    if first > last:
        raise ApiError(422, "first must not be above last")
    who = await caller.who()
    data = await _read_body(request, _limits(request).changeset)
    digest = _verified(data, sha)
    try:
        frames.check(data, origin, first, last, tag)
    except frames.FrameError as error:
        raise ApiError(400, f"refused: {error}") from None
    stored = await run_in_threadpool(
        storage.put_changeset, who, (origin, first, last, tag), data, digest
    )
    response.status_code = 201 if stored.created else 200
    return {"seq": stored.seq, "created": stored.created}


@router.get(
    "/v1/changesets/{seq}",
    tags=["changesets"],
    response_class=Response,
    responses={**_bytes_response("the changeset's bytes"), **_ERRORS},
)
async def get_changeset(
    request: Request, caller: Who, storage: Db, seq: Annotated[int, Path(ge=1, le=MAX_SEQ)]
) -> Response:
    """One changeset's bytes (its SHA-256 in ``X-Content-SHA256``)."""
    found = await caller.run(lambda who: storage.get_changeset(who.team_id, seq))
    if found is None:
        raise ApiError(404, f"no changeset {seq} in your team")
    return _bytes(request, *found)


@router.put(
    "/v1/blobs/{name}",
    tags=["blobs"],
    status_code=201,
    responses={200: {"description": "already stored"}, **_ERRORS},
    openapi_extra=_raw_body("an attachment's content (sealed when the team encrypts)"),
)
async def put_blob(
    request: Request, response: Response, caller: Who, storage: Db, name: Name, sha: Sha = None
) -> dict[str, Any]:
    """Store a blob once. A plain blob's name must be its SHA-256."""
    who = await caller.who()
    data = await _read_body(request, _limits(request).blob)
    digest = _verified(data, sha)
    if data[:4] != frames.SEALED and digest != name:
        raise ApiError(400, "a plain blob's name must be the SHA-256 of its content")
    created = await run_in_threadpool(storage.put_blob, who.team_id, name, data, digest)
    response.status_code = 201 if created else 200
    return {"name": name, "created": created}


@router.head("/v1/blobs/{name}", tags=["blobs"], responses=_ERRORS)
async def has_blob(caller: Who, storage: Db, name: Name) -> Response:
    """200 when the team has the blob, 404 when not."""
    size = await caller.run(lambda who: storage.blob_size(who.team_id, name))
    if size is None:
        raise ApiError(404, "no such blob in your team")
    return Response(headers={"X-Blob-Size": str(size)})


@router.get(
    "/v1/blobs/{name}",
    tags=["blobs"],
    response_class=Response,
    responses={**_bytes_response("the blob's bytes"), **_ERRORS},
)
async def get_blob(request: Request, caller: Who, storage: Db, name: Name) -> Response:
    """A blob's bytes (its SHA-256 in ``X-Content-SHA256``)."""
    found = await caller.run(lambda who: storage.get_blob(who.team_id, name))
    if found is None:
        raise ApiError(404, "no such blob in your team")
    return _bytes(request, *found)


@router.get(
    "/v1/team-file",
    tags=["team"],
    response_class=Response,
    responses={**_bytes_response("team.json"), **_ERRORS},
)
async def get_team_file(caller: Who, storage: Db) -> Response:
    """The team's ``team.json`` (key parameters, never the passphrase); 404 when none."""
    data = await caller.run(lambda who: storage.get_team_file(who.team_id))
    if data is None:
        raise ApiError(404, "your team does not encrypt (no team file)")
    return Response(data, media_type="application/json")


@router.put(
    "/v1/team-file",
    tags=["team"],
    status_code=201,
    responses={200: {"description": "already there"}, **_ERRORS},
    openapi_extra=_raw_body("team.json, written once by the first laptop"),
)
async def put_team_file(
    request: Request, response: Response, caller: Who, storage: Db, sha: Sha = None
) -> dict[str, Any]:
    """Store the team file once (never replaced)."""
    who = await caller.who()
    data = await _read_body(request, _limits(request).team_file)
    _verified(data, sha)
    created = await run_in_threadpool(storage.put_team_file, who.team_id, data)
    response.status_code = 201 if created else 200
    return {"created": created}
