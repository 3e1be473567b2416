"""Benchmarks of SmartGrowth Field Desk, run with ``make bench`` (not part of pytest)."""
