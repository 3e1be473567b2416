"""``smartgrowth-cli`` in real subprocesses: the commands, their output, their refusals."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture
def demo_dir(demo_profile_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the demo profile (commands here may write to it)."""
    target = tmp_path / "demo"
    shutil.copytree(demo_profile_dir, target)
    return target


def test_version_and_help_load_no_service() -> None:
    """The parser and ``--version`` stay fast: every handler imports its services itself."""
    probe = (
        "import sys; from smartgrowth_desktop.cli import build_parser; build_parser(); "
        "heavy = ('sqlalchemy', 'smartgrowth_desktop.services', 'smartgrowth_desktop.core.db'); "
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("smartgrowth-cli ")


def test_demo_data_twice_adds_nothing(tmp_path: Path) -> None:
    first = run_cli("demo-data", "--json", data_dir=tmp_path / "p")
    assert first.returncode == 0, first.stderr
    counts = json.loads(first.stdout)
    assert counts["market"] == 4 and counts["mission"] == 6
    assert counts["organization"] >= 30 + 20 and 90 <= counts["meeting"] <= 120
    second = run_cli("demo-data", "--json", data_dir=tmp_path / "p")
    assert json.loads(second.stdout) == {}


def test_demo_data_covers_every_lead_stage(demo_dir: Path) -> None:
    leads = json.loads(run_cli("list", "lead", "--json", data_dir=demo_dir).stdout)
    stages = {lead["stage"] for lead in leads}
    assert stages == {"identified", "contacted", "meeting", "proposal", "mou", "agreement", "lost"}


def test_search_json_is_one_document(demo_dir: Path) -> None:
    result = run_cli("search", "nguyen thi", "--json", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    labels = [r["label"] for r in document["results"]]
    assert "Nguyễn Thị Minh Khai" in labels
    assert {"kind", "id", "label", "detail", "rank"} <= set(document["results"][0])


def test_search_chinese_and_pinyin(demo_dir: Path) -> None:
    chinese = run_cli("search", "广州", "--kind", "organization", data_dir=demo_dir)
    assert "广州市智慧城市" in chinese.stdout
    pinyin = run_cli("search", "liwei", data_dir=demo_dir)
    assert "李伟 (Li Wei)" in pinyin.stdout


def test_stats_against_targets(demo_dir: Path) -> None:
    result = run_cli("stats", "--json", "--today", "2026-11-27", data_dir=demo_dir)
    indicators = {i["key"]: i for i in json.loads(result.stdout)["indicators"]}
    assert indicators["missions"]["value"] == 4 and indicators["missions"]["target"] == 6
    assert indicators["markets"]["value"] >= 3
    assert indicators["agreements"]["target"] == "3-4"
    assert indicators["smes"]["target"] == 30
    later = run_cli("stats", "--json", "--today", "2027-12-31", data_dir=demo_dir)
    smes = {i["key"]: i for i in json.loads(later.stdout)["indicators"]}["smes"]
    assert smes["value"] == 30 and smes["reached"]


def test_export_then_import_into_an_empty_profile(demo_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "programme.json"
    assert run_cli("export-json", str(exported), data_dir=demo_dir).returncode == 0
    imported = run_cli("import-json", str(exported), "--json", data_dir=tmp_path / "empty")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["created"]["contact"] == 90
    again = tmp_path / "again.json"
    run_cli("export-json", str(again), data_dir=tmp_path / "empty")
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (exported, again))
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second


def test_add_edit_delete_restore(tmp_path: Path) -> None:
    data = tmp_path / "p"
    added = run_cli(
        "add",
        "contact",
        "family_name=Lý",
        "given_name=Thu Hà",
        'phones=["+84 912 345 678"]',
        data_dir=data,
    )
    assert added.returncode == 0, added.stderr
    contact_id = added.stdout.strip()
    shown = json.loads(run_cli("show", "contact", contact_id, data_dir=data).stdout)
    assert shown["phones"] == ["+84912345678"]
    assert run_cli("edit", "contact", contact_id, "title=Director", data_dir=data).returncode == 0
    assert run_cli("delete", "contact", contact_id, data_dir=data).returncode == 0
    assert run_cli("search", "ly thu", "--json", data_dir=data).stdout.count('"id"') == 0
    trash = json.loads(run_cli("list", "contact", "--deleted", "--json", data_dir=data).stdout)
    assert [c["id"] for c in trash] == [contact_id]
    assert run_cli("delete", "contact", contact_id, "--restore", data_dir=data).returncode == 0
    assert "Director" in run_cli("search", "ly thu", data_dir=data).stdout


def test_lead_moves_keep_history(tmp_path: Path) -> None:
    data = tmp_path / "p"
    lead = run_cli(
        "add", "lead", "title=Pilot", "kind=pilot", "stage=identified", data_dir=data
    ).stdout.strip()
    assert (
        run_cli("move-lead", lead, "proposal", "--note", "Sent offer", data_dir=data).returncode
        == 0
    )
    assert run_cli("move-lead", lead, "bogus", data_dir=data).returncode == 2
    history = json.loads(run_cli("list", "stage_change", "--json", data_dir=data).stdout)
    assert [h["stage"] for h in history] == ["identified", "proposal"]
    assert history[-1]["note"] == "Sent offer"


# -- bad input ----------------------------------------------------------------------------


def _export(data_dir: Path) -> dict[str, object]:
    document = json.loads(run_cli("export-json", "-", data_dir=data_dir).stdout)
    document.pop("exported_at")
    return document


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"format": "smartgrowth/1", "contacts": [{"id": "x"}]}', "contacts[0].id"),
        (b'{"format": "smartgrowth/9"}', "$.format"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_bad_json_is_refused_and_nothing_changes(
    demo_dir: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    before = _export(demo_dir)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run_cli("import-json", str(bad), data_dir=demo_dir)
    assert result.returncode == 1
    assert message in result.stderr and result.stderr.startswith("error:")
    assert result.stdout == ""
    assert _export(demo_dir) == before


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("import-json", str(tmp_path / "nope.json"), data_dir=tmp_path / "p")
    assert result.returncode == 1 and "cannot read" in result.stderr


def test_data_folder_that_cannot_be_a_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("I am a file")
    for target in (blocker, blocker / "profile"):
        result = run_cli("stats", data_dir=target)
        assert result.returncode == 1
        assert "data folder" in result.stderr and str(target) in result.stderr


def test_database_that_is_not_sqlite(tmp_path: Path) -> None:
    data = tmp_path / "p"
    data.mkdir()
    (data / "profile.sqlite3").write_bytes(b"This is a spreadsheet, honest." * 100)
    result = run_cli("stats", data_dir=data)
    assert result.returncode == 1
    assert "not a SmartGrowth profile database" in result.stderr
    assert (data / "profile.sqlite3").read_bytes().startswith(b"This is a spreadsheet")


def test_sqlite_database_of_another_program(tmp_path: Path) -> None:
    data = tmp_path / "p"
    data.mkdir()
    with sqlite3.connect(data / "profile.sqlite3") as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    result = run_cli("stats", data_dir=data)
    assert result.returncode == 1 and "not a SmartGrowth profile" in result.stderr


def test_database_from_a_newer_version(demo_dir: Path) -> None:
    with sqlite3.connect(demo_dir / "profile.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    result = run_cli("stats", data_dir=demo_dir)
    assert result.returncode == 1
    assert "newer version" in result.stderr and "0099_from_the_future" in result.stderr


def test_locked_database(demo_dir: Path) -> None:
    holder = sqlite3.connect(demo_dir / "profile.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run_cli(
            "add",
            "market",
            "name=Hanoi",
            "country=VN",
            "time_zone=Asia/Ho_Chi_Minh",
            data_dir=demo_dir,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "in use by another program" in result.stderr
    assert "Hanoi" not in run_cli("list", "market", data_dir=demo_dir).stdout


def test_validation_errors_name_the_field(tmp_path: Path) -> None:
    result = run_cli("add", "contact", "given_name=Ann", 'emails=["nope"]', data_dir=tmp_path)
    assert result.returncode == 1 and "emails[0]" in result.stderr
    result = run_cli("show", "contact", "not-an-id", data_dir=tmp_path)
    assert result.returncode == 1 and "not a record id" in result.stderr
    result = run_cli("add", "lead", "title=X", "kind=pilot", "stage=won", data_dir=tmp_path)
    assert result.returncode == 1 and "stage" in result.stderr
