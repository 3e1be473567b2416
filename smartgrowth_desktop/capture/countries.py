"""The country a card comes from, read from the card itself: its international phone
numbers, its e-mail and web domains, its address, its script. The phone numbers written
nationally (0903 123 456) are then read in that country.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from smartgrowth_desktop.core.names import looks_vietnamese
from smartgrowth_desktop.core.phones import Hint
from smartgrowth_desktop.core.text import cjk_runs

_CALLING = re.compile(r"(?:\+|＋|\b00)\s?(\d{1,3})[\s\-(]")
_DOMAIN = re.compile(r"[a-z0-9-]+\.([a-z]{2})\b(?![.@\w])", re.IGNORECASE)
_TLD = {"uk": "GB"}
_NOT_COUNTRIES = {"CO", "IO", "AI", "ME", "TV", "FM", "ZZ"}  # domains used as words
_PLACES = {
    "VN": re.compile(r"việt\s?nam|viet\s?nam|hồ\s?chí\s?minh|hà\s?nội|đà\s?nẵng|tp\.", re.I),
    "CN": re.compile(r"中国|广州|北京|上海|河北|深圳|china|guangzhou|hebei", re.I),
    "SE": re.compile(r"sverige|sweden|stockholm|göteborg|malmö", re.I),
    "FI": re.compile(r"suomi|finland|helsinki|espoo|tampere|oulu", re.I),
    "EE": re.compile(r"eesti|estonia|tallinn|tartu", re.I),
}


def is_country(code: str) -> bool:
    """True for a two-letter code of a country with phones (phonenumbers' table: no
    locale data needed, unlike ``core/regions.py``, whose babel names the bundle trims)."""
    import phonenumbers

    return len(code) == 2 and phonenumbers.country_code_for_region(code) != 0


def _calling_regions(text: str) -> list[str]:
    import phonenumbers

    found = []
    for code in _CALLING.findall(text):
        for width in (3, 2, 1):  # the longest known calling code that starts the digits
            region = phonenumbers.region_code_for_country_code(int(code[:width]))
            if is_country(region) and len(code) >= width:
                found.append(region)
                break
    return found


def card_hints(lines: Sequence[str]) -> tuple[str | None, list[Hint]]:
    """The card's country (or None) and the hints, strongest first, for its phones."""
    votes: Counter[str] = Counter()
    for line in lines:
        for region in _calling_regions(line):
            votes[region] += 3
        for tld in _DOMAIN.findall(line):
            region = _TLD.get(tld.lower(), tld.upper())
            if region not in _NOT_COUNTRIES and is_country(region):
                votes[region] += 2
        for region, pattern in _PLACES.items():
            if pattern.search(line):
                votes[region] += 2
        if cjk_runs(line):
            votes["CN"] += 1
        elif looks_vietnamese(line):
            votes["VN"] += 1
    if not votes:
        return None, []
    ranked = [region for region, _ in votes.most_common()]
    hints = [Hint(region, "the card", rank) for rank, region in enumerate(ranked[:3])]
    return ranked[0], hints
