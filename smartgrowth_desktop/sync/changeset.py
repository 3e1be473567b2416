"""The changeset file: one device's numbered changes, written once and never changed.

Layout (integers big-endian)::

    b"SGCS" | u32 header length | header (canonical JSON, UTF-8) | body

Its name is ``<first>-<last>-<first 12 hex digits of the body's SHA-256>.sgc``. The
header names the format, the device, its first and last sequence, the change count,
``deps`` (per other device, the last sequence the author had applied: a changeset waits
until those have arrived), the attachment blobs it references, and the body's length and
SHA-256. The body is zlib-compressed JSON lines, one change per line::

    [seq, hlc, kind, record_id, field, key, value, prev, author]

A reader refuses the whole file when anything does not check out; see ``decode``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import uuid
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from smartgrowth_desktop.core.change_entry import ChangeEntry
from smartgrowth_desktop.core.wire import dump
from smartgrowth_desktop.sync.frame import MAX_HEADER_BYTES, PLAIN, PREFIX, frame
from smartgrowth_desktop.sync.identity import Signer, decode_key, verify
from smartgrowth_desktop.sync.names import MAX_FILE_BYTES as MAX_FILE_BYTES
from smartgrowth_desktop.sync.names import NAME as NAME
from smartgrowth_desktop.sync.names import SUFFIX as SUFFIX
from smartgrowth_desktop.sync.names import TAG_LENGTH as TAG_LENGTH
from smartgrowth_desktop.sync.names import file_name as file_name
from smartgrowth_desktop.sync.names import is_device_id as is_device_id
from smartgrowth_desktop.sync.names import parse_name as parse_name

FORMAT = 1
MAX_BODY_BYTES = 64 * 2**20  # once decompressed; a writer cuts changesets well below it
MAX_INT = 2**63 - 1  # what SQLite stores; clock stamps and sequences stay within it
MAX_VALUE_DEPTH = 16  # nesting of a value (a record's "extra" object is the deepest)
_INFLATE_STEP = 4 * 2**20
_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEADER_FIELDS = {
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


class ChangesetError(Exception):
    """A changeset that is refused whole; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Header:
    """What a changeset says about itself."""

    device: str
    first: int
    last: int
    count: int
    deps: dict[str, int]
    blobs: tuple[str, ...]
    created: int
    body_len: int
    body_sha256: str
    name: str | None = None
    #: the author's public key (base64) when the changeset is signed; its signature
    #: was checked by ``decode`` (older versions did not sign)
    key: str | None = None
    #: the tags of earlier versions of the same changes this one replaces with an erased
    #: person's values taken out (``sync/redaction.py``)
    redacts: tuple[str, ...] = ()
    #: the erased records (id hex, kind) whose values this version took out
    erased: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Changeset:
    """A verified changeset: its header and the exact bytes of the file."""

    header: Header
    data: bytes

    def entries(self) -> list[ChangeEntry]:
        """The changes, checked one by one; raises ``ChangesetError``."""
        body = self.data[-self.header.body_len :] if self.header.body_len else b""
        return parse_body(self.header, _inflate(body))


def raw_line(row: tuple[Any, ...]) -> str:
    """One body line from a change-log row whose value and prev are stored JSON text.

    ``row``: seq, hlc, kind, record id (hex), field, key, value JSON, prev JSON, author.
    """
    seq, hlc, kind, record_hex, name, key, value, prev, author = row
    return (
        f"[{int(seq)},{int(hlc)},{dump(kind)},{dump(record_hex)},{dump(name)},{dump(key)},"
        f"{value},{prev},{dump(author)}]"
    )


def entry_line(entry: ChangeEntry) -> str:
    """One body line for a change entry."""
    prev = dump(sorted([list(dot) for dot in entry.prev]))
    return raw_line(
        (
            entry.seq,
            entry.hlc,
            entry.kind,
            uuid.UUID(entry.record_id).hex,
            entry.field,
            entry.key,
            dump(entry.value),
            prev,
            entry.author,
        )
    )


def encode(
    device: str,
    seqs: tuple[int, int],
    lines: list[str],
    deps: dict[str, int],
    blobs: Iterable[str] = (),
    created: int = 0,
    name: str | None = None,
    signer: Signer | None = None,
    redacts: Iterable[str] = (),
    erased: dict[str, str] | None = None,
) -> bytes:
    """The bytes of a changeset of ``lines`` (see ``raw_line``) covering ``seqs``.

    With a ``signer`` (the device's key) the header carries its public key and its
    signature over the rest of the header, which holds the body's hash.
    """
    body = zlib.compress("\n".join(lines).encode("utf-8"), 6)
    header: dict[str, Any] = {
        "format": FORMAT,
        "min_reader": FORMAT,
        "device": device,
        "first": seqs[0],
        "last": seqs[1],
        "count": len(lines),
        "created": created,
        "deps": dict(sorted(deps.items())),
        "blobs": sorted(set(blobs)),
        "body_len": len(body),
        "body_sha256": hashlib.sha256(body).hexdigest(),
    }
    if name:
        header["name"] = name
    if redacts:
        header["redacts"] = sorted(set(redacts))
    if erased:
        header["erased"] = sorted([record, kind] for record, kind in erased.items())
    if signer is not None:
        header["key"] = signer.public_key
        header["sig"] = signer.sign(_canonical(header))
    head = _canonical(header)
    return frame(PLAIN, head, body)


def _canonical(header: dict[str, Any]) -> bytes:
    """The bytes a header is written as, and (without ``sig``) what its author signed."""
    text = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def decode(data: bytes) -> Changeset:
    """Check a changeset's frame, header, length and body hash; raises ``ChangesetError``."""
    if len(data) < PREFIX.size:
        raise ChangesetError(f"truncated: only {len(data)} bytes")
    magic, head_len = PREFIX.unpack_from(data)
    if magic != PLAIN:
        raise ChangesetError("not a SmartGrowth changeset (unknown file signature)")
    if len(data) > MAX_FILE_BYTES:
        raise ChangesetError(f"too large ({len(data)} bytes)")
    if head_len > MAX_HEADER_BYTES:
        raise ChangesetError(f"damaged: a header of {head_len} bytes (at most {MAX_HEADER_BYTES})")
    end = PREFIX.size + head_len
    if end > len(data):
        raise ChangesetError(f"truncated: the header needs {end} bytes, the file has {len(data)}")
    header = _header(data[PREFIX.size : end])
    size = end + header.body_len
    if len(data) < size:
        raise ChangesetError(
            f"truncated: {len(data)} of {size} bytes (still being copied, or cut short)"
        )
    if len(data) > size:
        raise ChangesetError(f"damaged: {len(data) - size} unexpected bytes after the body")
    if hashlib.sha256(data[end:]).hexdigest() != header.body_sha256:
        raise ChangesetError("damaged: the body does not match its SHA-256 in the header")
    return Changeset(header, data)


def _header(raw: bytes) -> Header:
    try:
        values = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ChangesetError("damaged: the header is not readable JSON") from None
    if not isinstance(values, dict):
        raise ChangesetError("damaged: the header is not a JSON object")
    reader = values.get("min_reader", values.get("format"))
    if isinstance(reader, int) and reader > FORMAT:
        raise ChangesetError(
            f"written in changeset format {reader} by a newer version of SmartGrowth Field "
            f"Desk (this one reads format {FORMAT}); update the app to take it in"
        )
    for key, kind in _HEADER_FIELDS.items():
        if not isinstance(values.get(key), kind) or isinstance(values.get(key), bool):
            raise ChangesetError(f"invalid header: {key} is missing or not a {kind.__name__}")
    for key in ("first", "last", "count", "created", "body_len"):
        if not 0 <= values[key] <= MAX_INT:
            raise ChangesetError(f"invalid header: {key} is out of range")
    deps = values["deps"]
    if not all(is_device_id(k) and _is_seq(v) for k, v in deps.items()):
        raise ChangesetError("invalid header: deps must map device ids to sequences")
    if not is_device_id(values["device"]):
        raise ChangesetError("invalid header: the device is not a device id")
    if not all(isinstance(b, str) for b in values["blobs"]):
        raise ChangesetError("invalid header: blobs must be content hashes")
    if not 0 < values["first"] <= values["last"] or values["count"] < 0:
        raise ChangesetError("invalid header: impossible sequence range")
    name = values.get("name")
    redacts = values.get("redacts", [])
    if not isinstance(redacts, list) or not all(
        isinstance(t, str) and len(t) == TAG_LENGTH for t in redacts[:100]
    ):
        raise ChangesetError("invalid header: redacts must list changeset tags")
    erased = values.get("erased", [])
    if (
        not isinstance(erased, list)
        or len(erased) > 10_000
        or not all(_is_erased(e) for e in erased)
    ):
        raise ChangesetError("invalid header: erased must list [record id, kind] pairs")
    signed_by = _signed_by(values)
    return Header(
        device=values["device"],
        first=values["first"],
        last=values["last"],
        count=values["count"],
        deps=deps,
        blobs=tuple(values["blobs"]),
        created=values["created"],
        body_len=values["body_len"],
        body_sha256=values["body_sha256"],
        name=name if isinstance(name, str) else None,
        key=signed_by,
        redacts=tuple(redacts[:100]),
        erased=tuple((str(e[0]), str(e[1])) for e in erased),
    )


def _is_erased(item: Any) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and isinstance(item[0], str)
        and len(item[0]) == 32
        and all(c in "0123456789abcdef" for c in item[0])
        and item[1] in ("contact", "attachment")
    )


def _signed_by(values: dict[str, Any]) -> str | None:
    """The public key that signed a header, None for an unsigned one; refuses a bad one."""
    if "key" not in values and "sig" not in values:
        return None
    key, signature = values.get("key"), values.get("sig")
    if decode_key(key) is None or not isinstance(signature, str):
        raise ChangesetError("invalid header: its signing key or signature is malformed")
    unsigned = {k: v for k, v in values.items() if k != "sig"}
    if not verify(str(key), signature, _canonical(unsigned)):
        raise ChangesetError(
            "forged or damaged: its signature does not match its content (not written by "
            "the laptop it names, or changed since)"
        )
    return str(key)


def _inflate(body: bytes) -> str:
    """The body's text, inflated a few MB at a time: a bomb is refused once it passes
    ``MAX_BODY_BYTES``, never inflated whole (nor copied whole on the way)."""
    inflater = zlib.decompressobj()
    pieces: list[bytes] = []
    size, pending = 0, body
    try:
        while True:
            piece = inflater.decompress(pending, _INFLATE_STEP)
            pending = inflater.unconsumed_tail
            if not pending:
                piece += inflater.flush()
            size += len(piece)
            if size > MAX_BODY_BYTES:
                raise ChangesetError("too large once decompressed")
            pieces.append(piece)
            if not pending:
                break
    except zlib.error:
        raise ChangesetError("damaged: the body cannot be decompressed") from None
    text = b"".join(pieces)
    del pieces
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        raise ChangesetError("damaged: the body is not UTF-8 text") from None


def parse_body(header: Header, text: str) -> list[ChangeEntry]:
    """The entries of a body, checked against the header; raises ``ChangesetError``."""
    lines = text.split("\n") if text else []
    if len(lines) != header.count:
        raise ChangesetError(f"invalid: {len(lines)} changes where the header says {header.count}")
    entries: list[ChangeEntry] = []
    last = header.first - 1
    scan = _SCAN
    for number, line in enumerate(lines, 1):
        try:
            try:  # json.loads without its per-call checks; anything unusual goes through it
                row, end = scan(line, 0)
            except StopIteration:
                end = -1
            if end != len(line):
                row = json.loads(line)
            entry = _entry(header.device, row)
        except RecursionError:
            raise ChangesetError(f"invalid change #{number}: nested too deep") from None
        except (ValueError, TypeError) as error:
            raise ChangesetError(f"invalid change #{number}: {error}") from None
        if not last < entry.seq <= header.last:
            raise ChangesetError(f"invalid change #{number}: sequence {entry.seq} out of order")
        last = entry.seq
        entries.append(entry)
    return entries


#: the scanner ``json.loads`` runs: one JSON value from a position, and where it ended
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _entry(device: str, row: Any) -> ChangeEntry:
    if not isinstance(row, list) or len(row) != 9:
        raise ValueError("expected a list of 9 items")
    seq, hlc, kind, record_id, name, key, value, prev, author = row
    # spelled out rather than looped: this runs once per change of every changeset (JSON
    # gives exact ``int``, ``str`` and ``list``, so ``type() is`` is ``isinstance`` here)
    if not (
        type(seq) is int and 0 <= seq <= MAX_INT and type(hlc) is int and 0 <= hlc <= MAX_INT
        and type(kind) is str and type(record_id) is str and type(name) is str
        and type(key) is str
    ):  # fmt: skip
        raise ValueError("wrong item types, or a sequence or clock stamp out of range")
    if type(prev) is not list or (prev and not all(_is_dot(d) for d in prev)):
        raise ValueError("prev must list [device, seq] pairs")
    if value is not None and type(value) is not str:
        check_value(value)
    if author is not None and type(author) is not str:
        raise ValueError("author must be text")
    return ChangeEntry(
        device=device,
        seq=seq,
        hlc=hlc,
        kind=kind,
        record_id=_record_id(record_id),
        field=name,
        key=key,
        value=value,
        prev=tuple((d, s) for d, s in prev) if prev else (),
        author=author,
    )


@lru_cache(maxsize=4096)  # a record's changes come together: its id repeats
def _record_id(text: str) -> str:
    """The canonical text of a record id given as 32 hex digits (or any UUID form)."""
    if _HEX32.fullmatch(text):
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return str(uuid.UUID(text))


def _is_seq(item: Any) -> bool:
    """A sequence number or clock stamp: an integer SQLite can store, not negative."""
    return type(item) is int and 0 <= item <= MAX_INT


def _is_dot(item: Any) -> bool:
    return (
        isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and _is_seq(item[1])
    )


def check_value(value: Any, depth: int = 0) -> None:
    """Refuse a value no field can hold: nested too deep, a number out of range, NaN."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int):
        if not -MAX_INT <= value <= MAX_INT:
            raise ValueError("a number out of range")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("a number that is not finite")
        return
    if depth >= MAX_VALUE_DEPTH:
        raise ValueError("a value nested too deep")
    items = value.values() if isinstance(value, dict) else value
    for item in items:
        check_value(item, depth + 1)
