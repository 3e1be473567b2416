"""The three descriptions of a profile agree: the record kinds (core/schema.py), the ORM
models (core/models.py) and the migrations (core/migrations/versions/), and the schema
head the first glance reads (core/schema_head.py) is the migrations' own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Integer,
    String,
    TypeDecorator,
    Uuid,
    create_engine,
)
from sqlalchemy.types import TypeEngine

from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core import migrate, schema_head
from smartgrowth_desktop.core.derived import derived_columns as computed_columns
from smartgrowth_desktop.core.models import RECORD_MODELS, Base, derived_columns
from smartgrowth_desktop.core.schema import KINDS, Field
from smartgrowth_desktop.core.sort_keys import ORGANIZATION_REFERENCES

VERSIONS = migrate.MIGRATIONS / "versions"
#: the search index: an FTS5 table (and its shadow tables) made in SQL by 0001, no model
SEARCH_TABLES = re.compile(r"^search_index(_\w+)?$")
#: the column type a field's type is stored in (the first that fits: subclasses first)
COLUMN_TYPES: tuple[tuple[type[ft.FieldType], type[TypeEngine[Any]]], ...] = (
    (ft.Collection, JSON),
    (ft.Mapping, JSON),
    (ft.Reference, Uuid),
    (ft.Moment, DateTime),
    (ft.Day, Date),
    (ft.Boolean, Boolean),
    (ft.Integer, Integer),
    (ft.FieldType, String),  # text, choices, countries, zones, amounts (Text is a String)
)


@pytest.fixture(scope="module")
def migrated() -> Iterator[Connection]:
    """An empty database migrated to the head, as a new profile is."""
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        migrate.upgrade(conn)
        yield conn
    engine.dispose()


def _not_the_index(obj: Any, name: str | None, kind: str, reflected: bool, _: Any) -> bool:
    table = name if kind == "table" else getattr(getattr(obj, "table", None), "name", None)
    return not (table and SEARCH_TABLES.match(table))


def test_the_migrations_build_the_models(migrated: Connection) -> None:
    """Alembic finds nothing to change between a migrated profile and the models."""
    context = MigrationContext.configure(
        migrated, opts={"compare_type": True, "include_object": _not_the_index}
    )
    assert compare_metadata(context, Base.metadata) == []


def test_references_between_records_are_soft(migrated: Connection) -> None:
    """Migration 0004 took the foreign keys off the record tables, and the models declare
    none: sync may bring a record before the one it points to."""
    for kind in KINDS.values():
        table = RECORD_MODELS[kind.name].__table__
        assert not table.foreign_keys, kind.name
        rows = migrated.exec_driver_sql(f"PRAGMA foreign_key_list({table.name})").all()
        assert rows == [], kind.name
        for spec in kind.fields:
            if isinstance(spec.type, ft.Reference):
                assert table.columns[spec.name].index or spec.name == "owner_id", spec.name


def _column_type(spec: Field) -> type[TypeEngine[Any]]:
    return next(column for field_type, column in COLUMN_TYPES if isinstance(spec.type, field_type))


def _length_needed(spec: Field) -> int:
    if isinstance(spec.type, ft.Choice):
        return max(len(choice) for choice in spec.type.choices)
    return 2 if isinstance(spec.type, ft.Country) else spec.type.max_length


@pytest.mark.parametrize("kind", KINDS)
def test_each_field_has_a_column_of_its_type_and_each_column_a_field(kind: str) -> None:
    spec = KINDS[kind]
    model = RECORD_MODELS[kind]
    columns = model.__table__.columns
    local = derived_columns(model)
    assert {c.name for c in columns} - {"id"} - local == set(spec.by_name), kind
    for field in spec.fields:
        column_type = columns[field.name].type
        if isinstance(column_type, TypeDecorator):
            column_type = column_type.impl_instance
        expected = _column_type(field)
        assert isinstance(column_type, expected), f"{kind}.{field.name}: {column_type!r}"
        length = getattr(column_type, "length", None)
        assert length is None or length >= _length_needed(field), f"{kind}.{field.name}"


def test_the_derived_columns_are_the_ones_computed() -> None:
    """What core/derived.py and core/sort_keys.py fill in is marked DERIVED, and only that."""
    computed: dict[str, set[str]] = {
        kind: set(computed_columns(kind, {})) for kind in ("contact", "organization")
    }
    for kind, _table, _reference, key in ORGANIZATION_REFERENCES:
        computed.setdefault(kind, set()).add(key)
    assert {k: derived_columns(m) for k, m in RECORD_MODELS.items() if derived_columns(m)} == {
        k: frozenset(v) for k, v in computed.items()
    }


_REVISION = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:[\"']([^\"']+)[\"']|None)", re.MULTILINE)


def _chain(folder: Path) -> list[str]:
    """The revisions in order, read from each migration's ``revision =`` and
    ``down_revision =`` lines (one line of history: every revision has one successor)."""
    after: dict[str | None, str] = {}
    for path in sorted(folder.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        assert revision and down, f"{path.name} names no revision or down_revision"
        assert down.group(1) not in after, f"two migrations follow {down.group(1)}"
        after[down.group(1)] = revision.group(1)
    chain, current = [], after.get(None)
    while current is not None:
        chain.append(current)
        current = after.get(current)
    assert len(chain) == len(after), "a migration is not on the line from the first"
    return chain


def test_the_schema_head_is_the_last_migration() -> None:
    chain = _chain(VERSIONS)
    declared = (schema_head.HEAD, schema_head.KNOWN)
    wanted = f"HEAD = {chain[-1]!r}\nKNOWN = {tuple(chain)!r}"
    assert declared == (chain[-1], tuple(chain)), f"core/schema_head.py should say:\n{wanted}"
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == schema_head.HEAD


def test_the_chain_reader_finds_a_new_migration(tmp_path: Path) -> None:
    for path in VERSIONS.glob("*.py"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    head = _chain(VERSIONS)[-1]
    (tmp_path / "9999_next.py").write_text(
        f'revision = "9999_next"\ndown_revision = "{head}"\n', encoding="utf-8"
    )
    assert _chain(tmp_path)[-2:] == [head, "9999_next"]
