"""A new database is a copy of the schema template: the same bytes the migrations give,
and a damaged or missing template only means the migrations run as before."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from smartgrowth_desktop.core import migrate, schema_template
from smartgrowth_desktop.core.db import DATABASE_NAME, Database
from smartgrowth_desktop.core.device import SIGNING_KEY
from smartgrowth_desktop.core.plain import create_private
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.search import SearchService


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own (no template from another run)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(schema_template.CACHE_ENV, str(folder))
    return folder / "schema"


def _templates(cache: Path) -> list[Path]:
    return sorted(cache.glob("schema-*.sqlite3"))


def _migrated(path: Path) -> None:
    """A database made as before the template: an empty file, every migration run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    create_private(path)  # it exists: Database migrates it
    Database(path).close()


def _everything(path: Path) -> dict[str, object]:
    """The schema, the header settings and every row of every table of ``path``."""
    conn = sqlite3.connect(path)
    try:
        schema = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        tables = [  # the virtual tables' rows are their shadow tables'
            name
            for kind, name, _table, sql in schema
            if kind == "table" and sql and not sql.upper().startswith("CREATE VIRTUAL")
        ]
        settings = {
            pragma: conn.execute(f"PRAGMA {pragma}").fetchone()[0]
            for pragma in (
                "user_version",
                "application_id",
                "page_size",
                "auto_vacuum",
                "encoding",
                "journal_mode",
            )
        }
        rows = {name: conn.execute(f'SELECT * FROM "{name}"').fetchall() for name in tables}
    finally:
        conn.close()
    return {"schema": schema, "settings": settings, "rows": rows}


def test_a_new_profile_is_the_migrated_schema_byte_for_byte_in_content(
    cache: Path, tmp_path: Path
) -> None:
    migrated = tmp_path / "migrated" / DATABASE_NAME
    _migrated(migrated)
    assert _templates(cache) == []  # an existing file is migrated, never filled

    with Profile(tmp_path / "copied"):
        pass
    copied = tmp_path / "copied" / DATABASE_NAME
    assert len(_templates(cache)) == 1
    assert _everything(copied) == _everything(migrated)
    conn = sqlite3.connect(copied)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (migrate.HEAD,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute(  # no identity in the template: each profile makes its own
            "SELECT count(*) FROM local_state WHERE key = ?", (SIGNING_KEY,)
        ).fetchone() == (0,)
    finally:
        conn.close()
    assert copied.stat().st_mode & 0o777 == 0o600


def test_profiles_made_from_the_template_are_independent_and_work(
    cache: Path, tmp_path: Path
) -> None:
    keys = []
    for name, text in (("hanoi", "Nguyễn Thị Minh Khai"), ("guangzhou", "李伟")):
        with Profile(tmp_path / name) as profile:
            made = RecordService(profile).create("contact", {"family_name": text})
            assert [r.record_id for r in SearchService(profile).search(text)] == [made]
        conn = sqlite3.connect(tmp_path / name / DATABASE_NAME)
        try:
            keys.append(
                conn.execute(
                    "SELECT value FROM local_state WHERE key = ?", (SIGNING_KEY,)
                ).fetchone()
            )
        finally:
            conn.close()
    assert len(_templates(cache)) == 1  # built once, copied twice
    assert None not in keys and keys[0] != keys[1]  # each laptop its own identity


def test_a_damaged_template_is_built_again_and_the_profile_is_whole(
    cache: Path, tmp_path: Path
) -> None:
    with Profile(tmp_path / "first"):
        pass
    (template,) = _templates(cache)
    content = bytearray(template.read_bytes())
    content[100:300] = b"\xab" * 200  # a bad sector: the first page's schema
    assert bytes(content) != template.read_bytes()
    template.write_bytes(bytes(content))

    with Profile(tmp_path / "second") as profile:
        RecordService(profile).create("contact", {"family_name": "Tamm"})
    (rebuilt,) = _templates(cache)
    assert rebuilt.read_bytes() != bytes(content)
    assert (
        _everything(tmp_path / "second" / DATABASE_NAME)["schema"]
        == _everything(tmp_path / "first" / DATABASE_NAME)["schema"]
    )


def test_without_a_usable_cache_folder_the_profile_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(schema_template.CACHE_ENV, str(blocker))
    with Profile(tmp_path / "profile") as profile:
        RecordService(profile).create("contact", {"family_name": "Lindqvist"})
        assert len(SearchService(profile).search("lindqvist")) == 1
    migrated = tmp_path / "migrated" / DATABASE_NAME
    _migrated(migrated)
    assert (
        _everything(tmp_path / "profile" / DATABASE_NAME)["schema"]
        == _everything(migrated)["schema"]
    )


def test_an_existing_file_is_never_overwritten(cache: Path, tmp_path: Path) -> None:
    with Profile(tmp_path / "first"):
        pass
    target = tmp_path / "other.sqlite3"
    target.write_bytes(b"somebody's file")
    assert schema_template.fill_new(target) is False
    assert target.read_bytes() == b"somebody's file"
    assert list(tmp_path.glob(".other.sqlite3-*")) == []  # no temporary file left


def test_a_changed_migration_builds_another_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = schema_template.build_digest()
    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS", copy)
    assert schema_template.build_digest() == before
    latest = sorted((copy / "versions").glob("0*.py"))[-1]
    latest.write_text(latest.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert schema_template.build_digest() != before


def test_old_templates_and_killed_builds_are_cleared(cache: Path, tmp_path: Path) -> None:
    cache.mkdir(parents=True)
    old_schema = cache / "schema-0006_search_shards-aaaa-bbbb.sqlite3"
    old_schema.write_bytes(b"an older version's template")
    killed = cache / ".building-killed"
    killed.mkdir()
    (killed / "template.sqlite3").write_bytes(b"half built")
    os.utime(killed, (time.time() - 7200, time.time() - 7200))
    running = cache / ".building-now"  # another process building at this moment
    running.mkdir()

    with Profile(tmp_path / "profile"):
        pass
    assert not old_schema.exists() and not killed.exists()
    assert running.is_dir()
    assert len(_templates(cache)) == 1
