"""``smartgrowth-cli sync`` and ``conflicts`` as real subprocesses, killed and resumed."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.services.demo import DemoService
from smartgrowth_desktop.services.profile import Profile
from tests.conftest import run_cli
from tests.sync_support import change_count, files, new_profile, tables


def test_sync_and_conflicts_from_the_command_line(tmp_path: Path) -> None:
    a, b, folder = tmp_path / "a", tmp_path / "b", tmp_path / "share"
    folder.mkdir()
    contact = run_cli("add", "contact", "family_name=Ngô", "title=Engineer", data_dir=a)
    contact_id = contact.stdout.strip()
    first = run_cli("sync", "--folder", str(folder), "--json", data_dir=a)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["published"] == 1
    assert run_cli("sync", "--folder", str(folder), data_dir=b).returncode == 0
    run_cli("edit", "contact", contact_id, "title=Director", data_dir=a)
    run_cli("edit", "contact", contact_id, "title=Deputy Director", data_dir=b)
    for profile in (a, b, a):
        run_cli("sync", "--folder", str(folder), data_dir=profile)
    listed = json.loads(run_cli("conflicts", "--json", data_dir=b).stdout)["conflicts"]
    [conflict] = listed
    assert {v["value"] for v in conflict["values"]} == {"Director", "Deputy Director"}
    text = run_cli("conflicts", data_dir=b).stdout
    assert conflict["id"] in text and "Deputy Director" in text
    resolved = run_cli("conflicts", "resolve", conflict["id"], "--keep", "mine", data_dir=b)
    assert resolved.returncode == 0, resolved.stderr
    for profile in (b, a):  # the folder synced with last, without --folder
        assert run_cli("sync", data_dir=profile).returncode == 0
    shown = json.loads(run_cli("show", "contact", contact_id, data_dir=a).stdout)
    assert shown["title"] == "Deputy Director"
    assert json.loads(run_cli("conflicts", "--json", data_dir=a).stdout) == {"conflicts": []}


def test_command_line_refusals(tmp_path: Path) -> None:
    folder, secret = tmp_path / "share", tmp_path / "secret.txt"
    folder.mkdir()
    secret.write_text("right\n", encoding="utf-8")
    run_cli("add", "contact", "family_name=Lê", data_dir=tmp_path / "a")
    sealed = run_cli(
        "sync", "--folder", str(folder), "--passphrase-file", str(secret), data_dir=tmp_path / "a"
    )
    assert sealed.returncode == 0, sealed.stderr
    secret.write_text("wrong\n", encoding="utf-8")
    wrong = run_cli(
        "sync", "--folder", str(folder), "--passphrase-file", str(secret), data_dir=tmp_path / "b"
    )
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr
    missing = run_cli("sync", "--folder", str(tmp_path / "unplugged"), data_dir=tmp_path / "b")
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    nowhere = run_cli("sync", data_dir=tmp_path / "c")  # no shared folder yet
    assert nowhere.returncode != 0 and "--folder" in nowhere.stderr
    unknown = run_cli("conflicts", "resolve", "abc", "--keep", "mine", data_dir=tmp_path / "b")
    assert unknown.returncode == 1 and "no open conflict" in unknown.stderr


def _applied(profile: Path) -> int:
    """How many changesets a profile has applied (read while another process syncs)."""
    try:
        conn = sqlite3.connect(f"file:{profile / DATABASE_NAME}?mode=ro", uri=True, timeout=0.2)
        try:
            query = "SELECT count(*) FROM sync_changesets WHERE applied = 1"
            return int(conn.execute(query).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _killed_syncs(
    profile: Path, folder: Path, plan: list[tuple[int, float]], progress: Callable[[], int]
) -> int:
    """Run ``sync --folder`` and kill it once ``progress()`` reaches each point of ``plan``.

    Each point is (progress to wait for, then seconds more): the kill lands at a random
    moment of the work, whatever the machine's speed. Returns how many runs were killed.
    """
    command = [sys.executable, "-m", "smartgrowth_desktop", "--data-dir", str(profile)]
    killed = 0
    for reached, extra in plan:
        process = subprocess.Popen(
            [*command, "sync", "--folder", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        while process.poll() is None and progress() < reached:
            time.sleep(0.01)
        time.sleep(extra)
        if process.poll() is None:
            process.kill()
            killed += 1
        process.wait(timeout=60)
    return killed


def test_a_sync_killed_at_random_moments_resumes(tmp_path: Path) -> None:
    source, target, folder = tmp_path / "a", tmp_path / "b", tmp_path / "share"
    folder.mkdir()
    with new_profile(source, "Karin Lindqvist") as profile:
        demo = DemoService(profile)
        demo.load_programme()
        demo.add_volume(0.01)  # about 29,000 changes: six changesets
    rng = random.Random(20261128)
    published = [(rng.randint(0, 4), rng.uniform(0, 0.05)) for _ in range(2)]
    killed = _killed_syncs(source, folder, published, lambda: len(files(folder)))
    assert run_cli("sync", "--folder", str(folder), data_dir=source).returncode == 0
    applied = [(rng.randint(0, 5), rng.uniform(0, 0.3)) for _ in range(4)]
    killed += _killed_syncs(target, folder, applied, lambda: _applied(target))
    assert killed >= 3  # most runs were cut short
    final = run_cli("sync", "--folder", str(folder), "--json", data_dir=target)
    assert final.returncode == 0, final.stderr
    again = json.loads(run_cli("sync", "--folder", str(folder), "--json", data_dir=target).stdout)
    assert again["applied"] == 0 and again["published"] == 0
    with Profile(source) as a, Profile(target) as b:
        assert tables(a) == tables(b)
        assert change_count(a) == change_count(b)
