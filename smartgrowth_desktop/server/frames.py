"""What the server checks in an upload before storing it, without reading any record.

A plain changeset (``SGCS``) must have a sound frame and header: its device, range and
body hash match the path it is uploaded under, every number is bounded (int64, clock
stamps from 1970 on) and nothing nests deeper than the app reads; its body
(zlib, JSON lines) must inflate to the announced count of well-formed changes. A sealed
one (``SGCE``, team encryption) must have a readable envelope under the team's key id;
its content is the team's business. A plain header's signature (``key`` and ``sig``, see
``sync/changeset.py``) must match it; who may sign for which device is ``devices.py``'s.
Every bound is checked before the thing it bounds is used, so no upload can make the
server recurse, allocate or compute without limit.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator
from typing import Any

from smartgrowth_desktop.server import signatures
from smartgrowth_desktop.sync.bounded_json import loads_bounded
from smartgrowth_desktop.sync.frame import MAX_HEADER_BYTES, PLAIN, PREFIX, SEALED

FORMAT = 1
MAX_HEADER = MAX_HEADER_BYTES  # the bounds the app reads with (sync/frame.py), so what is
MAX_ENVELOPE = 4096  # stored here is what every laptop takes in
MAX_INFLATED = 64 << 20
MAX_LINE = 16 << 20
HEADER_DEPTH = 4
LINE_DEPTH = 17  # a change is a list; its value nests at most 16 deep
MAX_INT = 2**63 - 1  # sequences and clock stamps: what SQLite stores (wall ms << 16: year 6429)
MAX_SEQ = 10**12 - 1  # a changeset's own range is written with 12 digits
DEVICE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TAG = re.compile(r"^[0-9a-f]{12}$")
HASH = re.compile(r"^[0-9a-f]{64}$")
_FIELDS: dict[str, type] = {
    "format": int,
    "min_reader": int,
    "device": str,
    "first": int,
    "last": int,
    "count": int,
    "created": int,
    "body_len": int,
    "body_sha256": str,
    "deps": dict,
    "blobs": list,
}


class FrameError(ValueError):
    """The bytes are not fit to store; the message says why in plain words."""


def _split(data: bytes, cap: int) -> tuple[bytes, bytes, bytes]:
    """Magic, header bytes and the rest; the header length is checked before use."""
    if len(data) < PREFIX.size:
        raise FrameError(f"truncated: only {len(data)} bytes")
    magic, head_len = PREFIX.unpack_from(data)
    if magic not in (PLAIN, SEALED):
        raise FrameError("not a SmartGrowth changeset or sealed file (unknown signature)")
    if head_len > cap:
        raise FrameError(f"damaged: a header of {head_len} bytes (at most {cap})")
    end = PREFIX.size + head_len
    if end > len(data):
        raise FrameError("truncated or damaged: the header runs past the end")
    return magic, data[PREFIX.size : end], data[end:]


def _json(raw: bytes, depth: int, what: str) -> Any:
    try:
        return loads_bounded(raw, max_depth=depth)
    except ValueError as error:
        raise FrameError(f"damaged {what}: {error}") from None


def is_sealed(data: bytes) -> bool:
    return data[:4] == SEALED


def check_sealed(data: bytes, team_kid: str | None) -> None:
    """Raise ``FrameError`` unless ``data`` is a sealed envelope under ``team_kid``.

    ``team_kid`` "" (a team file whose key id cannot be read) takes any key id.
    """
    magic, head, sealed = _split(data, MAX_ENVELOPE)
    if magic != SEALED:
        raise FrameError("not sealed with the team key")
    header = _json(head, 1, "encryption header")
    if not isinstance(header, dict) or not all(
        isinstance(header.get(k), str) for k in ("kid", "salt", "nonce")
    ):
        raise FrameError("damaged: not a sealed envelope (kid, salt and nonce missing)")
    if not isinstance(header.get("format"), int) or len(sealed) < 16:
        raise FrameError("damaged or cut short: not a sealed envelope")
    if "len" in header and header["len"] != len(sealed):
        raise FrameError(f"cut short or damaged: {len(sealed)} sealed bytes, it says otherwise")
    if team_kid and header["kid"] != team_kid:
        raise FrameError(
            "sealed with another key than this team's (its key id is not the one in team.json)"
        )


def check_changeset(
    data: bytes, key: tuple[str, int, int, str], team_kid: str | None
) -> str | None:
    """Raise ``FrameError`` unless ``data`` is a changeset fit to store under ``key``.

    ``team_kid``: the team's key id when it encrypts (then only sealed changesets under
    that key are taken), None when it does not (then only plain ones are). Returns the
    public key that signed a plain changeset's header; None when sealed, unsigned, or
    of a newer format (whose signature this server cannot judge: taken as unsigned).
    """
    if team_kid is not None:
        if not is_sealed(data):
            raise FrameError(
                "this team encrypts (it has a team file): an unencrypted changeset would be "
                "stored in clear on the server"
            )
        check_sealed(data, team_kid)
        return None
    if is_sealed(data):
        raise FrameError(
            "sealed with a team key, but this team does not encrypt (it has no team file): "
            "nobody could open it"
        )
    _, head, body = _split(data, MAX_HEADER)
    header = _json(head, HEADER_DEPTH, "header")
    if not isinstance(header, dict):
        raise FrameError("damaged: the header is not a JSON object")
    _check_frame(header, body, key)
    reader = header.get("min_reader", header.get("format"))
    if type(reader) is not int:
        raise FrameError("invalid header: min_reader is missing or not an int")
    if reader > FORMAT:  # a newer format's fields and body are for newer apps to read
        return None
    _check_fields(header, key[1], key[2])
    _check_body(header, body)
    return header_signer(header)


def header_signer(header: dict[str, Any]) -> str | None:
    """The public key that signed ``header``, None when unsigned; refuses a bad signature."""
    if "key" not in header and "sig" not in header:
        return None
    public_key, signature = header.get("key"), header.get("sig")
    if signatures.decode_key(public_key) is None or not isinstance(signature, str):
        raise FrameError("invalid header: its signing key or signature is malformed")
    try:
        signed = signatures.canonical_header({k: v for k, v in header.items() if k != "sig"})
    except UnicodeEncodeError:
        raise FrameError("invalid header: text that is not UTF-8") from None
    if not signatures.verify(str(public_key), signature, signed):
        raise FrameError(
            "forged or damaged: its signature does not match its content (not written by "
            "the laptop it names, or changed since)"
        )
    return str(public_key)


def _check_frame(header: dict[str, Any], body: bytes, key: tuple[str, int, int, str]) -> None:
    origin, first, last, tag = key
    if (header.get("device"), header.get("first"), header.get("last")) != (origin, first, last):
        raise FrameError("its header names another device or range than its upload path")
    body_sha = header.get("body_sha256")
    if not isinstance(body_sha, str) or not HASH.fullmatch(body_sha) or body_sha[:12] != tag:
        raise FrameError("its body hash does not match the tag in its upload path")
    if header.get("body_len") != len(body):
        raise FrameError(f"truncated or damaged: {len(body)} body bytes, header says otherwise")
    if hashlib.sha256(body).hexdigest() != body_sha:
        raise FrameError("damaged: the body does not match its SHA-256")


def _check_fields(header: dict[str, Any], first: int, last: int) -> None:
    for name, kind in _FIELDS.items():
        value = header.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise FrameError(f"invalid header: {name} is missing or not a {kind.__name__}")
    if not 0 <= header["count"] <= last - first + 1:
        raise FrameError(f"invalid header: {header['count']} changes in {first}–{last}")
    if not 0 <= header["created"] <= MAX_INT:
        raise FrameError(f"invalid header: the clock stamp {header['created']} is not a date")
    deps = header["deps"].items()
    if not all(DEVICE.fullmatch(d) and type(s) is int and 0 <= s <= MAX_INT for d, s in deps):
        raise FrameError("invalid header: deps must map device ids to sequences")
    if not all(isinstance(b, str) and HASH.fullmatch(b) for b in header["blobs"]):
        raise FrameError("invalid header: blobs must be content hashes")
    device_name = header.get("name")
    if device_name is not None and not (isinstance(device_name, str) and len(device_name) <= 1000):
        raise FrameError("invalid header: the device name is not text of 1,000 characters or less")


def _lines(body: bytes) -> Iterator[bytes]:
    """The body's lines, inflated a piece at a time (never more than the caps)."""
    if not body:  # no changes at all
        return
    inflater = zlib.decompressobj()
    pending, total = b"", 0
    try:
        for start in range(0, len(body), 1 << 16):
            chunk = body[start : start + (1 << 16)]
            while chunk:
                text = inflater.decompress(chunk, 1 << 20)
                chunk = inflater.unconsumed_tail
                total += len(text)
                if total > MAX_INFLATED:
                    raise FrameError(f"too large once decompressed (over {MAX_INFLATED} bytes)")
                *complete, pending = (pending + text).split(b"\n")
                yield from complete
                if len(pending) > MAX_LINE:
                    raise FrameError(f"a change longer than {MAX_LINE} bytes")
        if not inflater.eof:
            raise FrameError("damaged: the body's compressed data is cut short")
    except zlib.error:
        raise FrameError("damaged: the body cannot be decompressed") from None
    if total:
        yield pending


def _check_body(header: dict[str, Any], body: bytes) -> None:
    count, previous = 0, header["first"] - 1
    for line in _lines(body):
        count += 1
        if count > header["count"]:
            break
        seq = _check_line(line, count)
        if not previous < seq <= header["last"]:
            raise FrameError(f"invalid change #{count}: sequence {seq} out of order")
        previous = seq
    if count != header["count"]:
        raise FrameError(f"invalid: {count} changes where the header says {header['count']}")


def _check_line(line: bytes, number: int) -> int:
    row = _json(line, LINE_DEPTH, f"change #{number}")
    if not isinstance(row, list) or len(row) != 9:
        raise FrameError(f"invalid change #{number}: not a list of 9 items")
    seq, stamp, kind, record, field, key, _value, prev, author = row
    if type(seq) is not int or type(stamp) is not int:
        raise FrameError(f"invalid change #{number}: its sequence and clock must be integers")
    if not 0 <= stamp <= MAX_INT:
        raise FrameError(f"invalid change #{number}: the clock stamp {stamp} is not a date")
    if not all(isinstance(t, str) for t in (kind, record, field, key)):
        raise FrameError(f"invalid change #{number}: kind, record, field and key must be text")
    if not isinstance(prev, list) or not all(_is_dot(d) for d in prev):
        raise FrameError(f"invalid change #{number}: prev must list [device, sequence] pairs")
    if author is not None and not isinstance(author, str):
        raise FrameError(f"invalid change #{number}: the author must be text")
    return seq


def _is_dot(item: Any) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and isinstance(item[0], str)
        and type(item[1]) is int
        and 0 <= item[1] <= MAX_INT
    )
