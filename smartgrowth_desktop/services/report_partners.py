"""The programme's partner organisations, for the report "per partner".

Each partner (a science park of the consortium) brings the SMEs of its own country:
an SME counts for the partner whose countries hold the SME's country. The names and
countries are this laptop's setting (``local_state`` ``report_partners``, a JSON list);
without one, there is one partner per country of the SMEs on record ("Partner in
Sweden"), to be renamed with ``smartgrowth-cli report partners --set NAME=SE``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from babel import Locale
from sqlalchemy import select

from smartgrowth_desktop.core.device import write_state
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.models import Organization
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.services.profile import Profile

PARTNERS_KEY = "report_partners"
MAX_PARTNERS = 50


@dataclass(frozen=True)
class Partner:
    """A partner organisation and the countries (ISO 3166) of the SMEs it brings."""

    name: str
    countries: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "countries": list(self.countries)}


def country_name(code: str) -> str:
    return str(Locale("en").territories.get(code.upper(), code.upper()))


def partners(profile: Profile) -> list[Partner]:
    """The partners set on this laptop, else one per country of the SMEs on record."""
    stored = profile.settings().get(PARTNERS_KEY)
    if stored:
        try:
            return parse_partners(json.loads(stored))
        except (ValueError, ValidationError):
            pass  # a damaged setting: the defaults below
    with profile.database.read() as session:
        countries = set(
            session.scalars(
                select(Organization.country).where(
                    Organization.deleted_at.is_(None), Organization.kind == "sme"
                )
            )
        )
    return [
        Partner(f"Partner in {country_name(c)}", (c,)) for c in sorted(c for c in countries if c)
    ]


def parse_partners(document: object) -> list[Partner]:
    """Partners from their JSON list, checked (a name once, a country once)."""
    if not isinstance(document, list) or len(document) > MAX_PARTNERS:
        raise ValidationError("partners", f"expected a list of at most {MAX_PARTNERS} partners")
    found: list[Partner] = []
    for n, item in enumerate(document):
        if not isinstance(item, dict):
            raise ValidationError(f"partners[{n}]", "expected a name and countries")
        found.append(_partner(str(item.get("name") or ""), item.get("countries"), n))
    names = [fold(p.name) for p in found]
    countries = [c for p in found for c in p.countries]
    if len(set(names)) < len(names):
        raise ValidationError("partners", "two partners have the same name")
    if len(set(countries)) < len(countries):
        raise ValidationError("partners", "a country belongs to two partners")
    return found


def _partner(name: str, countries: object, n: int) -> Partner:
    name = " ".join(name.split())[:120]
    if not name:
        raise ValidationError(f"partners[{n}].name", "a partner needs a name")
    if not isinstance(countries, list) or not countries:
        raise ValidationError(f"partners[{n}].countries", "a partner needs its countries")
    codes = tuple(str(c).strip().upper() for c in countries)
    for code in codes:
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise ValidationError(f"partners[{n}].countries", f"{code!r} is not a country code")
    return Partner(name, codes)


def parse_assignment(text: str) -> Partner:
    """ "Lindholmen Science Park=SE" (or "=SE,NO") as a partner."""
    name, sep, codes = text.rpartition("=")
    if not sep:
        raise ValidationError("partner", f"{text!r}: write NAME=SE (or NAME=SE,NO)")
    return _partner(name, [c for c in codes.split(",") if c.strip()], 0)


def set_partners(profile: Profile, chosen: list[Partner]) -> list[Partner]:
    """Keep ``chosen`` as this laptop's partners ([] forgets them: the defaults again)."""
    checked = parse_partners([p.to_json() for p in chosen]) if chosen else []
    value = json.dumps([p.to_json() for p in checked], ensure_ascii=False) if checked else ""
    with profile.database.connection(immediate=True) as conn:
        write_state(conn, {PARTNERS_KEY: value})
    return checked


def find_partner(known: list[Partner], wanted: str) -> Partner:
    """The partner named ``wanted`` (any case and accents, or a unique part of its name,
    or one of its country codes), else a ``ValidationError`` listing the partners."""
    key = fold(wanted.strip())
    for matches in (
        [p for p in known if fold(p.name) == key],
        [p for p in known if key.upper() in p.countries],
        [p for p in known if key and key in fold(p.name)],
    ):
        if len(matches) == 1:
            return matches[0]
    names = "; ".join(p.name for p in known) or "none"
    raise ValidationError("partner", f"no single partner matches {wanted!r} (partners: {names})")
