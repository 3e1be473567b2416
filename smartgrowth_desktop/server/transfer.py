"""What every route shares: the caller's token, bodies read within limits, bytes served,
and the signature of the laptop an upload comes from.

Changesets and blobs travel as raw bytes (``application/octet-stream``) with their
SHA-256 in ``X-Content-SHA256``, checked on the way in and sent on the way out. An
upload from a current app also names its laptop (``X-SmartGrowth-Device``, ``-Key``,
``-Signature``: see ``signatures.request_message`` and ``devices.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import ClientDisconnect

from smartgrowth_desktop.server import errors, frames, signatures
from smartgrowth_desktop.server.devices import Claim
from smartgrowth_desktop.server.errors import ApiError
from smartgrowth_desktop.server.limits import Limits, UploadSlots
from smartgrowth_desktop.server.storage import Principal, Storage

HASH_HEADER = "X-Content-SHA256"
DEVICE_HEADER = "X-SmartGrowth-Device"
KEY_HEADER = "X-SmartGrowth-Key"
SIGNATURE_HEADER = "X-SmartGrowth-Signature"
OCTETS = "application/octet-stream"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_RANGE = re.compile(r"bytes=(\d{1,15})-")
T = TypeVar("T")


def raw_body(description: str) -> dict[str, Any]:
    """The OpenAPI description of a raw-bytes request body."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {OCTETS: {"schema": {"type": "string", "format": "binary"}}},
        }
    }


def bytes_response(description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {OCTETS: {}}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": text,
        "content": {"application/json": {"schema": errors.ERROR_SCHEMA}},
    }
    for status, text in (
        (400, "bad body or header"),
        (401, "missing, unknown or revoked token"),
        (403, "the upload names a device of another laptop or member, or is not its own"),
        (404, "not found (or another team's)"),
        (409, "the team's state does not allow it (quarantine, a team file already there)"),
        (413, "body too large, or the member's quota is used up"),
        (422, "invalid parameter"),
        (429, "too many uploads at once from this member"),
    )
}


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused past ``limit`` bytes (whatever Content-Length claims)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit() or len(declared) > 18:
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


def serve_bytes(request: Request, data: bytes, sha256: str, media: str = OCTETS) -> Response:
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


def verified(data: bytes, claimed: str | None) -> str:
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


class RequestSignature:
    """The signature headers of an upload, checked once its body's SHA-256 is known."""

    def __init__(self, device: str | None, key: str | None, signature: str | None) -> None:
        self.device, self.key, self.signature = device, key, signature

    def claim(self, request: Request, sha256: str) -> Claim | None:
        """The laptop that signed this upload, None for an unsigned one (an older app);
        400 for a malformed header, 403 for a signature that does not match."""
        given = [h is not None for h in (self.device, self.key, self.signature)]
        if any(given) and not all(given):
            raise ApiError(400, f"{DEVICE_HEADER}, {KEY_HEADER} and {SIGNATURE_HEADER} go together")
        if self.device is None or self.key is None:
            return None
        device = self.device.strip()
        if not frames.DEVICE.fullmatch(device):
            raise ApiError(400, f"{DEVICE_HEADER} must be a device id (a lower-case UUID)")
        if signatures.decode_key(self.key.strip()) is None:
            raise ApiError(400, f"{KEY_HEADER} must be an Ed25519 public key in base64")
        key = self.key.strip()
        message = signatures.request_message(request.method, request.scope["path"], sha256, device)
        if not signatures.verify(key, (self.signature or "").strip(), message):
            raise ApiError(
                403,
                f"this upload's signature does not match its {KEY_HEADER}: it was not signed "
                f"by the laptop it names (device {device})",
                "bad_signature",
            )
        return Claim(device, key)


async def _signature(
    device: Annotated[str | None, Header(alias=DEVICE_HEADER, description="the laptop")] = None,
    key: Annotated[str | None, Header(alias=KEY_HEADER, description="its public key")] = None,
    signature: Annotated[
        str | None, Header(alias=SIGNATURE_HEADER, description="Ed25519, base64")
    ] = None,
) -> RequestSignature:
    return RequestSignature(device, key, signature)


_bearer = HTTPBearer(auto_error=False, description="a person's token (add-user prints it)")


async def _storage(request: Request) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


def limits(request: Request) -> Limits:
    found: Limits = request.app.state.limits
    return found


def upload_slots(request: Request) -> UploadSlots:
    slots: UploadSlots = request.app.state.uploads
    return slots


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
Signed = Annotated[RequestSignature, Depends(_signature)]
