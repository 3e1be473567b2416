"""Blobs (attachment contents) and the team file, over HTTP.

A team that does not encrypt stores plain blobs named by their SHA-256, which the server
checks, so nobody can put junk under a colleague's photo. A team that encrypts stores
sealed blobs under keyed names the server cannot check: each uploader may hold one
candidate per name, ``GET …/candidates`` lists them, and the app keeps the first that
opens with the team key and matches its content hash (a junk candidate never hides a
colleague's good one). The team file is taken once, well-formed, from a member of a team
with nothing stored yet; only the administrator replaces it.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from smartgrowth_desktop.server import frames, teamfile
from smartgrowth_desktop.server.errors import ApiError
from smartgrowth_desktop.server.storage import Principal, Storage
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

router = APIRouter()
Name = Annotated[str, Path(pattern=frames.HASH.pattern, description="64 hex digits")]
Candidate = Annotated[
    str | None, Query(pattern=frames.HASH.pattern, description="one candidate's SHA-256")
]


def _check_blob(storage: Storage, who: Principal, name: str, data: bytes, digest: str) -> None:
    kid = storage.team_kid(who.team_id)
    if kid is None and digest != name:
        raise ApiError(400, "a plain blob's name must be the SHA-256 of its content")
    if kid is not None:
        try:
            frames.check_sealed(data, kid)
        except frames.FrameError as error:
            raise ApiError(400, f"refused: this team encrypts, and this blob is {error}") from None


@router.put(
    "/v1/blobs/{name}",
    tags=["blobs"],
    status_code=201,
    responses={200: {"description": "already stored"}, **ERRORS},
    openapi_extra=raw_body("an attachment's content (sealed when the team encrypts)"),
)
async def put_blob(
    request: Request,
    response: Response,
    caller: Who,
    storage: Db,
    name: Name,
    signed: Signed,
    sha: Sha = None,
) -> dict[str, Any]:
    """Store a blob. A plain blob's name must be its SHA-256; a sealed one is a candidate."""
    who = await caller.who()
    async with upload_slots(request).hold(who.user_id):
        data = await read_body(request, limits(request).blob)
        digest = verified(data, sha)
        claim = signed.claim(request, digest)

        def check_and_store() -> bool:
            _check_blob(storage, who, name, data, digest)
            storage.bind_device(who, claim)
            return storage.put_blob(who, name, data, digest, limits(request).member_quota)

        created = await run_in_threadpool(check_and_store)
    response.status_code = 201 if created else 200
    return {"name": name, "sha256": digest, "created": created}


@router.delete("/v1/blobs/{name}", tags=["blobs"], responses=ERRORS)
async def remove_blob(
    request: Request, caller: Who, storage: Db, name: Name, signed: Signed
) -> dict[str, Any]:
    """Remove the copies of a blob you uploaded (an erased person's file); signed only."""
    who = await caller.who()
    claim = signed.claim(request, hashlib.sha256(b"").hexdigest())
    removed = await run_in_threadpool(lambda: storage.remove_blob(who, name, claim))
    return {"name": name, "removed": removed}


@router.head("/v1/blobs/{name}", tags=["blobs"], responses=ERRORS)
async def has_blob(caller: Who, storage: Db, name: Name) -> Response:
    """200 when the team has the blob (``X-Blob-Candidates``: how many), 404 when not."""
    found = await caller.run(lambda who: storage.blob_candidates(who.team_id, name))
    if not found:
        raise ApiError(404, "no such blob in your team")
    return Response(headers={"X-Blob-Size": str(found[0][1]), "X-Blob-Candidates": str(len(found))})


@router.get("/v1/blobs/{name}/candidates", tags=["blobs"], responses=ERRORS)
async def blob_candidates(caller: Who, storage: Db, name: Name) -> dict[str, Any]:
    """Every candidate under ``name`` (SHA-256 and size), the one to try first first."""
    found = await caller.run(lambda who: storage.blob_candidates(who.team_id, name))
    if not found:
        raise ApiError(404, "no such blob in your team")
    return {"items": [{"sha256": sha, "size": size} for sha, size in found]}


@router.get(
    "/v1/blobs/{name}",
    tags=["blobs"],
    response_class=Response,
    responses={**bytes_response("the blob's bytes"), **ERRORS},
)
async def get_blob(
    request: Request, caller: Who, storage: Db, name: Name, sha256: Candidate = None
) -> Response:
    """A blob's bytes (the first candidate, or ``?sha256=`` one; SHA-256 in the header)."""
    found = await caller.run(lambda who: storage.get_blob(who.team_id, name, sha256))
    if found is None:
        raise ApiError(404, "no such blob in your team")
    return serve_bytes(request, *found)


@router.get(
    "/v1/team-file",
    tags=["team"],
    response_class=Response,
    responses={**bytes_response("team.json"), **ERRORS},
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
    responses={200: {"description": "already there"}, **ERRORS},
    openapi_extra=raw_body("team.json, written once by the first laptop"),
)
async def put_team_file(
    request: Request, response: Response, caller: Who, storage: Db, signed: Signed, sha: Sha = None
) -> dict[str, Any]:
    """Store the team file once, while the team holds nothing (the administrator replaces)."""
    who = await caller.who()
    data = await read_body(request, limits(request).team_file)
    claim = signed.claim(request, verified(data, sha))
    try:
        teamfile.check(data)
    except frames.FrameError as error:
        raise ApiError(400, f"refused: {error}") from None

    def check_and_store() -> bool:
        storage.bind_device(who, claim)
        return storage.put_team_file(who, data)

    created = await run_in_threadpool(check_and_store)
    response.status_code = 201 if created else 200
    return {"created": created}
