"""Real orders of work sync with no refused file: through a folder, a bundle, an upgrade.

The same sequence through a team server is in ``tests/server/test_work_orders.py``.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config

from smartgrowth_desktop.core import migrate
from smartgrowth_desktop.core.db import DATABASE_NAME, make_engine
from tests.work_orders import cli, first_round, run_sequence, second_round, synced


def test_edit_then_create_through_a_folder(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    run_sequence(tmp_path, lambda _: ["--folder", str(share)], lambda _: ["--folder", str(share)])


def test_edit_then_create_through_bundles(tmp_path: Path) -> None:
    numbers = itertools.count(1)
    bundles: list[Path] = []

    def send(_: Path) -> list[str]:
        bundles.append(tmp_path / f"from-a-{next(numbers)}.sgbundle")
        return ["--export-bundle", str(bundles[-1])]

    run_sequence(tmp_path, send, lambda _: ["--import-bundle", str(bundles[-1])])


def _as_schema_0003(data_dir: Path) -> None:
    """Turn a profile back into what the first wave wrote (foreign keys on references)."""
    engine = make_engine(data_dir / DATABASE_NAME)
    with engine.connect() as conn:
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS))
        config.attributes["connection"] = conn
        command.downgrade(config, "0003_sort_keys")
        conn.commit()
    engine.dispose()


def test_a_changeset_refused_before_the_upgrade_is_applied_after_it(tmp_path: Path) -> None:
    """B holds the state the first wave left: the changeset refused, A's progress behind it."""
    a, b, share = tmp_path / "a", tmp_path / "b", tmp_path / "share"
    share.mkdir()
    _, lead_one = first_round(a)
    synced(a, ["--folder", str(share)])
    synced(b, ["--folder", str(share)])
    org_two, lead_two = second_round(a, lead_one)
    synced(a, ["--folder", str(share)])
    _as_schema_0003(b)
    with sqlite3.connect(b / DATABASE_NAME) as old:
        assert old.execute("PRAGMA foreign_key_list(leads)").fetchall()
        revision = old.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        held = old.execute("SELECT count(*) FROM sync_changesets").fetchone()[0]
    assert revision == "0003_sort_keys" and held == 1  # A's first; not the second
    report = synced(b, ["--folder", str(share)])
    assert report["applied"] == 1
    assert json.loads(cli(b, "show", "lead", lead_two))["sme_id"] == org_two
    with sqlite3.connect(b / DATABASE_NAME) as new:
        assert new.execute("PRAGMA foreign_key_list(leads)").fetchall() == []
        assert new.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
