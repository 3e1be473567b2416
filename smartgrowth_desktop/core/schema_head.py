"""The profile schema revision this version writes, in a module that imports nothing.

The window's first glance at a profile (before SQLAlchemy and Alembic load) only reads
a database whose schema is exactly ``HEAD``; anything else waits for the full open,
which migrates it.

Constants, not read from ``core/migrations/versions/`` at start-up: the glance runs before
the first frame, where reading and scanning a file per migration (from wherever the app
is installed) would cost time on every start, for a fact that changes only with a new
migration. ``tests/test_schema_models.py`` derives both from the migrations' ``revision``
and ``down_revision`` lines (and asks Alembic) and fails, naming the values to write
here, when a migration is added and these are not.
"""

from __future__ import annotations

HEAD = "0007_search_prefixes"
KNOWN = (
    "0001_initial",
    "0002_sync",
    "0003_sort_keys",
    "0004_soft_references",
    "0005_collation_keys",
    "0006_search_shards",
    "0007_search_prefixes",
)
