"""The administrator's quarantine, with real laptops: a changeset held back is no longer
listed or served, its author's next sync is told why and goes on with the rest, and
releasing it lets it through again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from tests.conftest import run_cli
from tests.server.support import ServerProcess, auth, new_team
from tests.sync_support import new_profile, tables

REASON = "carries a customer's bank details; ask Karin"


def _admin(server: ServerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "smartgrowth_desktop.server", *args]
    command += ["--database-url", server.database_url]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def _names(profile_dir: Path) -> str:
    """Every contact's row of a profile, as text (read in this process: quicker)."""
    with Profile(profile_dir) as profile:
        return str(tables(profile)["contacts"])


def test_a_quarantined_changeset_is_held_back_and_told(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "anna", "binh")
    anna_dir, binh_dir = tmp_path / "anna", tmp_path / "binh"
    with new_profile(anna_dir) as anna:
        RecordService(anna).create("contact", {"family_name": "Lò", "notes": "IBAN …"})
        assert SyncService(anna).sync_server(server.url, team.tokens["anna"]).ok
    who = storage.authenticate(team.tokens["anna"])
    assert who is not None
    [item] = storage.list_changesets(who.team_id, 0, 10)
    assert item["seq"] == 1  # numbered within the team

    held = _admin(server, "quarantine", team.name, "1", "--reason", REASON)
    assert held.returncode == 0, held.stderr
    listed = _admin(server, "list-quarantine", team.name)
    assert listed.stdout.startswith("1\t") and REASON in listed.stdout and "anna" in listed.stdout
    missing = _admin(server, "quarantine", team.name, "99", "--reason", "x")
    assert missing.returncode == 1 and "no changeset 99" in missing.stderr

    token = auth(team.tokens["binh"])
    assert httpx.get(f"{server.url}/v1/changesets", headers=token).json()["items"] == []
    gone = httpx.get(f"{server.url}/v1/changesets/1", headers=token)
    assert gone.status_code == 410 and REASON in gone.json()["message"]
    with new_profile(binh_dir) as binh:
        report = SyncService(binh).sync_server(server.url, team.tokens["binh"])
        assert report.ok and report.applied == 0

    # Anna's laptop still holds it and sends it again with her next change: refused, told,
    # and the rest of her sync goes through (her new contact reaches Binh)
    run_cli("add", "contact", "family_name=Tạ", data_dir=anna_dir)
    token_file = team.token_file(tmp_path, "anna")
    done = run_cli("sync", "--server", server.url, "--token-file", str(token_file), "--json",
                   data_dir=anna_dir)  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"the server holds this changeset in quarantine: {REASON}" in done.stderr
    assert '"published": 1' in done.stdout
    binh_token = team.token_file(tmp_path, "binh")
    waits = run_cli("sync", "--server", server.url, "--token-file", str(binh_token), "--json",
                    data_dir=binh_dir)  # fmt: skip
    # a laptop applies a device's changes in order: Anna's later ones wait for the gap
    assert waits.returncode == 0 and "wait for its changes" in waits.stderr, waits.stderr
    assert "Tạ" not in _names(binh_dir) and "Lò" not in _names(binh_dir)

    released = _admin(server, "unquarantine", team.name, "1")
    assert released.returncode == 0, released.stderr
    again = _admin(server, "unquarantine", team.name, "1")
    assert again.returncode == 1 and "not in quarantine" in again.stderr
    run_cli("sync", "--server", server.url, "--token-file", str(binh_token), data_dir=binh_dir)
    assert "Lò" in _names(binh_dir) and "Tạ" in _names(binh_dir)
    assert _admin(server, "list-quarantine", team.name).stdout == ""
