"""The data core: records, database, change log, clock and search. No Qt here."""
