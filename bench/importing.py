"""Figure ``import_contacts``: a 100,000-contact document through the interchange import."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from bench.documents import CONTACT_COLUMNS, contacts_document, raw_rows
from bench.timing import log, seconds, timed_calls
from smartgrowth_desktop.services import interchange
from smartgrowth_desktop.services.profile import Profile

RAW_RUNS = 3


def raw_insert(path: Path, document: dict[str, Any]) -> float:
    """Seconds to insert the document's contacts with one ``executemany`` into a new file.

    The rows are prepared before the clock starts; the plain table has the same columns.
    """
    rows = raw_rows(document)
    columns = ", ".join(CONTACT_COLUMNS)
    marks = ", ".join("?" for _ in CONTACT_COLUMNS)
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"CREATE TABLE contacts ({columns})")
        conn.commit()

        def insert() -> None:
            with conn:
                conn.executemany(f"INSERT INTO contacts ({columns}) VALUES ({marks})", rows)

        elapsed, _ = seconds(insert)
    finally:
        conn.close()
    return elapsed


def app_import(folder: Path, document: dict[str, Any]) -> dict[str, Any]:
    """Import ``document`` into a new profile; total seconds, phases, and what was created.

    The write's seconds are split into those spent in SQLite's statements (``sql_s``: the
    rows, indexes and search index) and the rest (Python: building rows and changes).
    """
    with Profile(folder) as profile:
        phased = timed_calls(interchange, ("plan_import", "apply_plan"))
        statements = timed_calls(Connection, ("exec_driver_sql",))
        with phased as phases, statements as sql:
            elapsed, report = seconds(lambda: interchange.import_document(profile, document))
    return {
        "seconds": elapsed,
        "validate_s": phases.get("plan_import", 0.0),
        "write_s": phases.get("apply_plan", 0.0),
        "sql_s": sql.get("exec_driver_sql", 0.0),
        "created": report.created,
    }


def bench_import(out: Path, count: int) -> dict[str, Any]:
    """The ``import_contacts`` figure, with the raw ``sqlite3`` floor of the same rows."""
    log(f"import: generating a document of {count:,} contacts")
    document = contacts_document(count)
    records = len(document["contacts"]) + len(document["organizations"])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix="import-") as temp:
        log(f"import: raw sqlite3 executemany floor, best of {RAW_RUNS}")
        raw_s = min(raw_insert(Path(temp) / f"raw{n}.sqlite3", document) for n in range(RAW_RUNS))
        log("import: interchange.import_document into an empty profile")
        result = app_import(Path(temp) / "profile", document)
    total = result["seconds"]
    return {
        "bench": "import_contacts",
        "contacts": count,
        "records": records,
        "seconds": round(total, 3),
        "records_per_s": round(records / total),
        "validate_s": round(result["validate_s"], 3),
        "write_s": round(result["write_s"], 3),
        "write_sql_s": round(result["sql_s"], 3),
        "commit_s": round(total - result["validate_s"] - result["write_s"], 3),
        "raw_sqlite_s": round(raw_s, 3),
        "raw_rows_per_s": round(count / raw_s),
        "ratio": round(total / raw_s, 1),
        "created": result["created"],
    }
