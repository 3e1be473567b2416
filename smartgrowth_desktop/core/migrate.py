"""Schema migrations with Alembic, run when a profile opens.

Opening an up-to-date profile costs one query: Alembic itself is loaded only when the
database is behind. A database written by a newer version is refused with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, inspect

from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.core.schema_head import HEAD as HEAD
from smartgrowth_desktop.core.schema_head import KNOWN as KNOWN

MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(conn: Connection) -> str | None:
    """The schema revision stored in the database, or None for a new database."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade(conn: Connection, before_change: Callable[[str], object] | None = None) -> None:
    """Bring the database to ``HEAD``; refuse one from a newer version of the app.

    ``before_change(revision)`` runs before an existing profile's schema is changed
    (the database layer backs the profile up there); never on the fast path.
    """
    revision = current_revision(conn)
    if revision == HEAD:
        return
    if revision is not None and revision not in KNOWN:
        raise ProfileError(
            f"this profile was written by a newer version of SmartGrowth Field Desk "
            f"(schema {revision}); install the newer version to open it"
        )
    if revision is None and inspect(conn).get_table_names():
        names = ", ".join(sorted(inspect(conn).get_table_names())[:5])
        raise ProfileError(f"this database is not a SmartGrowth profile (it holds {names})")
    if revision is not None and before_change is not None:
        before_change(revision)
    upgrade_to(conn, "head")


def upgrade_to(conn: Connection, revision: str) -> None:
    """Run the migrations up to ``revision`` (no checks: ``upgrade`` is the way to open)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, revision)
