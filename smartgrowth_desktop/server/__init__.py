"""The team sync server: a relay that stores changesets and blobs in order, per team.

It authenticates people by token, validates what it is given, and never needs to read the
records inside a changeset (they may be sealed with the team key). Every process is
stateless over one database (SQLite by default, PostgreSQL for a bigger team). It never
imports Qt, the UI or the app's services.
"""
