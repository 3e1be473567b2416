"""A search on a profile read with sqlite3 alone (``search_plain``, what ``smartgrowth-cli
search`` does) finds and prints the same as ``SearchService`` on the opened profile; a
profile that needs the full open (encrypted, none yet) is left to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.profile_crypto import create_encrypted_profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.search import SearchService, search_plain
from tests.conftest import run_cli

QUERIES = ("nguyen", "Nguyễn Thị", "李伟", "li wei", "hồ chí minh", "da nang", "ng", "xây")


def _fill(profile: Profile) -> None:
    records = RecordService(profile)
    org = records.create("organization", {"name": "Sở Xây dựng TP. Hồ Chí Minh", "kind": "agency"})
    for family, given in (("Nguyễn", "Thị Lan"), ("Nguyễn", "Văn Hùng"), ("李", "伟")):
        records.create(
            "contact",
            {
                "family_name": family,
                "given_name": given,
                "title": "Giám đốc",
                "organization_id": org,
            },
        )
    records.create("meeting", {"title": "智慧城市交通试点会议", "location": "广州"})
    records.create("meeting", {"title": "Pilot in Đà Nẵng", "notes": "Nguyễn Văn Hùng, 李伟"})


def test_the_plain_search_finds_and_prints_what_the_service_does(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    with Profile(folder) as profile:
        _fill(profile)
        service = SearchService(profile)
        expected = {q: [r.to_json() for r in service.search(q)] for q in QUERIES}
    for query in QUERIES:
        found = search_plain(folder, query)
        assert found is not None and [r.to_json() for r in found] == expected[query]
        assert expected[query] or query == "xây"  # the test searches something
        done = run_cli("search", query, "--json", data_dir=folder)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {"query": query, "results": expected[query]}


def test_a_profile_that_needs_the_full_open_is_left_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert search_plain(tmp_path / "none yet", "nguyen") is None
    assert not (tmp_path / "none yet").exists()
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")
    monkeypatch.setenv("SMARTGROWTH_PASSPHRASE", "mango season")
    create_encrypted_profile(tmp_path / "sealed", "mango season")[0].close()
    with Profile(tmp_path / "sealed", passphrase="mango season") as sealed:
        _fill(sealed)
    assert search_plain(tmp_path / "sealed", "nguyen") is None
    done = run_cli("search", "李伟", data_dir=tmp_path / "sealed")
    assert done.returncode == 0, done.stderr
    assert "Pilot in Đà Nẵng" in done.stdout  # its notes name 李伟
