"""The HTTP API (``/v1``), an ASGI application built by ``create_app``.

Changesets and blobs travel as raw bytes (``application/octet-stream``) with their
SHA-256 in ``X-Content-SHA256``; listings and errors are JSON. The OpenAPI document is at
``/openapi.json`` (and browsable at ``/docs``). Blobs and the team file: ``files.py``.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from smartgrowth_desktop import __version__
from smartgrowth_desktop.server import devices, errors, files, frames
from smartgrowth_desktop.server.errors import ApiError
from smartgrowth_desktop.server.limits import Limits, UploadSlots
from smartgrowth_desktop.server.storage import MAX_PAGE, Storage
from smartgrowth_desktop.server.transfer import (
    ERRORS,
    Db,
    Sha,
    Signed,
    Who,
    bytes_response,
    limits,
    raw_body,
    read_body,
    serve_bytes,
    upload_slots,
    verified,
)

MAX_SEQ = 2**62
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()  # what a request without a body is signed with
MAX_CHANGE_SEQ = frames.MAX_SEQ

LISTING_SCHEMA = {
    "type": "object",
    "required": ["items", "next_after", "more", "epoch"],
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
                        ("relayed", "boolean"),
                    )
                },
            },
        },
        "next_after": {"type": "integer", "description": "pass as `after` for the next page"},
        "more": {"type": "boolean"},
        "epoch": {
            "type": "string",
            "description": "names the team's numbering: an `after` is only valid with it",
        },
    },
}

router = APIRouter()
Device = Annotated[str, Path(pattern=frames.DEVICE.pattern, description="device id")]
Seq = Annotated[int, Path(ge=1, le=MAX_CHANGE_SEQ)]
Tag = Annotated[str, Path(pattern=frames.TAG.pattern, description="12 hex digits")]


def create_app(storage: Storage, limits: Limits | None = None) -> FastAPI:
    """The API over ``storage``."""
    app = FastAPI(
        title="SmartGrowth Field Desk sync server",
        version=__version__,
        description="Stores and relays a team's changesets and blobs; never reads them.",
    )
    app.state.storage = storage
    app.state.limits = limits or Limits()
    app.state.uploads = UploadSlots(app.state.limits.uploads_per_member)
    errors.install(app)
    app.include_router(router)
    app.include_router(files.router)
    return app


@router.get("/v1/health", tags=["server"])
async def health(storage: Db) -> dict[str, Any]:
    """Whether the server and its database answer (no token needed)."""
    try:
        await run_in_threadpool(storage.ping)
    except Exception:
        raise ApiError(503, "the server's database is unavailable") from None
    return {"status": "ok", "version": __version__}


@router.get("/v1/me", tags=["server"], responses=ERRORS)
async def me(caller: Who, storage: Db) -> dict[str, Any]:
    """Who the token belongs to, and the team's latest sequence and epoch."""

    def work(who: Any) -> dict[str, Any]:
        latest, epoch = storage.numbering(who.team_id)
        return {"team": who.team, "user": who.user, "latest": latest, "epoch": epoch}

    return await caller.run(work)


@router.get(
    "/v1/changesets",
    tags=["changesets"],
    responses={
        200: {
            "description": "a page of the listing",
            "content": {"application/json": {"schema": LISTING_SCHEMA}},
        },
        **ERRORS,
    },
)
async def list_changesets(
    caller: Who,
    storage: Db,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> JSONResponse:
    """The team's changesets with a sequence above ``after``, oldest first."""

    def work(who: Any) -> tuple[list[dict[str, Any]], str]:
        epoch = storage.numbering(who.team_id)[1]
        return storage.list_changesets(who.team_id, after, limit), epoch

    items, epoch = await caller.run(work)
    last = items[-1]["seq"] if items else after
    body = {"items": items, "next_after": last, "more": len(items) == limit, "epoch": epoch}
    return JSONResponse(body)


@router.put(
    "/v1/changesets/{origin}/{first}/{last}/{tag}",
    tags=["changesets"],
    status_code=201,
    responses={200: {"description": "already stored"}, **ERRORS},
    openapi_extra=raw_body("the changeset file, exactly as written by the app"),
)
async def put_changeset(
    request: Request,
    response: Response,
    caller: Who,
    storage: Db,
    origin: Device,
    first: Seq,
    last: Seq,
    tag: Tag,
    signed: Signed,
    sha: Sha = None,
) -> dict[str, Any]:
    """Store a changeset (idempotent: the same one again is stored once).

    Only its own laptop, or a copy signed by it, may write a device's history (403).
    """
    if first > last:
        raise ApiError(422, "first must not be above last")
    who = await caller.who()
    key = (origin, first, last, tag)
    async with upload_slots(request).hold(who.user_id):
        data = await read_body(request, limits(request).changeset)
        digest = verified(data, sha)
        claim = signed.claim(request, digest)

        def check_and_store() -> Any:
            kid = storage.team_kid(who.team_id)
            try:
                signer = frames.check_changeset(data, key, kid)
            except frames.FrameError as error:
                raise ApiError(400, f"refused: {error}") from None
            author = devices.Authorship(claim, signer, sealed=kid is not None)
            quota = limits(request).member_quota
            return storage.put_changeset(who, key, data, digest, quota, author)

        stored = await run_in_threadpool(check_and_store)
    response.status_code = 201 if stored.created else 200
    return {"seq": stored.seq, "created": stored.created}


@router.delete(
    "/v1/changesets/{origin}/{first}/{last}/{tag}",
    tags=["changesets"],
    responses={404: {"description": "no such version"}, **ERRORS},
)
async def remove_changeset(
    request: Request,
    caller: Who,
    storage: Db,
    origin: Device,
    first: Seq,
    last: Seq,
    tag: Tag,
    signed: Signed,
) -> dict[str, Any]:
    """Remove a version of a laptop's changes that laptop replaced with an erased person's
    values taken out (it keeps the newer one here): only that laptop, signing (403)."""
    who = await caller.who()
    claim = signed.claim(request, EMPTY_SHA256)
    key = (origin, first, last, tag)
    removed = await run_in_threadpool(lambda: storage.remove_replaced(who, key, claim))
    if not removed:
        raise ApiError(404, f"no version {tag} of changes {first}–{last} of {origin} here")
    return {"removed": True}


@router.get(
    "/v1/changesets/{seq}",
    tags=["changesets"],
    response_class=Response,
    responses={**bytes_response("the changeset's bytes"), **ERRORS},
)
async def get_changeset(
    request: Request, caller: Who, storage: Db, seq: Annotated[int, Path(ge=1, le=MAX_SEQ)]
) -> Response:
    """One changeset's bytes (its SHA-256 in ``X-Content-SHA256``)."""
    found = await caller.run(lambda who: storage.get_changeset(who.team_id, seq))
    if found is None:
        raise ApiError(404, f"no changeset {seq} in your team")
    return serve_bytes(request, *found)
