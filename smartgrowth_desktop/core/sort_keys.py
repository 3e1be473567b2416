"""Sort keys the lists order by: stored, indexed, derived from fields, never synced.

A list pages through its rows with keyset queries over an index, so whatever it sorts by
must be a stored column: a contact's and an organization's name as the profile's
collation sorts it (``core/collation.py``; the organization's is copied to every contact
and lead pointing to it), a contact's first phone (E.164; one kept as written after
them) and first e-mail (lower case). A change of collation makes the name keys again
(``recompute_name_keys``: local columns, no change to sync). ``derived_columns`` computes
the keys of one record; the two functions below copy an organization's key to the
records that point to it. The writer and the merge call them in the write's
transaction, so a rename re-sorts its contacts.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from smartgrowth_desktop.core.collation import DEFAULT_COLLATION, collation_name
from smartgrowth_desktop.core.collation import sort_key as collation_key
from smartgrowth_desktop.core.phones import sort_key
from smartgrowth_desktop.core.text import fold

if TYPE_CHECKING:  # a search reads display names here without SQLAlchemy
    from sqlalchemy import Connection

CHUNK = 500  # ids per IN (...) statement
#: ``local_state`` key of the profile's collation (Settings; this laptop only, not synced)
COLLATION_KEY = "sort_collation"


def profile_collation(conn: Connection) -> str:
    """The collation this profile's names sort by (``root`` until one is chosen)."""
    row = conn.exec_driver_sql(
        "SELECT value FROM local_state WHERE key = ?", (COLLATION_KEY,)
    ).first()
    return collation_name(row[0] if row else DEFAULT_COLLATION)


def contact_name_key(row: dict[str, Any], collation: str) -> str | None:
    """A contact's name as it sorts: family name (or the romanized, or the native name)
    then given name, under ``collation``."""
    family = row.get("family_name") or row.get("romanized_name") or row.get("native_name")
    return collation_key(f"{family or ''} {row.get('given_name') or ''}", collation)


def organization_name_key(name: Any, collation: str) -> str | None:
    """An organization's name as it sorts under ``collation``."""
    return collation_key(name, collation)


_CONTACT_NAMES = "SELECT id, family_name, given_name, romanized_name, native_name FROM contacts"


def recompute_name_keys(conn: Connection, collation: str) -> None:
    """Make every stored name key again under ``collation`` (and its copies), and remember
    the collation. Derived, local columns only: nothing enters the change log."""
    collation = collation_name(collation)
    rows = conn.exec_driver_sql("SELECT id, name FROM organizations").all()
    updates = [(organization_name_key(name, collation), record_id) for record_id, name in rows]
    if updates:
        conn.exec_driver_sql("UPDATE organizations SET sort_name = ? WHERE id = ?", updates)
    fields = ("family_name", "given_name", "romanized_name", "native_name")
    people = [
        (contact_name_key(dict(zip(fields, rest, strict=True)), collation), record_id)
        for record_id, *rest in conn.exec_driver_sql(_CONTACT_NAMES)
    ]
    if people:
        conn.exec_driver_sql("UPDATE contacts SET sort_name = ? WHERE id = ?", people)
    for _kind, table, ref, key in ORGANIZATION_REFERENCES:
        conn.exec_driver_sql(
            f"UPDATE {table} SET {key} = (SELECT organizations.sort_name FROM organizations "
            f"WHERE organizations.id = {table}.{ref}) WHERE {ref} IS NOT NULL"
        )
    conn.exec_driver_sql(
        "INSERT INTO local_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (COLLATION_KEY, collation),
    )


def name_key(name: Any) -> str | None:
    """A name folded (case, diacritics, đ), or None when empty: the key migration 0003
    stored, before names sorted by a collation."""
    if not isinstance(name, str):
        return None
    return fold(name).strip() or None


def first_phone_key(phones: Any) -> str | None:
    """The first phone number: E.164 as stored; one kept as written (``~0905 888 777``)
    after every read number, by its digits (``~0905888777``); None if none."""
    return sort_key(str(phones[0])) if isinstance(phones, list) and phones else None


def first_email_key(emails: Any) -> str | None:
    """The first e-mail address in lower case, or None."""
    return str(emails[0]).lower() if isinstance(emails, list) and emails else None


#: (kind, table, reference column, column holding a copy of the organization's key)
ORGANIZATION_REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("contact", "contacts", "organization_id", "sort_organization"),
    ("lead", "leads", "sme_id", "sort_sme"),
    ("lead", "leads", "organization_id", "sort_organization"),
)


def reference_fields(kind: str) -> tuple[str, ...]:
    """The fields of ``kind`` that point to an organization whose key a list sorts by."""
    return tuple(ref for k, _table, ref, _key in ORGANIZATION_REFERENCES if k == kind)


_KEY_OF = "(SELECT sort_name FROM organizations WHERE organizations.id = {table}.{ref})"
# rows whose copy is already right are left alone (no needless write, no index churn)
_COPY = "UPDATE {table} SET {key} = {of} WHERE {where} IN ({marks}) AND {key} IS NOT {of}"


def follow_references(
    conn: Connection, kind: str, record_ids: Iterable[uuid.UUID], fields: set[str] | None = None
) -> None:
    """Copy the organization keys into records of ``kind`` (whose ``fields`` changed).

    ``fields`` None means every reference (new records).
    """
    references = [
        (table, ref, key)
        for k, table, ref, key in ORGANIZATION_REFERENCES
        if k == kind and (fields is None or ref in fields)
    ]
    if not references:
        return
    ids = [record_id.hex for record_id in record_ids]
    if not ids:
        return
    for table, ref, key in references:
        _copy(conn, table, ref, key, "id", ids)


def follow_organizations(conn: Connection, organization_ids: Iterable[uuid.UUID]) -> None:
    """Copy the (new) keys of organizations to every record pointing to them."""
    ids = [record_id.hex for record_id in organization_ids]
    for _kind, table, ref, key in ORGANIZATION_REFERENCES:
        _copy(conn, table, ref, key, ref, ids)


def organization_keys(conn: Connection, ids_hex: Iterable[str]) -> dict[str, Any]:
    """The stored sort key of each organization of these ids (hex), by the id's hex."""
    ids = sorted(set(ids_hex))
    found: dict[str, Any] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            f"SELECT id, sort_name FROM organizations WHERE id IN ({marks})", tuple(chunk)
        )
        found.update((record_hex, key) for record_hex, key in rows)
    return found


def _copy(conn: Connection, table: str, ref: str, key: str, where: str, ids: list[str]) -> None:
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        of = _KEY_OF.format(table=table, ref=ref)
        sql = _COPY.format(table=table, key=key, of=of, where=where, marks=marks)
        conn.exec_driver_sql(sql, tuple(chunk))


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
