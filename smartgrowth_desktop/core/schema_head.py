"""The profile schema revision this version writes, in a module that imports nothing.

The window's first glance at a profile (before SQLAlchemy and Alembic load) only reads
a database whose schema is exactly ``HEAD``; anything else waits for the full open,
which migrates it.
"""

from __future__ import annotations

HEAD = "0004_soft_references"
KNOWN = ("0001_initial", "0002_sync", "0003_sort_keys", "0004_soft_references")
