"""The order of work that broke the first wave's sync, as CLI subprocesses.

On laptop A: an SME "Org One" and a lead for it; sync; B syncs. On A again: edit that
lead's next step, then add "Org Two" and a lead for it; sync; B syncs. The second
changeset starts with an edit, so its new lead came before its new organization.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from smartgrowth_desktop.core.merge import ChangeEntry
from smartgrowth_desktop.sync.changeset import decode, encode, entry_line
from smartgrowth_desktop.sync.layout import changeset_path
from tests.conftest import run_cli

Sync = Callable[[Path], Sequence[str]]


def cli(data_dir: Path, *args: str) -> str:
    """Run one CLI command that must succeed; its standard output."""
    done = run_cli(*args, data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def first_round(a: Path) -> tuple[str, str]:
    """On A: an SME and a lead for it; returns their ids."""
    org = cli(a, "add", "organization", "name=Org One", "kind=sme")
    lead = cli(a, "add", "lead", "title=Smart lighting pilot", "kind=pilot",
               "stage=identified", f"sme_id={org}")  # fmt: skip
    return org, lead


def second_round(a: Path, lead: str) -> tuple[str, str]:
    """On A: edit the lead, then a new SME and a lead for it; returns the new ids."""
    cli(a, "edit", "lead", lead, "next_step=Send the offer")
    org = cli(a, "add", "organization", "name=Org Two", "kind=sme")
    second = cli(a, "add", "lead", "title=Traffic sensors", "kind=sales",
                 "stage=contacted", f"sme_id={org}")  # fmt: skip
    return org, second


def synced(data_dir: Path, how: Sequence[str]) -> dict[str, object]:
    """Sync one profile; the JSON report, which must show no refused file."""
    done = run_cli("sync", *how, "--json", data_dir=data_dir)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["errors"] == [], done.stderr
    return dict(report)


def exported(data_dir: Path, out: Path) -> dict[str, object]:
    """The profile's smartgrowth/1 export."""
    cli(data_dir, "export-json", str(out))
    return dict(json.loads(out.read_text(encoding="utf-8")))


def run_sequence(tmp_path: Path, send: Sync, receive: Sync) -> None:
    """The whole sequence; ``send``/``receive`` give the sync arguments of A and B."""
    a, b = tmp_path / "a", tmp_path / "b"
    org_one, lead_one = first_round(a)
    synced(a, send(a))
    synced(b, receive(b))
    org_two, lead_two = second_round(a, lead_one)
    synced(a, send(a))
    report = synced(b, receive(b))
    assert report["applied"] >= 1 and report["unlinked"] == []
    lead = json.loads(cli(b, "show", "lead", lead_two))
    assert lead["sme_id"] == org_two and lead["title"] == "Traffic sensors"
    assert json.loads(cli(b, "show", "lead", lead_one))["next_step"] == "Send the offer"
    assert json.loads(cli(b, "show", "organization", org_two))["name"] == "Org Two"
    assert org_one != org_two
    mine, theirs = exported(a, tmp_path / "a.json"), exported(b, tmp_path / "b.json")
    for array in ("organizations", "leads", "contacts", "missions", "meetings", "markets"):
        assert mine[array] == theirs[array], array


STAMP = 1_780_000_000_000 << 16


def publish_record(
    folder: Path, device: str, kind: str, record: str, values: dict[str, object]
) -> None:
    """A changeset of another laptop creating one record, written into ``folder``."""
    entries = [
        ChangeEntry(device, seq, STAMP + seq, kind, record, name, "", value, (), "Peer")
        for seq, (name, value) in enumerate(values.items(), 1)
    ]
    data = encode(device, (1, len(entries)), [entry_line(e) for e in entries], {})
    header = decode(data).header
    target = folder / changeset_path(device, device, 1, len(entries), header.body_sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
