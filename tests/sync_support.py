"""Helpers for the sync tests: quick fresh profiles, syncing, comparing what profiles hold."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import text

from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.report import SyncReport

_TEMPLATE: list[Path] = []


def _template() -> Path:
    """An empty, migrated profile database, made once per test process."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="sg-template-"))
        atexit.register(shutil.rmtree, folder, True)
        Profile(folder / "profile").close()
        _TEMPLATE.append(folder / "profile" / DATABASE_NAME)
    return _TEMPLATE[0]


def new_profile(folder: Path, user: str | None = None) -> Profile:
    """A fresh profile in ``folder`` (a copy of the migrated template: no Alembic run)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_template(), folder / DATABASE_NAME)
    profile = Profile(folder)
    if user:
        profile.set_user(user)
    return profile


def sync(profile: Profile, folder: Path, **options: Any) -> SyncReport:
    """Sync ``profile`` with ``folder``; the report must hold no refused file."""
    report = SyncService(profile).sync_folder(folder, **options)
    assert not report.errors, report.errors
    return report


def tables(profile: Profile) -> dict[str, list[tuple[object, ...]]]:
    """Every record table, row by row."""
    with profile.database.connection() as conn:
        return {
            kind.plural: [
                tuple(row)
                for row in conn.execute(
                    text(f"SELECT * FROM {kind.model.__tablename__} ORDER BY id")
                )
            ]
            for kind in KINDS.values()
        }


def conflicts(profile: Profile) -> set[tuple[str, str, frozenset[str]]]:
    """Open conflicts as (record, field, values), comparable between profiles."""
    return {
        (c.record_id, c.field, frozenset(repr(v.value) for v in c.values))
        for c in SyncService(profile).list_conflicts()
    }


def change_count(profile: Profile) -> int:
    with profile.database.connection() as conn:
        return int(conn.execute(text("SELECT count(*) FROM changes")).scalar_one())


def files(folder: Path) -> list[Path]:
    """Every changeset file under ``folder``."""
    return sorted(folder.rglob("*.sgc"))


def replays_alike(profile: Profile, folder: Path) -> None:
    """Feeding ``profile``'s whole log to a fresh profile in ``folder`` gives the same
    records and conflicts (the log is the truth)."""
    from smartgrowth_desktop.core.device import DeviceState
    from smartgrowth_desktop.core.merge import Merger, read_log

    with profile.database.connection() as conn:
        entries = read_log(conn)
    replay = new_profile(folder)
    try:
        with replay.database.connection(immediate=True) as conn:
            Merger(conn, DeviceState.load(conn)).apply(entries)
        assert tables(replay) == tables(profile), "the log replayed gives other records"
        assert conflicts(replay) == conflicts(profile), "the log replayed gives other conflicts"
    finally:
        replay.close()
