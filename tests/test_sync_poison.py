"""A poison changeset is set aside, never fatal: the rest of the team's changes arrive.

Each crafted file is written by a "device" whose id sorts before the honest laptop's,
so a sync that stopped at the first bad file would never reach the good ones. The
victim syncs with the real CLI, as a subprocess.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from smartgrowth_desktop.sync.changeset import file_name
from smartgrowth_desktop.sync.frame import PLAIN
from tests.conftest import run_cli

POISON_DEVICE = "00000000-0000-4000-8000-000000000001"
RECORD = "5f0c5d4e-2a43-4c55-9a49-0c2f4f6f1a10"
STAMP = 1_780_000_000_000 << 16


def _frame(header: bytes, body: bytes) -> bytes:
    return struct.pack(">4sI", PLAIN, len(header)) + header + body


def _changeset(lines: list[str], **overrides: Any) -> tuple[bytes, str]:
    """The bytes of a changeset of POISON_DEVICE holding ``lines``; and its body hash."""
    body = zlib.compress("\n".join(lines).encode("utf-8"))
    digest = hashlib.sha256(body).hexdigest()
    header: dict[str, Any] = {
        "format": 1, "min_reader": 1, "device": POISON_DEVICE, "first": 1,
        "last": len(lines), "count": len(lines), "created": STAMP, "deps": {}, "blobs": [],
        "body_len": len(body), "body_sha256": digest,
    }  # fmt: skip
    header.update(overrides)
    return _frame(json.dumps(header).encode(), body), digest


def _line(seq: int, field: str, value: str, hlc: object = STAMP) -> str:
    return f'[{seq},{hlc},"contact","{RECORD.replace("-", "")}","{field}","",{value},[],"Mallory"]'


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


POISONS: dict[str, tuple[bytes, str]] = {
    "a header clock stamp of 2**64": _changeset([_line(1, "family_name", '"Trần"')], created=2**64),
    "a change clock stamp of 2**64": _changeset([_line(1, "family_name", '"Trần"', 2**64)]),
    "a clock stamp before year 1": _changeset([_line(1, "family_name", '"Trần"', -(2**60))]),
    "a value of 10**30": _changeset(
        [_line(1, "family_name", '"Trần"'), _line(2, "extra", '{"score": ' + str(10**30) + "}")]
    ),
    "a value nested 100,000 deep": _changeset([_line(1, "extra", _deep(100_000))]),
    "a value that fits no column": _changeset(
        [_line(1, "family_name", '"Trần"'), _line(2, "review_by", '"not a day"')]
    ),
}


def _raw_header_file() -> tuple[bytes, str]:
    body = zlib.compress(b"")
    return _frame(b"[" * 100_000, body), hashlib.sha256(body).hexdigest()


POISONS['a header of "[[[[…" 100,000 deep'] = _raw_header_file()
POISONS["a header nested 100,000 deep in deps"] = (
    _frame(('{"deps": ' + "[" * 100_000 + "}").encode(), b""),
    "0" * 64,
)


@pytest.mark.parametrize("poison", list(POISONS))
def test_a_poison_changeset_is_set_aside_and_the_rest_arrives(tmp_path: Path, poison: str) -> None:
    share, honest, victim = tmp_path / "share", tmp_path / "honest", tmp_path / "victim"
    share.mkdir()
    data, digest = POISONS[poison]
    bad = share / "devices" / POISON_DEVICE / file_name(1, 1, digest)
    bad.parent.mkdir(parents=True)
    bad.write_bytes(data)
    added = run_cli("add", "contact", "family_name=Phạm", "given_name=Thu", data_dir=honest)
    assert added.returncode == 0, added.stderr
    assert run_cli("sync", "--folder", str(share), data_dir=honest).returncode == 1  # it sees it

    for attempt in range(2):  # and on every retry
        done = run_cli("sync", "--folder", str(share), "--json", data_dir=victim)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        report = json.loads(done.stdout)
        assert report["applied"] == (1 if attempt == 0 else 0), (attempt, report)
        [refused] = report["errors"]
        assert POISON_DEVICE in refused["path"] and refused["reason"]
        assert "SQL" not in refused["reason"] and "INSERT" not in refused["reason"]
    listed = run_cli("list", "contact", "--json", data_dir=victim)
    assert [c["family_name"] for c in json.loads(listed.stdout)] == ["Phạm"]
    assert run_cli("conflicts", data_dir=victim).returncode == 0
