"""The countries an import may read national phone numbers in, strongest first.

What the card or row itself says comes first (its address, its international numbers),
then its organization (an organization of the profile with that name: its country or
its market's), then its language and the script of the name, last the user's mission
(the one under way today, or else the next one: its markets' countries).
``core/phones.read_phone`` then keeps a number only where it is valid.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from smartgrowth_desktop.core.models import Market, Organization
from smartgrowth_desktop.core.phones import Hint
from smartgrowth_desktop.core.regions import country_code, language_region, script_region
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.services.current_mission import in_connection
from smartgrowth_desktop.services.profile import Profile

ADDRESS, NUMBERS, ORGANIZATION, LANGUAGE, MISSION = range(5)


@dataclass(frozen=True)
class PhoneContext:
    """What the profile knows: organizations' countries (by folded name), the mission's."""

    organizations: Mapping[str, str]
    mission: tuple[Hint, ...] = ()

    def hints(
        self,
        *,
        countries: Iterable[str | None] = (),
        numbers: Iterable[str] = (),
        organization: str | None = None,
        languages: Iterable[str] = (),
        names: Iterable[str | None] = (),
    ) -> list[Hint]:
        """The hints for one card or row, strongest first.

        ``countries``: its addresses' countries (names or codes); ``numbers``: its phone
        texts (the international ones tell their country); ``organization``: its name.
        """
        found = [Hint(c, "address", ADDRESS) for c in _codes(countries)]
        found += [Hint(c, "other numbers", NUMBERS) for c in _number_regions(numbers)]
        region = self.organizations.get(fold(organization)) if organization else None
        if region:
            found.append(Hint(region, "organization", ORGANIZATION))
        found += [Hint(r, "language", LANGUAGE) for r in _present(map(language_region, languages))]
        for name in names:
            script = script_region(name)
            if script is not None:
                found.append(Hint(script[0], script[1], LANGUAGE))
        return [*found, *self.mission]


def _present(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _codes(countries: Iterable[str | None]) -> list[str]:
    return _present(country_code(c) for c in countries)


def _number_regions(numbers: Iterable[str]) -> list[str]:
    import phonenumbers

    regions: list[str | None] = []
    for text in numbers:
        if str(text).strip().startswith("+"):
            try:
                number = phonenumbers.parse(str(text), None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                regions.append(phonenumbers.region_code_for_number(number))
    return _present(regions)


def mission_hints(profile: Profile, today: date | None = None) -> tuple[Hint, ...]:
    """The countries of the mission under way ``today`` (else the next one), as hints."""
    day = today or date.today()
    with profile.database.read() as session:
        mission = in_connection(session.connection(), day)
        if mission is None:
            return ()
        name = mission.name
        ids = [_uuid(i) for i in mission.market_ids]
        countries = session.scalars(
            select(Market.country).where(
                Market.id.in_([i for i in ids if i]), Market.deleted_at.is_(None)
            )
        ).all()
    label = f"mission “{name}”" if name else "mission"
    return tuple(Hint(c, label, MISSION, own=False) for c in _codes(countries))


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def organization_countries(profile: Profile) -> dict[str, str]:
    """Live organizations' countries (their own, else their market's) by folded name
    and folded native name."""
    query = (
        select(Organization.name, Organization.native_name, Organization.country, Market.country)
        .outerjoin(Market, Market.id == Organization.market_id)
        .where(Organization.deleted_at.is_(None))
        .order_by(Organization.created_at)
    )
    found: dict[str, str] = {}
    with profile.database.read() as session:
        for name, native, own, market in session.execute(query):
            for key in (name, native):
                if key and (own or market):
                    found.setdefault(fold(str(key)), str(own or market))
    return found


def phone_context(
    profile: Profile, organizations: Mapping[str, str] | None = None, today: date | None = None
) -> PhoneContext:
    """The context of one import (``organizations`` when the caller already has them)."""
    if organizations is None:
        organizations = organization_countries(profile)
    return PhoneContext(dict(organizations), mission_hints(profile, today))
