"""Profiles syncing through a real server: convergence, encryption, restarts, killed clients."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smartgrowth_desktop.core.errors import SmartGrowthError
from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.demo import DemoService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.report import SyncReport
from tests.conftest import run_cli
from tests.server.conftest import Backends
from tests.server.support import ServerProcess, Team, new_team
from tests.sync_support import change_count, conflicts, new_profile, tables


def _sync(profile: Profile, server: ServerProcess, token: str, **options: object) -> SyncReport:
    report = SyncService(profile).sync_server(server.url, token, **options)  # type: ignore[arg-type]
    assert report.ok, report.to_json()
    return report


@pytest.fixture(scope="session")
def busy_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profile with the demo programme and some volume: about 7 changesets to send."""
    folder = tmp_path_factory.mktemp("busy") / "profile"
    with new_profile(folder, "Karin Lindqvist") as profile:
        demo = DemoService(profile)
        demo.load_programme()
        demo.add_volume(0.012)
    return folder


def test_three_profiles_converge(server: ServerProcess, storage: Storage, tmp_path: Path) -> None:
    team = new_team(storage, "anna", "binh", "chen")
    names = ("anna", "binh", "chen")
    profiles = [new_profile(tmp_path / name, name.title()) for name in names]
    try:
        records = [RecordService(p) for p in profiles]
        shared = records[0].create("contact", {"family_name": "Nguyễn", "title": "Engineer"})
        card = tmp_path / "card.jpg"
        card.write_bytes(b"\xff\xd8\xff business card " * 200)
        AttachmentService(profiles[0]).attach_file("contact", shared, card, role="business_card")
        for profile, name in zip(profiles, names, strict=True):
            _sync(profile, server, team.tokens[name])
        for i, r in enumerate(records):
            r.create("contact", {"family_name": f"Trần {i}", "given_name": "广州"})
        records[1].update("contact", shared, {"title": "Director"})
        records[2].update("contact", shared, {"title": "Deputy Director"})
        for _ in range(2):
            for profile, name in zip(profiles, names, strict=True):
                _sync(profile, server, team.tokens[name])
        first = tables(profiles[0])
        for other in profiles[1:]:
            assert tables(other) == first
            assert conflicts(other) == conflicts(profiles[0])
            assert change_count(other) == change_count(profiles[0])
        assert len(conflicts(profiles[0])) == 1
        blobs = profiles[2].attachments_dir
        assert [p.read_bytes() for p in blobs.rglob("*") if p.is_file()] == [card.read_bytes()]
        again = _sync(profiles[0], server, team.tokens["anna"])
        assert again.published == again.applied == 0
    finally:
        for profile in profiles:
            profile.close()


def test_an_encrypted_team_syncs_through_the_server(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "anna", "binh")
    secret = "lychee harvest in Bắc Giang"
    with new_profile(tmp_path / "a") as a, new_profile(tmp_path / "b") as b:
        RecordService(a).create("contact", {"family_name": "Phạm", "notes": "tender in May"})
        _sync(a, server, team.tokens["anna"], passphrase=secret)
        with pytest.raises(SmartGrowthError, match="passphrase"):
            SyncService(b).sync_server(server.url, team.tokens["binh"])
        _sync(b, server, team.tokens["binh"], passphrase=secret)
        assert tables(a) == tables(b)
    team_id = storage.authenticate(team.tokens["anna"]).team_id  # type: ignore[union-attr]
    [item] = storage.list_changesets(team_id, 0, 10)
    data, _ = storage.get_changeset(team_id, item["seq"])  # type: ignore[misc]
    assert data[:4] == b"SGCE" and "Phạm".encode() not in data


def test_unreachable_server_is_calm_and_keeps_edits(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("sgt_" + "a" * 43, encoding="utf-8")
    dead = f"http://127.0.0.1:{_unused_port()}"
    run_cli("add", "contact", "family_name=Lê", data_dir=tmp_path / "a")
    done = run_cli("sync", "--server", dead, "--token-file", str(token), data_dir=tmp_path / "a")
    assert done.returncode == 1
    assert "cannot be reached" in done.stderr and "edits are safe" in done.stderr
    assert "Traceback" not in done.stderr
    listed = run_cli("list", "contact", data_dir=tmp_path / "a")
    assert "Lê" not in listed.stdout or listed.returncode == 0
    missing = run_cli("sync", "--server", dead, data_dir=tmp_path / "a")
    assert missing.returncode == 1 and "--token-file" in missing.stderr
    bad = run_cli("sync", "--server", "ftp://x", "--token-file", str(token), data_dir=tmp_path)
    assert bad.returncode == 1 and "not a server address" in bad.stderr


def _unused_port() -> int:
    from tests.server.postgres import free_port

    return free_port()


def _team_count(storage: Storage, team: Team, person: str) -> int:
    who = storage.authenticate(team.tokens[person])
    assert who is not None
    return len(storage.list_changesets(who.team_id, 0, 1000))


def _cli(profile: Path, url: str, token_file: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "smartgrowth_desktop", "--data-dir", str(profile)]
    return subprocess.Popen(
        [*command, "sync", "--server", url, "--token-file", str(token_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def _held(profile: Path) -> int:
    with Profile(profile) as opened, opened.database.connection() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM sync_changesets").scalar_one())


@pytest.mark.slow
def test_a_client_killed_mid_upload_resumes(
    server: ServerProcess, storage: Storage, busy_profile: Path, tmp_path: Path
) -> None:
    team = new_team(storage, "karin", "binh")
    source, target = tmp_path / "karin", tmp_path / "binh"
    shutil.copytree(busy_profile, source)
    token = team.token_file(tmp_path, "karin")
    process = _cli(source, server.url, token)
    while process.poll() is None and _team_count(storage, team, "karin") < 1:
        time.sleep(0.002)
    process.kill()  # right after its first upload: six more were to come
    process.communicate(timeout=30)  # and its pipes closed
    at_kill = _team_count(storage, team, "karin")
    total = _held(source)
    assert 0 < at_kill < total, (at_kill, total)  # it really was cut short
    resumed = run_cli("sync", "--server", server.url, "--token-file", str(token), data_dir=source)
    assert resumed.returncode == 0, resumed.stderr
    assert _team_count(storage, team, "karin") == total  # each changeset stored once
    other = team.token_file(tmp_path, "binh")
    done = run_cli("sync", "--server", server.url, "--token-file", str(other), data_dir=target)
    assert done.returncode == 0, done.stderr
    with Profile(source) as a, Profile(target) as b:
        assert tables(a) == tables(b)


@pytest.mark.slow
def test_a_server_restart_mid_sync(backend: Backends, busy_profile: Path, tmp_path: Path) -> None:
    url = backend.new_url()
    with ServerProcess(url, tmp_path / "server.log") as running:
        storage = Storage.open(url)
        team = new_team(storage, "karin", "binh")
        source = tmp_path / "karin"
        shutil.copytree(busy_profile, source)
        process = _cli(source, running.url, team.token_file(tmp_path, "karin"))
        while process.poll() is None and _team_count(storage, team, "karin") < 2:
            time.sleep(0.005)
        running.kill()  # as a crash would; the client retries meanwhile
        running.start()
        _, stderr = process.communicate(timeout=120)
        assert b"Traceback" not in stderr
        if process.returncode != 0:  # retries ran out: a calm message, then a later sync
            assert b"cannot be reached" in stderr
        report = json.loads(
            run_cli(
                "sync",
                "--server",
                running.url,
                "--token-file",
                str(team.token_file(tmp_path, "karin")),
                "--json",
                data_dir=source,
            ).stdout
        )
        assert report["ok"]
        assert _team_count(storage, team, "karin") == _held(source)
        with new_profile(tmp_path / "binh") as binh:
            _sync(binh, running, team.tokens["binh"])
            with Profile(source) as karin:
                assert tables(karin) == tables(binh)
        storage.close()


def test_the_cli_uses_the_token_saved_for_the_server(
    server: ServerProcess, storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No keyring here (headless): the token saved by the window's Settings is found."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    team = new_team(storage, "anna")
    folder = tmp_path / "anna"
    run_cli("add", "contact", "family_name=Hồ", data_dir=folder)
    without = run_cli("sync", "--server", server.url, data_dir=folder)
    assert without.returncode == 1 and "no OS keyring" in without.stderr
    token_file = team.token_file(tmp_path, "anna")
    saved = run_cli(
        "sync", "--server", server.url, "--token-file", str(token_file), "--save-token",
        data_dir=folder,
    )  # fmt: skip
    assert saved.returncode == 0 and "(0600)" in saved.stderr, saved.stderr
    token_file.unlink()
    run_cli("add", "contact", "family_name=Hà", data_dir=folder)
    done = run_cli("sync", "--server", server.url, "--json", data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["published"] == 1
    assert team.tokens["anna"].encode() not in (folder / "profile.sqlite3").read_bytes()


def test_two_server_processes_share_one_database(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    """The scale path: stateless processes over one database; a laptop may reach either."""
    team = new_team(storage, "anna", "binh")
    with (
        ServerProcess(server.database_url, tmp_path / "second.log") as second,
        new_profile(tmp_path / "a") as a,
        new_profile(tmp_path / "b") as b,
    ):
        RecordService(a).create("contact", {"family_name": "Lý", "title": "CEO"})
        RecordService(b).create("organization", {"name": "Sở Khoa học Đà Nẵng", "kind": "agency"})
        _sync(a, server, team.tokens["anna"])
        _sync(b, second, team.tokens["binh"])
        _sync(a, second, team.tokens["anna"])
        again = _sync(b, server, team.tokens["binh"])
        assert again.published == 0 and again.applied == 0
        assert tables(a) == tables(b)


def test_travel_mode_through_the_server(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    """Vân leaves with Da Nang once the server holds everything, syncs abroad through it
    (only Da Nang's changes come in), and comes back with everything."""
    from smartgrowth_desktop.core.errors import NotFoundError
    from smartgrowth_desktop.services.sync_target import SyncTarget
    from smartgrowth_desktop.services.travel_leave import leave
    from smartgrowth_desktop.services.travel_return import come_back
    from tests.test_travel_plan import _two_missions

    team = new_team(storage, "van", "minh")
    ids = _two_missions(tmp_path / "van")
    van, minh = Profile(tmp_path / "van"), new_profile(tmp_path / "minh", "Minh")
    target = SyncTarget(url=server.url, token=team.tokens["van"])
    try:
        _sync(van, server, team.tokens["van"])
        _sync(minh, server, team.tokens["minh"])
        departure = leave(van, [ids["danang"]], target)
        assert departure.removed["contact"] == 2
        RecordService(minh).update("contact", ids["zhang"], {"title": "Deputy Director"})
        RecordService(minh).update("meeting", ids["visit"], {"location": "Sở KH&CN, 51 Đường"})
        _sync(minh, server, team.tokens["minh"])
        abroad = _sync(van, server, team.tokens["van"])
        assert abroad.not_carried >= 1  # the Guangzhou card's edit waits on the server
        assert RecordService(van).get("meeting", ids["visit"]).location == "Sở KH&CN, 51 Đường"
        with pytest.raises(NotFoundError):
            RecordService(van).get("contact", ids["zhang"])
        come_back(van, target)
        _sync(minh, server, team.tokens["minh"])
        assert RecordService(van).get("contact", ids["zhang"]).title == "Deputy Director"
        assert tables(van) == tables(minh)
    finally:
        van.close()
        minh.close()
