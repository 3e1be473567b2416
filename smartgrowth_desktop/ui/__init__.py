"""The desktop face: PySide6 windows over the services (no business rules here)."""
