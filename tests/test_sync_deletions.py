"""A changeset deleting many records waits for a person: apply it, or keep the records."""

from __future__ import annotations

import json
from pathlib import Path

from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli
from tests.sync_support import new_profile


def _sync(data_dir: Path, share: Path) -> tuple[dict[str, object], str]:
    done = run_cli("sync", "--folder", str(share), "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout)), done.stderr


def _live(data_dir: Path) -> int:
    return len(json.loads(run_cli("list", "contact", "--json", data_dir=data_dir).stdout))


def _setup(tmp_path: Path) -> tuple[Path, Path, Path, list[str]]:
    share, anna, binh = tmp_path / "share", tmp_path / "anna", tmp_path / "binh"
    share.mkdir()
    with new_profile(anna, "Anna") as profile:
        records = RecordService(profile)
        ids = [str(records.create("contact", {"family_name": f"Nguyễn {n}"})) for n in range(60)]
    _sync(anna, share)
    _sync(binh, share)
    with Profile(anna) as profile:  # reopened: a slip deletes 55 contacts at once
        records = RecordService(profile)
        for record_id in ids[:55]:
            records.delete("contact", record_id)
    return share, anna, binh, ids


def test_a_mass_deletion_is_held_and_the_records_can_be_kept(tmp_path: Path) -> None:
    share, anna, binh, ids = _setup(tmp_path)
    _sync(anna, share)
    report, stderr = _sync(binh, share)
    [held_line] = report["held_deletions"]  # type: ignore[misc]
    assert "deletes 55 records (55 contacts: Nguyễn" in held_line
    assert "held:" in stderr and "held for you to confirm" in str(report["summary"])
    assert _live(binh) == 60
    [held] = json.loads(run_cli("deletions", "--json", data_dir=binh).stdout)
    assert held["count"] == 55

    run_cli("edit", "contact", ids[59], "title=Director", data_dir=anna)
    _sync(anna, share)
    report, _ = _sync(binh, share)
    assert "held for you to confirm" in str(report["waiting"])
    kept = run_cli("deletions", "keep", held["id"], data_dir=binh)
    assert kept.returncode == 0, kept.stderr
    assert _live(binh) == 60
    shown = json.loads(run_cli("show", "contact", ids[59], data_dir=binh).stdout)
    assert shown["title"] == "Director"  # the later edit was not stuck behind it
    assert json.loads(run_cli("deletions", "--json", data_dir=binh).stdout) == []
    _sync(binh, share)
    _sync(anna, share)
    assert _live(anna) == 60  # the records came back on the laptop that deleted them


def test_a_mass_deletion_applied_and_a_threshold_of_zero(tmp_path: Path) -> None:
    share, anna, binh, _ = _setup(tmp_path)
    _sync(anna, share)
    _sync(binh, share)
    [held] = json.loads(run_cli("deletions", "--json", data_dir=binh).stdout)
    assert run_cli("deletions", "apply", held["id"], data_dir=binh).returncode == 0
    assert _live(binh) == 5

    carla = tmp_path / "carla"
    assert run_cli("deletions", "threshold", "0", data_dir=carla).stdout.strip() == "0"
    report, _ = _sync(carla, share)
    assert report["held_deletions"] == [] and _live(carla) == 5
    bad = run_cli("deletions", "threshold", "many", data_dir=carla)
    assert bad.returncode == 2 and "whole number" in bad.stderr
