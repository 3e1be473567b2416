"""The server transport: a sync server's API seen as a ``Store``, so the engine is reused.

Paths are the folder's (``devices/<me>/…``, ``devices/<me>/relay/<origin>/…``,
``blobs/xx/<name>``, ``team.json``) and map onto the API: a changeset is uploaded under
its origin, range and tag whoever carries it, so relayed copies collapse into one. Every
body travels with its SHA-256 and is checked on both ends.

Network trouble (and a busy server: 429, 503) is retried a few times with a growing
pause; past that the sync stops with a calm ``SyncError`` (nothing local is touched, the
next sync goes on from there). Uploads are idempotent, so a transfer cut short is simply
sent again. A changeset or blob the server refuses (quarantined by its administrator, a
quota used up, a body it finds damaged) is noted in ``refused`` and the sync goes on.

The listing is always read from 0: the app matches changesets by (origin, range, tag) and
skips what it holds, so it keeps no cursor that a renumbering on the server (a new
``epoch``) could make stale. Within one scan, pages must share one epoch; when the
server renumbers in between, the scan starts again from 0.

A sealed blob's name is a keyed hash the server cannot check, so it may hold several
candidates under it: ``blob_versions`` yields each, for the caller to keep the first that
opens and matches.

Given this laptop's device id and ``Signer``, every upload is signed (``X-SmartGrowth-
Device``, ``-Key``, ``-Signature`` over ``request_message``): the server binds a device to
its laptop's key and member, and refuses (403) anyone else's upload under that device.
A copy of one of this laptop's own changesets that the server could not tie to it (a
colleague relayed it sealed) is left out of the listing, so the laptop sends its own,
which replaces it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from smartgrowth_desktop import __version__
from smartgrowth_desktop.sync.changeset import file_name, is_device_id, parse_name
from smartgrowth_desktop.sync.crypto import TEAM_FILE
from smartgrowth_desktop.sync.frame import request_message as request_message
from smartgrowth_desktop.sync.identity import Signer
from smartgrowth_desktop.sync.jail import FileTooLarge
from smartgrowth_desktop.sync.layout import BLOBS, DEVICES, RELAY, FileRef, Listing
from smartgrowth_desktop.sync.report import FileProblem, SyncError
from smartgrowth_desktop.sync.sizes import MAX_STORED_BYTES

HASH_HEADER = "X-Content-SHA256"
DEVICE_HEADER = "X-SmartGrowth-Device"
KEY_HEADER = "X-SmartGrowth-Key"
SIGNATURE_HEADER = "X-SmartGrowth-Signature"
PAGE = 1000
RETRYABLE = {429, 502, 503, 504}
REFUSED = (400, 403, 409, 410, 413, 415, 422)  # one upload refused: noted, the sync goes on
SCANS = 3
CALM = "your edits are safe on this laptop; sync again later"
MAX_ANSWER_BYTES = 16 * 2**20  # a listing page, /v1/me: a few hundred KB at most


class AuthError(SyncError):
    """The server refused the token (wrong, revoked, or for another server)."""


def check_url(url: str) -> str:
    """``url`` without a trailing slash; raises ``SyncError`` unless it is http(s)://host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(f"{url!r} is not a server address (expected https://host[:port])")
    return url.strip().rstrip("/")


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return str(body["message"])
    return f"HTTP {response.status_code}"


class HttpStore:
    """A sync server reached over HTTP(S) with a person's token."""

    #: not read ahead: a download retries after pauses, which a cancel would wait for
    reads_ahead = False

    def __init__(
        self,
        url: str,
        token: str,
        timeout: float = 30.0,
        retries: int = 3,
        pause: float = 0.4,
        sleep: Callable[[float], None] = time.sleep,
        device: str | None = None,
        signer: Signer | None = None,
    ) -> None:
        """``device`` and ``signer``: this laptop's id and key, to sign uploads with."""
        self.url = check_url(url)
        token = token.strip()
        if not token or not token.isascii() or not token.isprintable() or " " in token:
            raise AuthError("that is not a token (a token is one word of letters and digits)")
        self.label = self.url
        self.device = device
        self.signer = signer
        self.retries = retries
        self.pause = pause
        self._sleep = sleep
        self._client = httpx.Client(
            base_url=self.url,
            headers={
                "Authorization": f"Bearer {token}",
                "User-Agent": f"smartgrowth-desk/{__version__}",
                "Accept-Encoding": "identity",  # bodies are compressed already
            },
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        )
        self._seqs: dict[str, int] = {}
        self.refused: list[FileProblem] = []
        #: relayed copies the server takes only once their author has synced with it
        self.deferred: list[str] = []
        self._team: bytes | None = None
        self._team_checked = False
        self.requests = 0

    def __enter__(self) -> HttpStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- requests -------------------------------------------------------------------------

    def _request(
        self, method: str, path: str, ok: tuple[int, ...], **options: Any
    ) -> httpx.Response:
        """One request, retried on network trouble; ``ok`` lists the expected statuses."""
        failure = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.pause * 2 ** (attempt - 1))
            self.requests += 1
            try:
                response = self._bounded(method, path, **options)
            except httpx.TransportError as error:
                failure = str(error) or type(error).__name__
                continue
            if response.status_code in RETRYABLE:
                failure = _message(response)
                continue
            if response.status_code in ok:
                return response
            self._refuse(response)
        raise SyncError(f"the sync server {self.url} cannot be reached ({failure}); {CALM}")

    def _bounded(self, method: str, path: str, **options: Any) -> httpx.Response:
        """A response read at most ``MAX_ANSWER_BYTES`` deep: a server that answers a
        listing with gigabytes (or a gzip bomb) is refused, not read into memory."""
        with self._client.stream(method, path, **options) as response:
            content = bytearray()
            for chunk in response.iter_bytes():
                content.extend(chunk)
                if len(content) > MAX_ANSWER_BYTES:
                    raise SyncError(
                        f"the sync server {self.url} answered {path} with more than "
                        f"{MAX_ANSWER_BYTES // 2**20} MB; that is not a SmartGrowth server's "
                        f"answer, and it was not read ({CALM})"
                    )
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                content=bytes(content),
                request=response.request,
            )

    def _refuse(self, response: httpx.Response) -> None:
        if response.status_code == 401:
            raise AuthError(
                f"the sync server {self.url} refused the token: {_message(response)}; "
                "ask your administrator for a new one"
            )
        raise SyncError(f"the sync server {self.url} refused a request: {_message(response)}")

    def _get_bytes(self, path: str) -> bytes:
        """Download a body; one cut short resumes where it stopped (``Range``)."""
        received = bytearray()
        claimed: str | None = None
        failure = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.pause * 2 ** (attempt - 1))
            self.requests += 1
            headers = {"Range": f"bytes={len(received)}-"} if received else {}
            try:
                with self._client.stream("GET", path, headers=headers) as response:
                    if response.status_code in RETRYABLE:
                        failure = f"HTTP {response.status_code}"
                        continue
                    if response.status_code in (404, 410):  # gone since it was listed
                        response.read()
                        raise OSError(_message(response))
                    if response.status_code not in (200, 206) or (
                        response.status_code == 206 and not received
                    ):
                        response.read()
                        self._refuse(response)
                    if response.status_code == 200:
                        received.clear()  # the whole body again
                    claimed = response.headers.get(HASH_HEADER)
                    for chunk in response.iter_bytes():
                        received.extend(chunk)
                        if len(received) > MAX_STORED_BYTES:
                            raise FileTooLarge(path, None, MAX_STORED_BYTES)
                break
            except httpx.TransportError as error:
                failure = str(error) or type(error).__name__
        else:
            raise SyncError(f"the sync server {self.url} cannot be reached ({failure}); {CALM}")
        data = bytes(received)
        if claimed is not None and hashlib.sha256(data).hexdigest() != claimed:
            raise OSError("damaged in transit (its SHA-256 does not match)")
        return data

    def _put(self, path: str, data: bytes, what: str | None = None) -> bool:
        """Upload; True when stored anew. With ``what`` (a file's path) a refusal of that
        one file is noted in ``refused`` (False) rather than stopping the sync."""
        digest = hashlib.sha256(data).hexdigest()
        headers = {HASH_HEADER: digest, "Content-Type": "application/octet-stream"}
        if self.device is not None and self.signer is not None:
            signed = request_message("PUT", path, digest, self.device)
            headers[DEVICE_HEADER] = self.device
            headers[KEY_HEADER] = self.signer.public_key
            headers[SIGNATURE_HEADER] = self.signer.sign(signed)
        ok = (200, 201, *REFUSED) if what else (200, 201)
        response = self._request("PUT", path, ok, content=data, headers=headers)
        if what is not None and response.status_code in REFUSED:
            if _error_code(response) == "author_first":  # nothing wrong: it goes later
                self.deferred.append(
                    f"{what}: a colleague's changes carried here go to the server once that "
                    "colleague's laptop has synced with it"
                )
                return False
            self.refused.append(FileProblem(f"{self.label}/{what}", _refusal(response)))
            return False
        return response.status_code == 201

    # -- what the engine asks -----------------------------------------------------------------

    def whoami(self) -> dict[str, Any]:
        """Who the token belongs to on this server (the "Test connection" button)."""
        body = self._request("GET", "/v1/me", (200,)).json()
        if not isinstance(body, dict):
            raise SyncError(f"{self.url} does not look like a SmartGrowth sync server")
        return body

    def scan(self, me: str) -> Listing:
        """Every changeset the team's server holds (metadata only, page by page, from 0)."""
        for _ in range(SCANS):
            listing = self._scan_once(me)
            if listing is not None:
                listing.has_team = self.has(TEAM_FILE)
                return listing
        raise SyncError(f"the sync server {self.url} kept renumbering its changesets; {CALM}")

    def _scan_once(self, me: str) -> Listing | None:
        """The whole listing, or None when the server renumbered it halfway (new epoch)."""
        listing = Listing()
        after, epoch = 0, None
        self._seqs.clear()
        while True:
            params = {"after": after, "limit": PAGE}
            page = self._request("GET", "/v1/changesets", (200,), params=params).json()
            if epoch is not None and page.get("epoch") != epoch:
                return None
            epoch = page.get("epoch")
            for item in page["items"]:
                if not (item.get("relayed") and item["origin"] == me and self.signer):
                    self._add(listing, item)  # (a relayed copy of ours: we send our own)
            after = int(page["next_after"])
            if not page["more"]:
                return listing

    def _add(self, listing: Listing, item: dict[str, Any]) -> None:
        origin, first, last, tag = item["origin"], item["first"], item["last"], item["tag"]
        if not is_device_id(origin):
            listing.ignored.append((f"#{item['seq']}", "not a device id"))
            return
        path = f"{DEVICES}/{origin}/{file_name(first, last, tag.ljust(64, '0'))}"
        self._seqs[path] = int(item["seq"])
        listing.add((origin, first, last), FileRef(path, tag), primary=True)

    def read(self, path: str) -> bytes:
        if path == TEAM_FILE:
            if not self.has(TEAM_FILE) or self._team is None:
                raise OSError("the team file is gone")
            return self._team
        if path.startswith(f"{BLOBS}/"):
            return self._get_bytes(f"/v1/blobs/{path.rsplit('/', 1)[-1]}")
        seq = self._seqs.get(path)
        if seq is None:
            raise OSError("not listed by the server")
        return self._get_bytes(f"/v1/changesets/{seq}")

    def write(self, path: str, data: bytes) -> bool:
        if path == TEAM_FILE:
            created = self._put("/v1/team-file", data)
            self._team_checked = False
            return created
        if path.startswith(f"{BLOBS}/"):
            return self._put(f"/v1/blobs/{path.rsplit('/', 1)[-1]}", data, path)
        origin, first, last, tag = _changeset_key(path)
        return self._put(f"/v1/changesets/{origin}/{first}/{last}/{tag}", data, path)

    def blob_versions(self, path: str) -> Iterator[bytes]:
        """Each candidate the server holds under a blob's name, the one to try first first.

        Unreadable candidates are skipped; stop iterating once one checks out.
        """
        name = path.rsplit("/", 1)[-1]
        try:
            first = self._get_bytes(f"/v1/blobs/{name}")
        except OSError:
            return
        yield first
        tried = {hashlib.sha256(first).hexdigest()}
        found = self._request("GET", f"/v1/blobs/{name}/candidates", (200, 404))
        if found.status_code == 404:  # gone, or a server from before candidates
            return
        for item in found.json().get("items", []):
            sha = item.get("sha256") if isinstance(item, dict) else None
            if not isinstance(sha, str) or sha in tried:
                continue
            tried.add(sha)
            try:
                yield self._get_bytes(f"/v1/blobs/{name}?sha256={sha}")
            except OSError:
                continue

    def remove(self, path: str) -> bool:
        """Remove a version of this laptop's changes it replaced, or a file this member
        sent (an erased person's); False when the server holds none or refuses."""
        if path.startswith(f"{BLOBS}/"):
            where = f"/v1/blobs/{path.rsplit('/', 1)[-1]}"
        else:
            origin, first, last, tag = _changeset_key(path)
            where = f"/v1/changesets/{origin}/{first}/{last}/{tag}"
        digest = hashlib.sha256(b"").hexdigest()
        headers: dict[str, str] = {}
        if self.device is not None and self.signer is not None:
            headers[DEVICE_HEADER] = self.device
            headers[KEY_HEADER] = self.signer.public_key
            headers[SIGNATURE_HEADER] = self.signer.sign(
                request_message("DELETE", where, digest, self.device)
            )
        response = self._request("DELETE", where, (200, 403, 404, 409), headers=headers)
        if response.status_code != 200:
            return False
        body = response.json()
        return bool(body.get("removed")) if isinstance(body, dict) else False

    def has(self, path: str) -> bool:
        if path == TEAM_FILE:
            if not self._team_checked:
                response = self._request("GET", "/v1/team-file", (200, 404))
                self._team = response.content if response.status_code == 200 else None
                self._team_checked = True
            return self._team is not None
        if path.startswith(f"{BLOBS}/"):
            name = path.rsplit("/", 1)[-1]
            return self._request("HEAD", f"/v1/blobs/{name}", (200, 404)).status_code == 200
        return path in self._seqs


def _error_code(response: httpx.Response) -> str | None:
    """The ``error`` code of a JSON refusal, if it has one."""
    try:
        code = response.json().get("error")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, str) else None


def _refusal(response: httpx.Response) -> str:
    """Why the server refused an upload, as the report tells it."""
    message = _message(response)
    quarantined = _error_code(response) == "quarantined"
    return message if quarantined else f"the sync server refused it: {message}"


def _changeset_key(path: str) -> tuple[str, int, int, str]:
    """(origin, first, last, tag) of a folder path the engine writes a changeset to."""
    parts = path.split("/")
    parsed = parse_name(parts[-1])
    if parts[0] != DEVICES or parsed is None or len(parts) not in (3, 5):
        raise SyncError(f"cannot send {path} to a server (not a changeset path)")
    origin = parts[3] if len(parts) == 5 and parts[2] == RELAY else parts[1]
    return origin, parsed[0], parsed[1], parsed[2]
