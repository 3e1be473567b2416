"""Derived sort keys: kept by the writer and the merge, never synced, migrated in place."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from smartgrowth_desktop.core import migrate
from smartgrowth_desktop.core.collation import sort_key as name_key
from smartgrowth_desktop.core.db import DATABASE_NAME, make_engine
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.merge import Merger, read_log
from smartgrowth_desktop.services.interchange import export_document
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService

KEYS = "sort_organization, sort_phone, sort_email"
SORTED = "SELECT family_name FROM contacts WHERE deleted_at IS NULL ORDER BY sort_organization, id"


def names_by_organization(profile: Profile) -> list[str]:
    with profile.database.connection() as conn:
        return [row[0] for row in conn.execute(text(SORTED))]


def keys(profile: Profile, contact: uuid.UUID) -> tuple[object, ...]:
    with profile.database.connection() as conn:
        return tuple(
            conn.execute(
                text(f"SELECT {KEYS} FROM contacts WHERE id = :i"), {"i": contact.hex}
            ).one()
        )


def merge(source: Profile, target: Profile) -> None:
    with source.database.connection() as conn:
        log = read_log(conn)
    with target.database.connection(immediate=True) as conn:
        Merger(conn, DeviceState.load(conn)).apply(log)


@pytest.fixture
def profile(tmp_path: Path):
    opened = Profile(tmp_path / "p")
    yield opened
    opened.close()


def organization(records: RecordService, name: str) -> uuid.UUID:
    return records.create("organization", {"name": name, "kind": "company", "country": "VN"})


def test_renaming_an_organization_resorts_its_contacts(profile: Profile) -> None:
    records = RecordService(profile)
    alpha, beta = organization(records, "Alpha Water"), organization(records, "Beta Grid")
    for name, owner in (("A1", alpha), ("B1", beta), ("A2", alpha), ("B2", beta)):
        records.create("contact", {"family_name": name, "organization_id": str(owner)})
    assert names_by_organization(profile)[:2] in (["A1", "A2"], ["A2", "A1"])
    records.update("organization", alpha, {"name": "Đà Nẵng Transit"})  # folds to "da nang"
    assert set(names_by_organization(profile)[:2]) == {"B1", "B2"}
    records.update("organization", alpha, {"name": "Ánh Sáng"})  # folds to "anh sang"
    assert set(names_by_organization(profile)[:2]) == {"A1", "A2"}


def test_keys_follow_the_contacts_own_fields(profile: Profile) -> None:
    records = RecordService(profile)
    owner = organization(records, "Ông Ích Khiêm Co")
    contact = records.create(
        "contact",
        {
            "family_name": "Lý",
            "phones": ["+84 912 345 678", "+46 70 123 45 67"],
            "emails": ["Thu.Ha@Example.VN"],
        },
    )
    assert keys(profile, contact) == (None, "+84912345678", "thu.ha@example.vn")
    records.update("contact", contact, {"organization_id": str(owner), "emails": []})
    assert keys(profile, contact) == (name_key("Ông Ích Khiêm Co"), "+84912345678", None)
    records.update("contact", contact, {"organization_id": None})
    assert keys(profile, contact)[0] is None


def test_sort_keys_never_enter_the_change_log_nor_exports(profile: Profile) -> None:
    records = RecordService(profile)
    owner = organization(records, "Saigon Water")
    records.create("contact", {"family_name": "Trần", "organization_id": str(owner)})
    records.update("organization", owner, {"name": "Saigon Water Supply"})
    with profile.database.connection() as conn:
        fields = {row[0] for row in conn.execute(text("SELECT DISTINCT field FROM changes"))}
    assert not {f for f in fields if f.startswith("sort_")}
    document = json.dumps(export_document(profile))
    assert "sort_" not in document and "Saigon Water Supply" in document


def test_a_rename_arriving_by_sync_resorts_the_contacts(tmp_path: Path) -> None:
    a, b = Profile(tmp_path / "a"), Profile(tmp_path / "b")
    try:
        on_a = RecordService(a)
        zinc = organization(on_a, "Zinc Labs")
        on_a.create("contact", {"family_name": "Z1", "organization_id": str(zinc)})
        on_b = RecordService(b)
        mekong = organization(on_b, "Mekong")
        on_b.create("contact", {"family_name": "M1", "organization_id": str(mekong)})
        # B gets A's contact and organization (the contact first in the log order or not)
        merge(a, b)
        assert names_by_organization(b) == ["M1", "Z1"]
        on_a.update("organization", zinc, {"name": "Aqua Labs"})
        merge(a, b)
        assert names_by_organization(b) == ["Z1", "M1"]
    finally:
        a.close()
        b.close()


def test_a_contact_moved_by_sync_takes_its_new_organizations_key(tmp_path: Path) -> None:
    a, b = Profile(tmp_path / "a"), Profile(tmp_path / "b")
    try:
        on_a = RecordService(a)
        first = organization(on_a, "Hebei Smart Parks")
        contact = on_a.create("contact", {"family_name": "Wang", "organization_id": str(first)})
        merge(a, b)
        assert keys(b, contact)[0] == name_key("Hebei Smart Parks")
        on_a.update("contact", contact, {"organization_id": str(organization(on_a, "Guangzhou"))})
        merge(a, b)
        assert keys(b, contact)[0] == name_key("Guangzhou")
    finally:
        a.close()
        b.close()


def test_migration_from_0002_adds_and_fills_the_keys(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    folder = tmp_path / "old"
    with Profile(folder) as profile:
        records = RecordService(profile)
        owner = organization(records, "Đồng Nai Ports")
        contact = records.create(
            "contact",
            {
                "family_name": "Phạm",
                "organization_id": str(owner),
                "emails": ["AN@Ports.VN"],
                "phones": ["+84 903 118 427"],
            },
        )
        records.create(
            "lead", {"title": "Pilot", "kind": "pilot", "stage": "identified", "sme_id": str(owner)}
        )
    engine = make_engine(folder / DATABASE_NAME)
    with engine.connect() as conn:
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS))
        config.attributes["connection"] = conn
        command.downgrade(config, "0002_sync")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(folder / DATABASE_NAME) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(contacts)")}
        assert "sort_organization" not in columns
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002_sync",)

    with Profile(folder) as profile:  # opening migrates (a backup is made first)
        assert keys(profile, contact) == (name_key("Đồng Nai Ports"), "+84903118427", "an@ports.vn")
        with profile.database.connection() as conn:
            lead = conn.execute(text("SELECT sort_sme, sort_organization FROM leads")).one()
            plan = conn.execute(text(f"EXPLAIN QUERY PLAN {SORTED} LIMIT 200")).all()
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert tuple(lead) == (name_key("Đồng Nai Ports"), None)
        assert "ix_contacts_sort_organization" in " ".join(str(step) for step in plan)
        assert revision == migrate.HEAD
