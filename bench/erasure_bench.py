"""Erasing one person on the scale profile (``erase_person``), beside its floor.

A copy of the scale profile; the person is a contact who attended meetings. The figure
is ``erase_contact`` whole, as the window and the CLI run it: the transaction (the
erasure change, the log redacted, rows, held changesets), rewriting the search index so
no term of the person is left in the file, and emptying the write-ahead log, while the
records that name the person elsewhere are found on a thread beside it. For the parts,
the same steps are timed one after the other on a second person first: finding the
mentions (``mentions_ms``), the transaction (``erase_ms``), the index (``index_ms``),
the checkpoint (``checkpoint_ms``); ``sequential_s`` is their sum. The floor is what any
SQLite deletion of one row costs on the same file (``floor_ms``). Goal: the whole ≤ 2 s
(without backups to rewrite: the copy's own, made when it was migrated, are removed).
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
from smartgrowth_desktop.services.erasure import erase_contact
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.subject_access import mentions, needles
from smartgrowth_desktop.sync import redaction
from smartgrowth_desktop.sync.identity import Signer

GOAL_S = 2.0


def _people(folder: Path) -> list[str]:
    """Two contacts who attended meetings (or any two)."""
    with sqlite3.connect(folder / DATABASE_NAME) as conn:
        rows = conn.execute(
            "SELECT DISTINCT c.id FROM contacts c JOIN meetings m ON m.attendee_ids LIKE "
            "'%' || substr(c.id, 1, 8) || '%' WHERE c.deleted_at IS NULL LIMIT 2"
        ).fetchall()
        if len(rows) < 2:
            rows = conn.execute("SELECT id FROM contacts LIMIT 2 OFFSET 5000").fetchall()
    return [str(row[0]) for row in rows]


def _parts(profile: Profile, person: uuid.UUID) -> dict[str, float]:
    """The steps of an erasure one after the other, in milliseconds."""
    card = RecordService(profile).get_wire("contact", person)
    started = time.perf_counter()
    mentions(profile, str(person), needles(card))
    found = time.perf_counter()
    with profile.write() as writer:
        gone = writer.erase("contact", person)
        conn = writer.conn
        redaction.redact_held(conn, writer.state.device_id, Signer.load(conn))
        erasure.unused(conn, gone)
        erased = time.perf_counter()
        erasure.compact(conn)
    indexed = time.perf_counter()
    profile.database.checkpoint()
    done = time.perf_counter()
    marks = {"mentions_ms": found, "erase_ms": erased, "index_ms": indexed}
    marks["checkpoint_ms"] = done
    parts, last = {}, started
    for name, moment in marks.items():
        parts[name], last = round((moment - last) * 1000, 1), moment
    return parts


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
            # a backup made when the copy was migrated: rewriting backups is not the
            # local erasure (its own step, ``core/erasure_backups.py``)
            shutil.rmtree(folder / "backups", ignore_errors=True)
            first, person = (uuid.UUID(hex=h) for h in _people(folder))
            parts = _parts(profile, first)
            log(f"erase_person: contact {person}")
            result = erase_contact(profile, person)
        finally:
            profile.close()
        floor_ms = _floor(folder)
    whole = result.seconds
    return [
        {
            "bench": "erase_person",
            "seconds": round(whole, 3),
            **parts,
            "sequential_s": round(sum(parts.values()) / 1000, 3),
            "mentions": len(result.mentions),
            "floor_ms": round(floor_ms, 2),
            "ratio_to_floor": round(whole * 1000 / max(floor_ms, 0.01), 1),
            "goal_s": GOAL_S,
            "within_goal": whole <= GOAL_S,
        }
    ]
