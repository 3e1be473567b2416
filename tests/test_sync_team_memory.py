"""Encryption cannot be switched off by deleting a file: the profile remembers its team."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.sync_support import files
from tests.work_orders import cli


def _magics(share: Path) -> set[bytes]:
    return {path.read_bytes()[:4] for path in files(share)}


def test_a_deleted_team_file_never_makes_a_member_publish_in_the_clear(tmp_path: Path) -> None:
    share, secret = tmp_path / "share", tmp_path / "passphrase.txt"
    share.mkdir()
    secret.write_text("mangosteen season in Hóc Môn\n", encoding="utf-8")
    anna, binh = tmp_path / "anna", tmp_path / "binh"
    cli(anna, "add", "contact", "family_name=Lâm", "notes=Met at the port authority")
    for who in (anna, binh):
        cli(who, "sync", "--folder", str(share), "--passphrase-file", str(secret))
    team_file = share / "team.json"
    original = team_file.read_bytes()
    team_file.unlink()  # a careless or hostile member

    cli(binh, "add", "contact", "family_name=Phan", "notes=Confidential pilot price")
    refused = run_cli("sync", "--folder", str(share), data_dir=binh)
    assert refused.returncode != 0
    assert "encrypts" in refused.stderr and "nothing was sent" in refused.stderr
    assert _magics(share) == {b"SGCE"}
    bundle = run_cli("sync", "--export-bundle", str(tmp_path / "b.zip"), data_dir=binh)
    assert bundle.returncode != 0 and not (tmp_path / "b.zip").exists()

    cli(binh, "sync", "--folder", str(share), "--passphrase-file", str(secret))
    assert team_file.read_bytes() == original  # put back from the profile's memory
    assert _magics(share) == {b"SGCE"}
    assert b"Confidential" not in b"".join(p.read_bytes() for p in files(share))
    cli(anna, "sync", "--folder", str(share), "--passphrase-file", str(secret))
    assert "Phan" in cli(anna, "search", "phan")
