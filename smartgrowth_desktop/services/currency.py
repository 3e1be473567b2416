"""One reporting currency: lead values converted with a rate table the user keeps.

A rate says ``1 base = rate quote`` on a date, from a source. A conversion follows the
table from one currency to another (directly, inverted, or through other currencies:
SEK → EUR → USD → VND) and names every rate it used; a pair the table cannot join is
said ("no SEK→VND rate"), never guessed. The app ships a default table (ECB reference
rates, and the State Bank of Vietnam's rate for VND) in ``resources/rates/``; the user's
own table and reporting currency are this laptop's settings (``local_state``, not
synced), like the home time zone. Qt-free.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from smartgrowth_desktop import shipped
from smartgrowth_desktop.core.device import write_state
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.profile import Profile

RATES_KEY = "currency_rates"  # local_state: the user's table as JSON ('' or absent: shipped)
REPORTING_KEY = "reporting_currency"
DEFAULT_REPORTING = "EUR"
PROGRAMME_CURRENCIES = ("EUR", "CNY", "VND", "SEK")
MAX_RATES = 200


@dataclass(frozen=True)
class Rate:
    """``1 base = rate quote``, as of ``on``, said by ``source``."""

    base: str
    quote: str
    rate: Decimal
    on: date
    source: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "base": self.base,
            "quote": self.quote,
            "rate": str(self.rate),
            "date": self.on.isoformat(),
            "source": self.source,
        }

    def said(self) -> str:
        """ "1 EUR = 10.988 SEK (2025-10-06)"."""
        return f"1 {self.base} = {self.rate:f} {self.quote} ({self.on.isoformat()})"


@dataclass(frozen=True)
class Conversion:
    """An amount in the reporting currency, or why there is none."""

    value: Decimal | None
    currency: str
    rates: tuple[Rate, ...] = ()
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class RateTable:
    """The rates in force and where they come from (``shipped``: the default table)."""

    rates: tuple[Rate, ...]
    shipped: bool = False
    note: str = ""

    def convert(self, amount: Decimal | None, currency: str | None, to: str) -> Conversion:
        """``amount`` of ``currency`` in ``to``; a missing value or rate is said."""
        to = to.upper()
        if amount is None:
            return Conversion(None, to, problem="no value")
        source = (currency or "").strip().upper()
        if not source:
            return Conversion(None, to, problem="no currency")
        path = self.path(source, to)
        if path is None:
            return Conversion(None, to, problem=f"no {source}→{to} rate")
        value = amount
        for rate, forward in path:
            value = value * rate.rate if forward else value / rate.rate
        return Conversion(value, to, tuple(rate for rate, _ in path))

    def path(self, source: str, target: str) -> list[tuple[Rate, bool]] | None:
        """The fewest rates that lead from ``source`` to ``target`` (``[]`` for the same
        currency); each with True when used as written, False when inverted."""
        if source == target:
            return []
        steps: dict[str, list[tuple[str, Rate, bool]]] = {}
        for rate in self.rates:
            steps.setdefault(rate.base, []).append((rate.quote, rate, True))
            steps.setdefault(rate.quote, []).append((rate.base, rate, False))
        came: dict[str, tuple[str, Rate, bool]] = {}
        queue, seen = deque([source]), {source}
        while queue:
            here = queue.popleft()
            for there, rate, forward in steps.get(here, []):
                if there in seen:
                    continue
                seen.add(there)
                came[there] = (here, rate, forward)
                if there == target:
                    return _walk_back(came, source, target)
                queue.append(there)
        return None

    def currencies(self) -> list[str]:
        """Every currency the table names, the programme's first."""
        named = {c for r in self.rates for c in (r.base, r.quote)}
        named.update(PROGRAMME_CURRENCIES)
        return sorted(named, key=lambda c: (c not in PROGRAMME_CURRENCIES, c))

    def oldest(self) -> date | None:
        return min((r.on for r in self.rates), default=None)


def _walk_back(
    came: dict[str, tuple[str, Rate, bool]], source: str, target: str
) -> list[tuple[Rate, bool]]:
    path: list[tuple[Rate, bool]] = []
    here = target
    while here != source:
        before, rate, forward = came[here]
        path.append((rate, forward))
        here = before
    return path[::-1]


def parse_amount(value: object) -> Decimal | None:
    """A lead's value as a number, or None (empty, not a number, not finite)."""
    if value is None:
        return None
    text = str(value).strip().replace(",", "").replace(" ", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_rates(document: object, where: str = "rates") -> tuple[Rate, ...]:
    """The rates of a table document (a list of rate objects), checked one by one."""
    if not isinstance(document, list):
        raise ValidationError(where, "expected a list of rates")
    if len(document) > MAX_RATES:
        raise ValidationError(where, f"more than {MAX_RATES} rates")
    return tuple(parse_rate(item, f"{where}[{n}]") for n, item in enumerate(document))


def parse_rate(item: object, where: str) -> Rate:
    """One rate object (base, quote, rate, date, source), checked; errors name ``where``."""
    if not isinstance(item, dict):
        raise ValidationError(where, "expected an object with base, quote, rate and date")
    base, quote = (_code(item.get(k), f"{where}.{k}") for k in ("base", "quote"))
    if base == quote:
        raise ValidationError(where, f"a rate from {base} to itself")
    amount = parse_amount(item.get("rate"))
    if amount is None or amount <= 0:
        raise ValidationError(f"{where}.rate", f"{item.get('rate')!r} is not a positive number")
    try:
        on = date.fromisoformat(str(item.get("date", "")))
    except ValueError:
        raise ValidationError(f"{where}.date", "expected a date as YYYY-MM-DD") from None
    source = str(item.get("source") or "")[:200]
    return Rate(base, quote, amount, on, source)


def _code(value: object, where: str) -> str:
    code = str(value or "").strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValidationError(where, f"{value!r} is not a three-letter currency code")
    return code


def shipped_table() -> RateTable:
    """The default table shipped in ``resources/rates/default-rates.json``."""
    path = shipped.resource_path("rates", "default-rates.json")
    if path is None:
        return RateTable((), shipped=True, note="the shipped rate table is missing")
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    return RateTable(parse_rates(document["rates"]), shipped=True, note=document.get("note", ""))


class CurrencySettings:
    """The reporting currency and the rate table of this laptop (not synced)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def reporting_currency(self) -> str:
        code = self.profile.settings().get(REPORTING_KEY) or DEFAULT_REPORTING
        return code.upper()

    def set_reporting_currency(self, code: str) -> str:
        checked = _code(code, "reporting currency")
        self._store({REPORTING_KEY: checked})
        return checked

    def table(self) -> RateTable:
        """The user's table if they have one, else the shipped one."""
        stored = self.profile.settings().get(RATES_KEY)
        if not stored:
            return shipped_table()
        try:
            return RateTable(parse_rates(json.loads(stored)))
        except (ValueError, ValidationError):
            return shipped_table()  # a damaged setting: the defaults, never a guess

    def set_rates(self, rates: list[Rate] | tuple[Rate, ...]) -> RateTable:
        """Keep ``rates`` as this laptop's table (checked as a file's would be)."""
        checked = parse_rates([r.to_json() for r in rates])
        self._store({RATES_KEY: json.dumps([r.to_json() for r in checked])})
        return RateTable(checked)

    def add_rate(self, rate: Rate) -> RateTable:
        """Add (or replace, for the same pair) one rate."""
        kept = [r for r in self.table().rates if {r.base, r.quote} != {rate.base, rate.quote}]
        return self.set_rates([*kept, rate])

    def reset(self) -> RateTable:
        """Forget the user's table: the shipped one is in force again."""
        self._store({RATES_KEY: ""})
        return shipped_table()

    def _store(self, values: dict[str, str]) -> None:
        with self.profile.database.connection(immediate=True) as conn:
            write_state(conn, values)


def factors(table: RateTable, to: str) -> tuple[tuple[str, float], ...]:
    """Each currency the table can convert into ``to``, with its factor (for SQL sorts)."""
    found = []
    for code in table.currencies():
        converted = table.convert(Decimal(1), code, to)
        if converted.value is not None:
            found.append((code, float(converted.value)))
    return tuple(found)


@dataclass(frozen=True)
class Reporting:
    """What a view needs to show values converted: the currency and the table."""

    currency: str
    table: RateTable

    def convert(self, amount: Decimal | None, currency: str | None) -> Conversion:
        return self.table.convert(amount, currency, self.currency)


def reporting(profile: Profile) -> Reporting:
    """This laptop's reporting currency and rate table (read in a worker)."""
    settings = CurrencySettings(profile)
    return Reporting(settings.reporting_currency(), settings.table())


def rates_note(found: Reporting) -> str:
    """How values are converted, for a printed page: the currency, each rate with its date
    and source, and whether the table is the shipped one."""
    if not found.table.rates:
        return f"Values in {found.currency}: no exchange rates are set."
    by_source: dict[str, list[str]] = {}
    for rate in found.table.rates:
        by_source.setdefault(rate.source or "entered in Settings", []).append(rate.said())
    sources = "; ".join(f"{', '.join(r)}: {s}" for s, r in by_source.items())
    whose = "the rates shipped with the app" if found.table.shipped else "this laptop's rates"
    return f"Values converted to {found.currency} with {whose}: {sources}."
