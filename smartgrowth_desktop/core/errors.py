"""Domain errors raised by the core and the services; the faces turn them into messages."""

from __future__ import annotations


class SmartGrowthError(Exception):
    """Base of every error a user can be told about plainly."""


class ValidationError(SmartGrowthError):
    """A value a user or a file gave us is not acceptable; ``path`` says which one."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class NotFoundError(SmartGrowthError):
    """A record that was asked for does not exist (or is not of the expected kind)."""


class ProfileError(SmartGrowthError):
    """The profile folder or its database cannot be used (missing, unwritable, locked, newer)."""


class Cancelled(SmartGrowthError):
    """The user stopped a long operation; everything it had done was rolled back."""
