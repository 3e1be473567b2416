"""Restore accepts only our schema: a backup whose database holds a trigger, view, table or
index our migrations never create (or one of ours altered) is refused, naming it, and the
current profile stays as it was (issue 14.6)."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest

from smartgrowth_desktop.core import migrate
from smartgrowth_desktop.core.backup import create_backup, list_backups
from smartgrowth_desktop.core.db import DATABASE_NAME, make_engine
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.models import Contact
from smartgrowth_desktop.core.restore import restore_backup
from smartgrowth_desktop.core.schema_check import normalize, reference_schema
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli
from tests.test_backup import _count, _fill

PUBLISH_NOTES = """
CREATE TRIGGER publish_notes AFTER UPDATE ON contacts
BEGIN
    UPDATE contacts SET notes = 'published: ' || coalesce(NEW.notes, '') WHERE id = NEW.id;
END
"""


def _tampered(backup: Path, out: Path, *statements: str, schema_edit: bool = False) -> Path:
    """``backup`` with its database changed by ``statements`` (``schema_edit``: with
    ``PRAGMA writable_schema``, as a hand-edited file would be)."""
    with zipfile.ZipFile(backup) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    database = out.with_suffix(".sqlite3")
    database.write_bytes(members[DATABASE_NAME])
    conn = sqlite3.connect(database)
    try:
        if schema_edit:
            version = conn.execute("PRAGMA schema_version").fetchone()[0]
            conn.execute("PRAGMA writable_schema = ON")
        for statement in statements:
            conn.execute(statement)
        if schema_edit:
            conn.execute(f"PRAGMA schema_version = {version + 1}")
            conn.execute("PRAGMA writable_schema = OFF")
        conn.commit()
    finally:
        conn.close()
    members[DATABASE_NAME] = database.read_bytes()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def _refused(folder: Path, backup: Path, message: str) -> None:
    before = _digest(folder)
    with pytest.raises(ValidationError, match=message) as caught:
        restore_backup(folder, backup)
    assert str(backup) in str(caught.value) and "it was not restored" in str(caught.value)
    assert _digest(folder) == before
    assert list_backups(folder) == []


@pytest.fixture
def backed_up(tmp_path: Path) -> tuple[Path, Path]:
    """A profile of 2 contacts backed up, then one more contact added."""
    folder = tmp_path / "profile"
    _fill(folder, contacts=2)
    good = create_backup(folder, tmp_path / "good.zip").path
    _fill(folder, contacts=1)
    return folder, good


def test_a_backup_with_a_trigger_is_refused(backed_up: tuple[Path, Path]) -> None:
    folder, good = backed_up
    evil = _tampered(good, good.with_name("trigger.zip"), PUBLISH_NOTES)
    _refused(
        folder,
        evil,
        "the backup holds a trigger 'publish_notes' that SmartGrowth never creates; "
        "it was not restored",
    )
    with Profile(folder) as profile:  # the trigger is nowhere: edits stay as typed
        records = RecordService(profile)
        contact = records.list("contact")[0]
        records.update("contact", contact.id, {"notes": "met at the fair"})
        edited = records.get("contact", contact.id)
        assert isinstance(edited, Contact) and edited.notes == "met at the fair"
    assert _count(folder) == 3
    cli = run_cli("restore", str(evil), data_dir=folder)
    assert cli.returncode == 1 and "trigger 'publish_notes'" in cli.stderr


def test_a_backup_with_a_view_or_an_extra_table_or_index_is_refused(
    backed_up: tuple[Path, Path],
) -> None:
    folder, good = backed_up
    cases = {
        "CREATE VIEW everyone AS SELECT * FROM contacts": "a view 'everyone'",
        "CREATE TABLE outbox (payload TEXT)": "a table 'outbox'",
        "CREATE INDEX ix_contacts_notes ON contacts (notes)": "an index 'ix_contacts_notes'",
    }
    for number, (statement, named) in enumerate(cases.items()):
        evil = _tampered(good, good.with_name(f"extra{number}.zip"), statement)
        _refused(folder, evil, f"the backup holds {named} that SmartGrowth never creates")


def test_a_backup_with_an_altered_table_is_refused(backed_up: tuple[Path, Path]) -> None:
    """Same tables, one definition changed: a column default, a column added."""
    folder, good = backed_up
    default = _tampered(
        good,
        good.with_name("default.zip"),
        "UPDATE sqlite_master SET sql = replace(sql, 'notes TEXT', "
        "'notes TEXT DEFAULT ''call me''') WHERE name = 'contacts'",
        schema_edit=True,
    )
    with zipfile.ZipFile(default) as archive:  # the edit is really there
        conn = sqlite3.connect(":memory:")
        conn.deserialize(archive.read(DATABASE_NAME))
        assert (
            "DEFAULT 'call me'"
            in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'contacts'").fetchone()[0]
        )
        conn.close()
    message = "the backup holds a table 'contacts' that is not the one SmartGrowth creates"
    _refused(folder, default, message)
    column = _tampered(
        good, good.with_name("column.zip"), "ALTER TABLE contacts ADD COLUMN shadow TEXT"
    )
    _refused(folder, column, message)


def test_a_backup_missing_one_of_our_indexes_is_refused(backed_up: tuple[Path, Path]) -> None:
    folder, good = backed_up
    evil = _tampered(good, good.with_name("dropped.zip"), "DROP INDEX ix_contacts_review_by")
    _refused(folder, evil, "no index 'ix_contacts_review_by', which SmartGrowth creates")


def test_a_bare_database_with_a_trigger_is_refused(backed_up: tuple[Path, Path]) -> None:
    folder, good = backed_up
    evil = _tampered(good, good.with_name("bare.zip"), PUBLISH_NOTES).with_suffix(".sqlite3")
    _refused(folder, evil, "trigger 'publish_notes'")


def test_a_normal_backup_and_planner_statistics_still_restore(
    backed_up: tuple[Path, Path],
) -> None:
    folder, good = backed_up
    analyzed = _tampered(good, good.with_name("analyzed.zip"), "ANALYZE")  # sqlite_stat1
    report = restore_backup(folder, analyzed)
    assert report.safety_backup is not None and _count(folder) == 2
    restore_backup(folder, report.safety_backup)
    assert _count(folder) == 3
    restore_backup(folder, good)
    assert _count(folder) == 2


def _profile_at(folder: Path, revision: str) -> Path:
    """A profile database made by the migrations up to ``revision`` (an older app)."""
    folder.mkdir(parents=True)
    path = folder / DATABASE_NAME
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            migrate.upgrade_to(conn, revision)
            conn.commit()
    finally:
        engine.dispose()
    return path


def test_a_backup_of_an_older_schema_is_checked_against_its_own_revision(
    tmp_path: Path,
) -> None:
    """A 0001 backup has 0001's tables (foreign keys and all), not today's; it restores
    and is then migrated; a trigger in it is still refused."""
    assert reference_schema("0001_initial") != reference_schema(migrate.HEAD)
    old = tmp_path / "old"
    _profile_at(old, "0001_initial")
    backup = create_backup(old, tmp_path / "old.zip", rotate=False).path
    folder = tmp_path / "profile"
    _fill(folder, contacts=1)
    _refused(folder, _tampered(backup, tmp_path / "old-evil.zip", PUBLISH_NOTES), "trigger")
    report = restore_backup(folder, backup)
    assert report.schema == "0001_initial"
    assert _count(folder) == 0  # opens, migrated to today's schema


def test_references_to_missing_records_are_kept_and_told(tmp_path: Path) -> None:
    """``PRAGMA foreign_key_check`` on a backup from before references were soft."""
    old = tmp_path / "old"
    path = _profile_at(old, "0003_sort_keys")
    with sqlite3.connect(path) as conn:
        columns = "id, family_name, organization_id, emails, phones, languages, tags"
        conn.execute(
            f"INSERT INTO contacts ({columns}, created_at, updated_at) VALUES "
            "('0123456789abcdef0123456789abcdef', 'Trần', 'fedcba9876543210fedcba9876543210',"
            " '[]', '[]', '[]', '[]', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    backup = create_backup(old, tmp_path / "old.zip", rotate=False).path
    folder = tmp_path / "profile"
    _fill(folder, contacts=1)
    report = restore_backup(folder, backup)
    assert report.warnings == [
        "1 row of contacts refers to records not in the backup (kept as they are)"
    ]


def test_normalize_ignores_spacing_case_and_quotes_but_not_literals() -> None:
    assert normalize('CREATE TABLE "Contacts" (\n\t"key" VARCHAR)') == normalize(
        "create table contacts (key varchar)"
    )
    assert normalize("x DEFAULT 'A'") != normalize("x DEFAULT 'a'")
    assert normalize(None) == ""
