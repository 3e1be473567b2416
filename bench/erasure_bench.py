"""Erasing one person on the scale profile (``erase_person``), beside its floor.

A copy of the scale profile; the person is a contact who attended meetings. The figure
is ``erase_contact`` whole, with its parts: finding what names the person elsewhere
(``gather_ms``), the transaction (``erase_ms``: the erasure change, the log redacted,
rows, held changesets), rewriting the search index so no term of the person is left in
the file (``index_ms``) and emptying the write-ahead log (``checkpoint_ms``). The floor
is what any SQLite deletion of one row costs on the same file (``floor_ms``). Goal: the
whole ≤ 2 s.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.timing import log
from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.paths import DATABASE_NAME
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.subject_access import gather
from smartgrowth_desktop.sync import redaction
from smartgrowth_desktop.sync.identity import Signer

GOAL_S = 2.0


def _person(folder: Path) -> str:
    with sqlite3.connect(folder / DATABASE_NAME) as conn:
        row = conn.execute(
            "SELECT c.id FROM contacts c JOIN meetings m ON m.attendee_ids LIKE "
            "'%' || substr(c.id, 1, 8) || '%' WHERE c.deleted_at IS NULL LIMIT 1"
        ).fetchone()
        if row is None:
            row = conn.execute("SELECT id FROM contacts LIMIT 1 OFFSET 5000").fetchone()
    return str(row[0])


def _floor(folder: Path) -> float:
    """One row deleted and committed, with the same pragmas, on the same file."""
    with sqlite3.connect(folder / DATABASE_NAME) as conn:
        conn.execute("PRAGMA secure_delete = ON")
        victim = conn.execute("SELECT id FROM organizations LIMIT 1 OFFSET 3").fetchone()[0]
        start = time.perf_counter()
        conn.execute("DELETE FROM organizations WHERE id = ?", (victim,))
        conn.commit()
        return (time.perf_counter() - start) * 1000


def run(scale_folder: Path) -> list[dict[str, Any]]:
    """The ``erase_person`` figure on a copy of ``scale_folder``."""
    with tempfile.TemporaryDirectory(prefix="sg-erase-") as temp:
        folder = Path(temp) / "profile"
        folder.mkdir()
        shutil.copyfile(scale_folder / DATABASE_NAME, folder / DATABASE_NAME)
        profile = Profile(folder)
        try:
            person = uuid.UUID(hex=_person(folder))
            log(f"erase_person: contact {person}")
            started = time.perf_counter()
            found = gather(profile, person)
            gathered = time.perf_counter()
            with profile.write() as writer:
                gone = writer.erase("contact", person)
                conn = writer.conn
                redaction.redact_held(conn, writer.state.device_id, Signer.load(conn))
                erasure.unused(conn, gone)
            erased = time.perf_counter()
            with profile.database.connection(immediate=True) as conn:
                erasure.compact(conn)
            indexed = time.perf_counter()
            profile.database.checkpoint()
            done = time.perf_counter()
        finally:
            profile.close()
        floor_ms = _floor(folder)
    whole = done - started
    return [
        {
            "bench": "erase_person",
            "seconds": round(whole, 3),
            "gather_ms": round((gathered - started) * 1000, 1),
            "erase_ms": round((erased - gathered) * 1000, 1),
            "index_ms": round((indexed - erased) * 1000, 1),
            "checkpoint_ms": round((done - indexed) * 1000, 1),
            "mentions": len(found.mentions),
            "floor_ms": round(floor_ms, 2),
            "ratio_to_floor": round(whole * 1000 / max(floor_ms, 0.01), 1),
            "goal_s": GOAL_S,
            "within_goal": whole <= GOAL_S,
        }
    ]
