"""The bulk import writes what writing record by record wrote: the same rows in every
table and the same change-log entries (whatever their order), and refuses a document
with one bad row whole."""

from __future__ import annotations

import copy
import gc
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from smartgrowth_desktop.core import bulk_rows, rules
from smartgrowth_desktop.core.bulk_rows import row_plan
from smartgrowth_desktop.core.derived import derived_columns
from smartgrowth_desktop.core.errors import Cancelled, ValidationError
from smartgrowth_desktop.core.fieldtypes import Collection
from smartgrowth_desktop.core.schema import KINDS, Kind
from smartgrowth_desktop.core.search import every_row_sql
from smartgrowth_desktop.core.sort_keys import ORGANIZATION_REFERENCES
from smartgrowth_desktop.core.writer import _insert_plan, db_values, table_of, wire_row
from smartgrowth_desktop.exchange.interchange import plan_import
from smartgrowth_desktop.services import interchange
from smartgrowth_desktop.services.profile import Profile

ORG = "6f1c0000-0000-4000-8000-000000000001"
#: columns that differ between two writes by nature (the moment and the writer's dots)
VOLATILE = {"seq", "hlc", "device_idx", "id"}
CONTACTS = table_of(KINDS["contact"])


def _contact(number: int, **values: Any) -> dict[str, Any]:
    return {"id": str(uuid.UUID(int=number + 1, version=4)), "organization_id": ORG, **values}


def _document() -> dict[str, Any]:
    contacts = [
        _contact(0, family_name="Nguyễn", given_name="Thị Minh Khai", phones=["+84 912 345 678"],
                 emails=["NTMKhai@dost.example"], tags=["smart city", "Smart City"]),
        _contact(1, family_name="Nguyen", given_name="Thi Minh Khai", phones=["+84912345678"],
                 emails=["ntmkhai@dost.example"], tags=["smart city"]),  # the same person
        _contact(2, native_name="李小龍", wechat="wx_li", languages=["zh", "en"],
                 phones=["+86 138 0013 8000", "+8613800138000"]),
        _contact(3, native_name="王伟", family_name="Wang", given_name="Wei",
                 name_order="family_first", title="Director", legal_basis="consent"),
        _contact(4, family_name="Åström", given_name="Anna", phones=["~0903 12 34 56"],
                 notes="line one\nline two", title="Director", created_at="2026-01-02T03:04:05Z",
                 updated_at="2026-01-03T03:04:05+07:00"),
        _contact(5, family_name="Tamm", given_name="Jüri", emails=[], tags=[], zalo="0903"),
        _contact(6, given_name="Lan", unknown_field={"kept": True}),
    ]  # fmt: skip
    organization = {"id": ORG, "name": "Sở Khoa học và Công nghệ Đà Nẵng", "kind": "agency",
                    "country": "VN", "native_name": "广州市科技局"}  # fmt: skip
    return {"format": "smartgrowth/1", "organizations": [organization], "contacts": contacts}


def _record_by_record(profile: Profile, document: dict[str, Any]) -> None:
    """The earlier way: each record normalized alone and created by its own write."""
    for planned in plan_import(copy.deepcopy(document), []):
        raw = next(
            item
            for array in ("organizations", "contacts")
            for item in document[array]
            if item["id"] == str(planned.record_id)
        )
        known = {k: v for k, v in raw.items() if k in planned.kind.by_name and k != "extra"}
        values = rules.normalize(planned.kind, known, None, planned.path)
        values["extra"] = planned.values.get("extra")
        for name in ("created_at", "updated_at"):
            if values.get(name) is None:
                values.pop(name, None)
        with profile.write() as writer:
            writer.create(planned.kind.name, values, planned.record_id)


def _tables(profile: Profile) -> dict[str, Any]:
    """Every record table's rows and the change log's entries, order-free, moments out."""
    out: dict[str, Any] = {}
    with profile.database.connection() as conn:
        for kind in KINDS.values():
            table = kind.model.__tablename__
            rows = conn.exec_driver_sql(f"SELECT * FROM {table}").mappings().all()
            out[table] = sorted(
                repr(
                    sorted((k, v) for k, v in row.items() if k not in {"created_at", "updated_at"})
                )
                for row in rows
            )
        changes = conn.exec_driver_sql("SELECT * FROM changes").mappings().all()
        out["changes"] = sorted(
            repr(sorted((k, v) for k, v in row.items() if k not in VOLATILE))
            for row in changes
            if row["field"] not in {"created_at", "updated_at"}
        )
        out["stamped"] = sorted(
            (row["record_id"], row["field"]) for row in changes
        )  # every record's moments are logged too
        search = conn.exec_driver_sql(f"SELECT record_id, title, body FROM ({every_row_sql()})")
        out["search"] = sorted(tuple(row) for row in search)
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    base = tmp_path_factory.mktemp("bulk-import")
    with Profile(base / "bulk") as bulk:
        interchange.import_document(bulk, _document())
        fast = _tables(bulk)
    with Profile(base / "one") as one:
        _record_by_record(one, _document())
        slow = _tables(one)
    return fast, slow


def test_the_same_rows_and_change_log_as_record_by_record(
    both: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    fast, slow = both
    assert len(fast["contacts"]) == 7 and len(fast["changes"]) > 40
    for table in fast:
        assert fast[table] == slow[table], table


def test_one_bad_row_refuses_the_whole_document(tmp_path: Path) -> None:
    for bad in ({"phones": ["call me"]}, {"emails": ["not an address"]}, {"id": "nope"}):
        document = _document()
        document["contacts"].insert(4, _contact(40, family_name="Bad", **bad))
        with Profile(tmp_path / str(len(str(bad)))) as profile:
            with pytest.raises(ValidationError) as refused:
                interchange.import_document(profile, document)
            assert refused.value.path.startswith("$.contacts[4]")
            tables = _tables(profile)
        assert not tables["contacts"] and not tables["changes"] and not tables["search"]
    twice = _document()
    twice["contacts"].append(dict(twice["contacts"][0]))  # one id twice in the file
    with Profile(tmp_path / "twice") as profile, pytest.raises(ValidationError) as refused:
        interchange.import_document(profile, twice)
    assert "appears twice" in refused.value.message


def test_a_big_plan_writes_the_same_with_a_bigger_cache_then_gives_it_back(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    both: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    monkeypatch.setattr(interchange, "BIG_PLAN", 1)  # this small document counts as big
    with Profile(tmp_path / "big") as profile:
        interchange.import_document(profile, _document())
        assert _tables(profile) == both[1]
        with profile.database.connection() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -8192


def _indexes(profile: Profile) -> list[tuple[str, str]]:
    with profile.database.connection() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        )
        return [tuple(row) for row in rows]


def test_a_big_load_builds_the_sort_indexes_at_the_end_the_same(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    both: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    monkeypatch.setattr(bulk_rows, "BIG_LOAD", 1)  # this small document counts as big
    with Profile(tmp_path / "empty") as empty:
        before = _indexes(empty)
    with Profile(tmp_path / "big") as profile:
        with profile.database.connection() as conn:
            left_out = {name for name, _sql in bulk_rows.sort_indexes(conn, CONTACTS)}
        assert left_out == {"ix_contacts_sort_name", "ix_contacts_sort_organization",
                            "ix_contacts_sort_phone", "ix_contacts_sort_email"}  # fmt: skip
        interchange.import_document(profile, _document())
        assert _tables(profile) == both[1]
        assert _indexes(profile) == before
        with profile.database.connection() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # a load smaller than the table (7 contacts) leaves the indexes where they are
        with profile.database.connection() as conn:
            with bulk_rows.sort_indexes_rebuilt(conn, CONTACTS, 6):
                assert _index_names(conn) >= left_out
            with bulk_rows.sort_indexes_rebuilt(conn, CONTACTS, 7):
                assert not _index_names(conn) & left_out
            assert _index_names(conn) >= left_out


def _index_names(conn: Any) -> set[str]:
    return set(
        conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'").scalars()
    )


def test_a_cancelled_big_load_keeps_its_sort_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_rows, "BIG_LOAD", 1)
    monkeypatch.setattr(interchange, "CREATE_CHUNK", 2)

    def cancel(done: int, total: int) -> None:
        if done > 4:
            raise Cancelled("stop")

    with Profile(tmp_path / "cancelled") as profile:
        before = _indexes(profile)
        with pytest.raises(Cancelled):
            interchange.import_document(profile, _document(), progress=cancel)
        assert _indexes(profile) == before
        tables = _tables(profile)
    assert not tables["contacts"] and not tables["changes"] and not tables["search"]


def _by_insert_rows(
    conn: Any, kind: Kind, full: dict[str, Any], record_id: uuid.UUID, keys: dict[str, Any]
) -> dict[str, Any]:
    """A new record's parameters the way ``db_values`` and ``insert_rows`` build them."""
    row = db_values(kind, full)
    row.update(derived_columns(kind.name, full), id=record_id)
    for k, _table, ref, key in ORGANIZATION_REFERENCES:
        if k == kind.name:
            target = row.get(ref)
            row[key] = keys.get(target.hex) if isinstance(target, uuid.UUID) else None
    _sql, names, bound = _insert_plan(conn.dialect, table_of(kind))
    values = [row.get(name) for name in names]
    for index, process in bound:
        if values[index] is not None:
            values[index] = process(values[index])
    return dict(zip(names, values, strict=True))


def _emptied(kind: Kind, full: dict[str, Any]) -> dict[str, Any]:
    """A record with every optional field empty."""
    return {
        f.name: full[f.name] if f.required else [] if isinstance(f.type, Collection) else None
        for f in kind.fields
    }


def test_bulk_rows_are_the_parameters_insert_rows_gave(demo_profile_dir: Path) -> None:
    """Every record of the demo programme (every kind: lists, dates, references, empty
    fields), and a few of each with their optional fields emptied."""
    with Profile(demo_profile_dir) as profile, profile.database.connection() as conn:
        for kind in KINDS.values():
            table = table_of(kind)
            stored = [(row.id, wire_row(kind, row)) for row in conn.execute(select(table))]
            assert stored or kind.name == "attachment", kind.name
            stored += [(record_id, _emptied(kind, full)) for record_id, full in stored[:3]]
            plan = row_plan(conn.dialect, table, kind.name)
            keys = plan.keys(conn, [full for _id, full in stored])
            for record_id, full in stored:
                derived = derived_columns(kind.name, full)
                params = plan.row(full, derived, record_id, keys)
                ours = dict(zip(plan.columns, params, strict=True))
                assert ours == _by_insert_rows(conn, kind, full, record_id, keys), kind.name


def test_an_import_gives_the_garbage_collector_back_as_it_was(tmp_path: Path) -> None:
    """Enabled (the CLI) or disabled (the desktop app collects on its GUI thread)."""
    bad = _document()
    bad["contacts"][0]["phones"] = ["call me"]
    was_enabled = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            with Profile(tmp_path / str(enabled)) as profile:
                interchange.import_document(profile, _document())
                assert gc.isenabled() is enabled
                with pytest.raises(ValidationError):
                    interchange.import_document(profile, bad)
                assert gc.isenabled() is enabled
    finally:
        gc.enable() if was_enabled else gc.disable()
