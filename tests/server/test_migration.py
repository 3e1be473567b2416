"""The server's own migrations on a database written before them: changesets numbered for
the whole server are renumbered per team (in the order they were stored), each team gets
a new epoch, and laptops that synced before neither miss nor fetch anything again."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text

from smartgrowth_desktop.server import auth
from smartgrowth_desktop.server.database import HEAD, MIGRATIONS, current_revision, make_engine
from smartgrowth_desktop.server.schema import metadata
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from tests.server.conftest import Backends
from tests.server.support import ServerProcess
from tests.server.support import auth as bearer
from tests.sync_support import new_profile, tables

NOW = datetime(2026, 11, 30, tzinfo=UTC)


def _held(profile: Profile) -> list[tuple[Any, ...]]:
    """(origin, first, last, tag, data) of every changeset a profile holds, oldest first."""
    with profile.database.connection() as conn:
        rows = conn.exec_driver_sql(
            "SELECT device_id, first_seq, last_seq, body_sha256, data FROM sync_changesets "
            "ORDER BY first_seq"
        ).all()
    return [(r[0], r[1], r[2], r[3][:12], bytes(r[4])) for r in rows]


def _written(profile: Profile, folder: Path, names: list[str]) -> list[tuple[Any, ...]]:
    """One changeset per name (a contact each), cut by a sync to a folder."""
    folder.mkdir()
    for name in names:
        RecordService(profile).create("contact", {"family_name": name})
        assert SyncService(profile).sync_folder(folder).ok
    return _held(profile)


def _old_database(url: str, teams: dict[str, list[tuple[Any, ...]]]) -> dict[str, str]:
    """A database at the first schema (global sequence), the teams' changesets interleaved;
    returns a token per person."""
    engine = make_engine(url)
    tokens = {}
    with engine.connect() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_initial")
        for team_id, name in enumerate(teams, 1):
            conn.execute(
                text("INSERT INTO teams (id, name, created_at) VALUES (:i, :n, :t)"),
                {"i": team_id, "n": name, "t": NOW},
            )
            for person in ("writer", "reader"):
                tokens[f"{name}-{person}"] = token = auth.new_token()
                conn.execute(
                    text(
                        "INSERT INTO users (team_id, name, token_hash, created_at) "
                        "VALUES (:i, :n, :h, :t)"
                    ),
                    {"i": team_id, "n": person, "h": auth.token_hash(token), "t": NOW},
                )
        seq = 0
        for index in range(max(len(h) for h in teams.values())):
            for team_id, held in enumerate(teams.values(), 1):
                if index < len(held):
                    seq += 1
                    _insert(conn, seq, team_id, held[index])
        conn.commit()
    engine.dispose()
    return tokens


def _insert(conn: Any, seq: int, team_id: int, item: tuple[Any, ...]) -> None:
    origin, first, last, tag, data = item
    writer = conn.execute(
        text("SELECT id FROM users WHERE team_id = :i AND name = 'writer'"), {"i": team_id}
    ).scalar_one()
    conn.execute(
        text(
            'INSERT INTO changesets (seq, team_id, origin, "first", "last", tag, size, sha256, '
            "data, uploaded_by, created_at) VALUES (:s, :i, :o, :f, :l, :g, :z, :h, :d, :u, :t)"
        ),
        {
            "s": seq,
            "i": team_id,
            "o": origin,
            "f": first,
            "l": last,
            "g": tag,
            "z": len(data),
            "h": hashlib.sha256(data).hexdigest(),
            "d": data,
            "u": writer,
            "t": NOW,
        },
    )


def test_renumbering_per_team_keeps_every_laptop_in_step(backend: Backends, tmp_path: Path) -> None:
    url = backend.new_url()
    with new_profile(tmp_path / "anna") as anna, new_profile(tmp_path / "chen") as chen:
        held = {
            "hebei": _written(anna, tmp_path / "f-hebei", ["Lý", "Hà", "Tô"]),
            "danang": _written(chen, tmp_path / "f-danang", ["Wu", "Lin"]),
        }
        tokens = _old_database(url, held)
        with ServerProcess(url, tmp_path / "server.log") as running:
            epochs = set()
            for team, items in held.items():
                me = httpx.get(f"{running.url}/v1/me", headers=bearer(tokens[f"{team}-reader"]))
                listing = httpx.get(
                    f"{running.url}/v1/changesets", headers=bearer(tokens[f"{team}-reader"])
                ).json()
                assert [i["seq"] for i in listing["items"]] == list(range(1, len(items) + 1))
                assert [i["first"] for i in listing["items"]] == [i[1] for i in items]
                assert me.json()["latest"] == len(items)
                assert listing["epoch"] == me.json()["epoch"] and len(listing["epoch"]) == 16
                epochs.add(listing["epoch"])
            assert len(epochs) == 2

            for profile, team in ((anna, "hebei"), (chen, "danang")):
                again = SyncService(profile).sync_server(running.url, tokens[f"{team}-writer"])
                assert again.ok and again.published == 0 and again.received == 0
            with new_profile(tmp_path / "binh") as binh:
                fresh = SyncService(binh).sync_server(running.url, tokens["hebei-reader"])
                assert fresh.ok and fresh.applied == 3, fresh.to_json()
                assert tables(binh) == tables(anna)

    engine = make_engine(url)
    with engine.connect() as conn:
        assert current_revision(conn) == HEAD
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        stored = conn.execute(
            text("SELECT stored_bytes FROM users WHERE name = 'writer' ORDER BY team_id")
        ).scalars()
        assert list(stored) == [sum(len(i[4]) for i in h) for h in held.values()]
    engine.dispose()
