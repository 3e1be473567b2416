"""The changeset format, the sealed envelope and the folder's naming rules, one by one."""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
import zlib

import pytest

from smartgrowth_desktop.core.merge import ChangeEntry
from smartgrowth_desktop.sync.changeset import (
    ChangesetError,
    decode,
    encode,
    entry_line,
    file_name,
    parse_name,
)
from smartgrowth_desktop.sync.crypto import TeamKeyError, new_team, unlock
from smartgrowth_desktop.sync.layout import FileRef, Listing, classify, why_ignored

DEVICE = str(uuid.UUID(int=1))
PEER = str(uuid.UUID(int=2))
TAG = "0123456789ab"
COPY = "copy made by a cloud sync client"


def _entries() -> list[ChangeEntry]:
    record = str(uuid.UUID(int=99))
    return [
        ChangeEntry(DEVICE, 7, 1 << 40, "contact", record, "family_name", "", "Trần", (), "An"),
        ChangeEntry(
            DEVICE, 9, 1 << 41, "contact", record, "tags", "vip", "vip", ((PEER, 3),), None
        ),
    ]


def _changeset(**header: object) -> bytes:
    data = encode(DEVICE, (7, 9), [entry_line(e) for e in _entries()], {PEER: 3}, name="Lap")
    if not header:
        return data
    size = struct.unpack_from(">I", data, 4)[0]
    values = {**json.loads(data[8 : 8 + size]), **header}
    head = json.dumps(values, sort_keys=True).encode()
    return data[:4] + struct.pack(">I", len(head)) + head + data[8 + size :]


def test_round_trip_keeps_every_field() -> None:
    changeset = decode(_changeset())
    assert changeset.entries() == _entries()
    header = changeset.header
    assert (header.device, header.first, header.last, header.count) == (DEVICE, 7, 9, 2)
    assert header.deps == {PEER: 3} and header.name == "Lap"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda d: d[:-1], "truncated"),
        (lambda d: d[:6], "truncated"),
        (lambda d: d + b"x", "unexpected bytes"),
        (lambda d: d[:-3] + bytes([d[-3] ^ 1]) + d[-2:], "SHA-256"),
        (lambda d: b"PK\x03\x04" + d[4:], "signature"),
    ],
)
def test_damage_is_named(damage: object, reason: str) -> None:
    with pytest.raises(ChangesetError, match=reason):
        decode(damage(_changeset()))  # type: ignore[operator]


def test_header_lies_are_caught() -> None:
    with pytest.raises(ChangesetError, match="newer version"):
        decode(_changeset(format=2, min_reader=2))
    assert decode(_changeset(format=2)).header.first == 7  # newer but readable
    with pytest.raises(ChangesetError, match="2 changes where the header says 3"):
        decode(_changeset(count=3)).entries()
    with pytest.raises(ChangesetError, match="device id"):
        decode(_changeset(device="../../etc"))
    with pytest.raises(ChangesetError, match="out of order"):
        decode(_changeset(first=8)).entries()


def test_a_body_that_is_not_changes_is_refused() -> None:
    body = zlib.compress(b'{"not": "a change"}')
    data = _changeset(count=1)
    size = struct.unpack_from(">I", data, 4)[0]
    values = json.loads(data[8 : 8 + size])
    values.update(body_len=len(body), body_sha256=hashlib.sha256(body).hexdigest())
    head = json.dumps(values).encode()
    with pytest.raises(ChangesetError, match="invalid change #1"):
        decode(data[:4] + struct.pack(">I", len(head)) + head + body).entries()


def test_names() -> None:
    name = f"000000000001-000000000042-{TAG}.sgc"
    assert file_name(1, 42, TAG * 6) == name
    assert parse_name(name) == (1, 42, TAG)
    for wrong in (f"000000000042-000000000001-{TAG}.sgc", "1-2.sgc", name + ".tmp", name[:-4]):
        assert parse_name(wrong) is None
    assert why_ignored("Desktop.ini") == "system file"
    assert why_ignored(f"000000000001-000000000002-{TAG} (Anna's conflicted copy).sgc") == COPY
    assert why_ignored(f"000000000001-000000000002-{TAG}-LAPTOP-7.sgc") == COPY
    assert why_ignored(f"000000000001-000000000002-{TAG.upper()}-LAPTOP-7.SGC") == COPY
    assert why_ignored(f"Copy of 000000000001-000000000002-{TAG}.sgc") == COPY  # Google Drive
    assert why_ignored("x.partial") == "temporary or partial file"
    listing = Listing()
    for path in (
        f"devices/{DEVICE}/000000000001-000000000002-{TAG}.sgc",
        f"devices/{PEER}/relay/{DEVICE}/000000000001-000000000002-{TAG}.sgc",
        f"devices/{DEVICE}/.000000000003-000000000004-{TAG}.sgc.0a1b2c3d.tmp",
        f"devices/{PEER}/.000000000003-000000000004-{TAG}.sgc.0a1b2c3d.tmp",
        f"devices/{DEVICE}/notes.tmp",  # a .tmp file we did not write: never ours to delete
        f"devices/not-a-device/000000000001-000000000002-{TAG}.sgc",
        "team.json",
    ):
        classify(listing, DEVICE, path)
    [(key, copies)] = listing.changesets.items()
    assert key == (DEVICE, 1, 2) and "relay" in copies[1].path and "relay" not in copies[0].path
    assert listing.has_team and len(listing.own_temp) == 1 and len(listing.ignored) == 3
    upper = Listing()  # a cloud client changed the case: the same changeset, read as found
    found = f"DEVICES/{PEER.upper()}/RELAY/{DEVICE.upper()}/000000000005-000000000006-{TAG}.SGC"
    classify(upper, DEVICE, found.replace(TAG, TAG.upper()))
    assert upper.changesets == {(DEVICE, 5, 6): [FileRef(found.replace(TAG, TAG.upper()), TAG)]}


def test_sealing_and_keys() -> None:
    key, document = new_team("correct horse")
    again = unlock(document, "correct horse")
    assert again == key
    sealed = key.seal(b"plain text", b"changeset")
    assert b"plain" not in sealed and len(sealed) == len(b"plain text") + key.overhead()
    assert again.open(sealed, b"changeset") == b"plain text"
    with pytest.raises(ChangesetError, match="damaged, truncated"):
        key.open(sealed[:-1], b"changeset")
    with pytest.raises(ChangesetError, match="damaged, truncated"):
        key.open(sealed, b"blob")
    other, _ = new_team("correct horse")
    with pytest.raises(ChangesetError, match="different team key"):
        other.open(sealed, b"changeset")
    with pytest.raises(TeamKeyError, match="wrong passphrase"):
        unlock(document, "Correct horse")
    with pytest.raises(TeamKeyError, match="damaged"):
        unlock(b"{}", "correct horse")
    assert key.blob_name("ab" * 32) != "ab" * 32
