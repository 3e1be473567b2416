"""Devices own their history: a member cannot write under a colleague's laptop's name.

Mallory, a member with write access to the shared folder, writes changesets under
Vân's device id: signed with her own key, unsigned, and over a range Vân is about to
use. Vân goes on publishing (no false "cloned profile"), colleagues who know Vân's key
and a newcomer who does not all get Vân's real edits and refuse the forgeries by name.
An honest clone (a copied profile, same key) is still caught and explained.

A laptop set up by this version has an id made from its key, so even a newcomer that
has pinned nothing tells the real file from the forgery; a laptop with an older random
id is pinned on first sight, and a person settles the rare case a newcomer cannot.
"""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.device_ids import self_certifying
from smartgrowth_desktop.core.merge import ChangeEntry
from smartgrowth_desktop.sync.changeset import decode, encode, entry_line
from smartgrowth_desktop.sync.identity import Signer
from smartgrowth_desktop.sync.layout import changeset_path
from tests.conftest import run_cli
from tests.work_orders import cli

STAMP = 1_790_000_000_000 << 16


def _state(data_dir: Path, key: str) -> str:
    with sqlite3.connect(data_dir / DATABASE_NAME) as conn:
        row = conn.execute("SELECT value FROM local_state WHERE key = ?", (key,)).fetchone()
    return str(row[0])


def _signer(data_dir: Path) -> Signer:
    stored = _state(data_dir, "device_signing_key")
    return Signer(Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored)))


def _forge(share: Path, victim: str, seqs: tuple[int, int], record: str, title: str,
           signer: Signer | None, owner: str | None = None) -> Path:  # fmt: skip
    """A changeset under ``victim``'s id setting a contact's title, written by Mallory."""
    entries = [
        ChangeEntry(victim, seq, STAMP + seq, "contact", record, "title", "", title, (), "Vân")
        for seq in range(seqs[0], seqs[1] + 1)
    ]
    data = encode(victim, seqs, [entry_line(e) for e in entries], {}, signer=signer)
    where = changeset_path(owner or victim, victim, *seqs, decode(data).header.body_sha256)
    path = share / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _sync(data_dir: Path, share: Path) -> dict[str, object]:
    done = run_cli("sync", "--folder", str(share), "--json", data_dir=data_dir)
    assert "Traceback" not in done.stderr, done.stderr
    return dict(json.loads(done.stdout))


def _title(data_dir: Path, record: str) -> str:
    return str(json.loads(cli(data_dir, "show", "contact", record))["title"])


def test_a_member_cannot_write_under_a_colleagues_laptop(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    van, colleague, mallory = tmp_path / "van", tmp_path / "chi", tmp_path / "mallory"
    record = cli(van, "add", "contact", "family_name=Lương", "title=Engineer")
    for profile in (van, colleague, mallory):
        _sync(profile, share)
    victim = _state(van, "device_id")
    next_seq = int(_state(van, "next_seq"))
    forged = [
        _forge(share, victim, (next_seq, next_seq + 2), record, "Hacked", _signer(mallory)),
        _forge(share, victim, (next_seq + 3, next_seq + 3), record, "Unsigned", None),
        _forge(
            share,
            victim,
            (next_seq, next_seq + 2),
            record,
            "Relayed",
            _signer(mallory),
            owner=_state(mallory, "device_id"),
        ),
    ]

    cli(van, "edit", "contact", record, "title=Director")
    report = _sync(van, share)
    assert report["cloned"] == [] and report["published"] == 1, report
    refused = {Path(e["path"]).name: e["reason"] for e in report["errors"]}  # type: ignore[attr-defined, index]
    assert {p.name for p in forged} <= set(refused)
    assert all(r.startswith("forged") for r in refused.values())

    newcomer = tmp_path / "newcomer"
    for profile in (colleague, newcomer):
        report = _sync(profile, share)
        assert report["cloned"] == [], report
        assert _title(profile, record) == "Director"
        reasons = [e["reason"] for e in report["errors"]]  # type: ignore[attr-defined, index]
        assert reasons and all(r.startswith("forged") for r in reasons)
    shown = json.loads(cli(newcomer, "device", "--json"))
    assert victim in [d["device"] for d in shown["colleagues"]]


def test_a_copied_profile_is_still_caught_as_a_clone(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    original, copy = tmp_path / "laptop", tmp_path / "second-laptop"
    cli(original, "add", "contact", "family_name=Đỗ")
    _sync(original, share)
    shutil.copytree(original, copy)
    cli(copy, "add", "contact", "family_name=Hà")
    cli(original, "add", "contact", "family_name=Vũ")
    assert _sync(copy, share)["cloned"] == []
    report = _sync(original, share)
    assert report["cloned"] and "copied to a second laptop" in str(report["cloned"])
    assert report["errors"] == []


def _older_laptop(data_dir: Path) -> str:
    """A profile with a random (version-4) device id, as made before ids came from keys."""
    assert run_cli("list", "contact", data_dir=data_dir).returncode == 0  # made, no device yet
    device = str(uuid.uuid4())
    with sqlite3.connect(data_dir / DATABASE_NAME) as conn:
        conn.execute("INSERT INTO local_state (key, value) VALUES ('device_id', ?)", (device,))
    return device


def _forge_first(tmp_path: Path, older: bool) -> tuple[Path, Path, Path, str, str]:
    """Vân's first changes in the folder, and Mallory's forgery of the same range."""
    share = tmp_path / "share"
    share.mkdir()
    van, mallory, newcomer = tmp_path / "van", tmp_path / "mallory", tmp_path / "newcomer"
    if older:
        _older_laptop(van)
    record = cli(van, "add", "contact", "family_name=Lương", "title=Engineer")
    _sync(van, share)
    _sync(mallory, share)
    victim = _state(van, "device_id")
    assert self_certifying(victim) is not older
    [real_file] = (share / "devices" / victim).glob("*.sgc")
    first, last = (int(part) for part in real_file.name.split("-")[:2])
    _forge(share, victim, (first, last), record, "Hacked", _signer(mallory))
    return share, van, newcomer, victim, record


def test_a_newcomer_tells_a_forgery_from_a_laptop_whose_id_is_its_key(tmp_path: Path) -> None:
    share, _van, newcomer, _victim, record = _forge_first(tmp_path, older=False)

    report = _sync(newcomer, share)  # two files claim Vân's first changes; one is hers

    assert report["cloned"] == [], report
    assert _title(newcomer, record) == "Engineer"
    reasons = [e["reason"] for e in report["errors"]]  # type: ignore[attr-defined, index]
    assert len(reasons) == 1 and reasons[0].startswith("forged")
    assert "id is made from" in reasons[0]


def test_a_newcomer_told_which_key_is_real_refuses_the_other(tmp_path: Path) -> None:
    share, van, newcomer, victim, record = _forge_first(tmp_path, older=True)

    report = _sync(newcomer, share)  # an older id proves nothing: a person must say
    assert "trust-device" in str(report["cloned"])
    assert run_cli("show", "contact", record, data_dir=newcomer).returncode != 0
    real = json.loads(cli(van, "device", "--json"))["this_laptop"]["fingerprint"]
    cli(newcomer, "trust-device", victim, real)
    report = _sync(newcomer, share)
    assert _title(newcomer, record) == "Engineer"
    reasons = [e["reason"] for e in report["errors"]]  # type: ignore[attr-defined, index]
    assert len(reasons) == 1 and reasons[0].startswith("forged")
