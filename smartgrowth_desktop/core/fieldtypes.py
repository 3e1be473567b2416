"""Field types: how a value is checked, written to the change log ("wire" form) and stored.

The wire form is plain JSON (str, int, bool, None, lists); it is what the change log, the
interchange format and sync carry. ``normalize`` accepts what a user or a file may give
(a ``date`` or an ISO string, say) and returns the canonical wire value or raises a
``ValidationError`` naming the field.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from smartgrowth_desktop.core.errors import ValidationError

Wire = Any  # a JSON value

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """NFC-normalize and strip surrounding white space; drop NUL and other controls.

    Tabs and line feeds stay; a carriage return is a control (CRLF becomes LF).
    """
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return _CONTROLS.sub("", value).strip()


def format_datetime(value: datetime) -> str:
    """Canonical wire form of an aware datetime: UTC, seconds or milliseconds."""
    value = value.astimezone(UTC)
    if value.microsecond:
        return value.isoformat(timespec="milliseconds")
    return value.isoformat(timespec="seconds")


@lru_cache(maxsize=4096)
def parse_datetime(value: str) -> datetime:
    """Parse an ISO 8601 datetime that must carry an offset; returns aware UTC."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("needs a UTC offset, e.g. 2026-03-10T09:00:00+07:00")
    parsed = parsed.astimezone(UTC)
    return parsed.replace(microsecond=parsed.microsecond // 1000 * 1000)


@cache
def _countries() -> frozenset[str]:
    from babel import Locale

    territories = Locale("en").territories
    codes = (str(code) for code in territories)
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha())


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


@dataclass(frozen=True)
class FieldType:
    """Text: the base type; subclasses refine checking and storage."""

    max_length: int = 500

    def normalize(self, value: Any, path: str) -> Wire:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValidationError(path, f"expected text, got {type(value).__name__}")
        value = clean_text(value)
        if len(value) > self.max_length:
            raise ValidationError(path, f"longer than {self.max_length} characters")
        return value or None

    def to_db(self, wire: Wire) -> Any:
        return wire

    def to_wire(self, stored: Any) -> Wire:
        return stored

    def from_sql(self, raw: Any) -> Any:
        """The stored value from a plain ``sqlite3`` row, as the ORM's column type gives it
        (``core/wire.py`` reads records without the ORM; a test compares the two)."""
        return raw


@dataclass(frozen=True)
class Choice(FieldType):
    choices: tuple[str, ...] = ()

    def normalize(self, value: Any, path: str) -> Wire:
        value = super().normalize(value, path)
        if value is not None and value not in self.choices:
            raise ValidationError(path, f"must be one of {', '.join(self.choices)}")
        return value


@dataclass(frozen=True)
class Country(FieldType):
    def normalize(self, value: Any, path: str) -> Wire:
        value = super().normalize(value, path)
        if value is None:
            return None
        if value.upper() not in _countries():
            raise ValidationError(path, f"{value!r} is not an ISO 3166 country code (e.g. VN)")
        return value.upper()


@dataclass(frozen=True)
class TimeZone(FieldType):
    def normalize(self, value: Any, path: str) -> Wire:
        value = super().normalize(value, path)
        if value is None:
            return None
        if value not in _zones():
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValidationError(path, f"{value!r} is not an IANA time zone") from None
        return value


@dataclass(frozen=True)
class Email(FieldType):
    max_length: int = 254

    def normalize(self, value: Any, path: str) -> Wire:
        value = super().normalize(value, path)
        if value is not None and not _EMAIL.match(value):
            raise ValidationError(path, f"{value!r} is not an e-mail address")
        return value


@dataclass(frozen=True)
class Phone(FieldType):
    """A phone number, stored in E.164 (``;ext=`` for an extension); national numbers need
    ``region`` to be read. ``~`` and a text is a number kept as written (``core/phones``)."""

    max_length: int = 40

    def normalize(self, value: Any, path: str, region: str | None = None) -> Wire:
        import phonenumbers

        from smartgrowth_desktop.core import phones

        if isinstance(value, str) and phones.is_as_written(value.strip()):
            return phones.check_as_written(clean_text(value), path)
        value = super().normalize(value, path)
        if value is None:
            return None
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            raise ValidationError(
                path, f"{value!r} is not a phone number (give it as +country number)"
            ) from None
        if not phonenumbers.is_possible_number(number):
            raise ValidationError(path, f"{value!r} is not a possible phone number")
        return phones.to_wire(number)


@dataclass(frozen=True)
class Boolean(FieldType):
    def from_sql(self, raw: Any) -> Any:
        return None if raw is None else bool(raw)

    def normalize(self, value: Any, path: str) -> Wire:
        if value is None or isinstance(value, bool):
            return value
        raise ValidationError(path, "expected true or false")


@dataclass(frozen=True)
class Integer(FieldType):
    minimum: int = 0
    maximum: int = 2**53

    def normalize(self, value: Any, path: str) -> Wire:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(path, "expected a whole number")
        if not self.minimum <= value <= self.maximum:
            raise ValidationError(path, f"must be between {self.minimum} and {self.maximum}")
        return value


@dataclass(frozen=True)
class Money(FieldType):
    """A decimal amount, carried as a string so no precision is lost."""

    def normalize(self, value: Any, path: str) -> Wire:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise ValidationError(path, "expected an amount")
        try:
            amount = Decimal(str(value).strip().replace(",", "").replace(" ", ""))
        except InvalidOperation:
            raise ValidationError(path, f"{value!r} is not an amount") from None
        if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 15:
            raise ValidationError(path, "must be a positive amount below 10^15")
        return str(amount.quantize(Decimal("0.01")))


@dataclass(frozen=True)
class Day(FieldType):
    def from_sql(self, raw: Any) -> Any:
        return None if raw is None else date.fromisoformat(raw)

    def normalize(self, value: Any, path: str) -> Wire:
        if value is None:
            return None
        if isinstance(value, datetime):
            raise ValidationError(path, "expected a date, not a date and time")
        if isinstance(value, date):
            return value.isoformat()
        if not isinstance(value, str):
            raise ValidationError(path, "expected a date (YYYY-MM-DD)")
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise ValidationError(path, f"{value!r} is not a date (YYYY-MM-DD)") from None

    def to_db(self, wire: Wire) -> Any:
        return None if wire is None else date.fromisoformat(wire)

    def to_wire(self, stored: Any) -> Wire:
        return None if stored is None else stored.isoformat()


@dataclass(frozen=True)
class Moment(FieldType):
    """A point in time; must carry an offset; stored and carried in UTC."""

    def from_sql(self, raw: Any) -> Any:
        return None if raw is None else datetime.fromisoformat(raw)  # naive UTC

    def normalize(self, value: Any, path: str) -> Wire:
        if value is None:
            return None
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValidationError(path, "a date and time needs its time zone")
            return format_datetime(value)
        if not isinstance(value, str):
            raise ValidationError(path, "expected a date and time (ISO 8601 with offset)")
        try:
            return format_datetime(parse_datetime(value.strip()))
        except ValueError as exc:
            raise ValidationError(path, f"{value!r} is not a date and time: {exc}") from None

    def to_db(self, wire: Wire) -> Any:
        return None if wire is None else parse_datetime(wire)

    def to_wire(self, stored: Any) -> Wire:
        if stored is None:
            return None
        if stored.tzinfo is None:
            stored = stored.replace(tzinfo=UTC)
        return format_datetime(stored)


@dataclass(frozen=True)
class Reference(FieldType):
    """The id of another record of ``kind``."""

    kind: str = ""

    def from_sql(self, raw: Any) -> Any:
        return None if raw is None else uuid.UUID(raw)

    def normalize(self, value: Any, path: str) -> Wire:
        if value is None:
            return None
        if isinstance(value, uuid.UUID):
            return str(value)
        if not isinstance(value, str):
            raise ValidationError(path, f"expected the id of a {self.kind}")
        try:
            return str(uuid.UUID(value.strip()))
        except ValueError:
            raise ValidationError(path, f"{value!r} is not a record id (UUID)") from None

    def to_db(self, wire: Wire) -> Any:
        return None if wire is None else uuid.UUID(wire)

    def to_wire(self, stored: Any) -> Wire:
        return None if stored is None else str(stored)


@dataclass(frozen=True)
class Mapping(FieldType):
    """A JSON object kept as it is (unknown fields from newer versions)."""

    def from_sql(self, raw: Any) -> Any:
        return None if raw is None else json.loads(raw)

    def normalize(self, value: Any, path: str) -> Wire:
        if value is None or value == {}:
            return None
        if not isinstance(value, dict):
            raise ValidationError(path, "expected an object")
        return value


@dataclass(frozen=True)
class Collection(FieldType):
    """A set of elements with a stable order (a list column; merges as a set).

    Each element is identified by a key (case-folded text, an E.164 number, an id);
    two elements with one key are one element.
    """

    element: FieldType = FieldType()
    max_items: int = 500

    def from_sql(self, raw: Any) -> Any:
        return None if raw is None else json.loads(raw)

    def normalize(self, value: Any, path: str) -> Wire:
        if value is None:
            return []
        if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
            raise ValidationError(path, "expected a list")
        if len(value) > self.max_items:
            raise ValidationError(path, f"more than {self.max_items} items")
        result: list[Wire] = []
        seen: set[str] = set()
        for index, item in enumerate(value):
            item = self.element.normalize(item, f"{path}[{index}]")
            if item is None:
                continue
            key = self.key_of(item)
            if key not in seen:
                seen.add(key)
                result.append(item)
        return result

    def key_of(self, item: Wire) -> str:
        """The identity of one element."""
        return str(item).casefold()

    def to_db(self, wire: Wire) -> Any:
        return list(wire or [])

    def to_wire(self, stored: Any) -> Wire:
        return list(stored or [])


TEXT = FieldType()
NAME = FieldType(max_length=300)
LONG_TEXT = FieldType(max_length=200_000)
