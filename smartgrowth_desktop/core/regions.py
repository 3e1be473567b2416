"""What a country name, a language or a name's script says about where a person lives.

Used to decide the country a national phone number is read in (``core/phones.py``): an
address's country ("Việt Nam", "中国", "Kina", "VN"), a card's language ("vi",
"zh-Hans-CN", "Vietnamese") and the script of a name (Vietnamese letters, Chinese
characters). Each gives an ISO 3166 code, or None when it says nothing.
"""

from __future__ import annotations

import re
from functools import cache

from smartgrowth_desktop.core.text import cjk_runs, fold

#: the locales a country may be written in on a card of the programme
_NAME_LOCALES = ("en", "vi", "zh", "zh_Hant", "sv", "fi", "et")
_ALIASES = {
    "prc": "CN",
    "prchina": "CN",
    "peoplesrepublicofchina": "CN",
    "mainlandchina": "CN",
    "zhongguo": "CN",
    "vietnam": "VN",
    "socialistrepublicofvietnam": "VN",
}
#: languages spoken mostly in one country; English and the like say nothing
_LANGUAGE_REGIONS = {"vi": "VN", "zh": "CN", "sv": "SE", "fi": "FI", "et": "EE"}
_LANGUAGE_NAMES = {
    "vietnamese": "vi",
    "tiengviet": "vi",
    "chinese": "zh",
    "mandarin": "zh",
    "中文": "zh",
    "汉语": "zh",
    "漢語": "zh",
    "普通话": "zh",
    "swedish": "sv",
    "svenska": "sv",
    "finnish": "fi",
    "suomi": "fi",
    "estonian": "et",
    "eesti": "et",
}
_TRADITIONAL = {"hant": "TW"}
#: Vietnamese letters that no other Latin-script language of the programme uses
_VIETNAMESE = re.compile("[ăâđêôơưĩũĂÂĐÊÔƠƯĨŨ\u1ea0-\u1ef9]")
_NOT_WORD = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    return _NOT_WORD.sub("", fold(text))


@cache
def _country_names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for locale in _NAME_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            code = str(code)
            if len(code) == 2 and code.isalpha():
                names.setdefault(_key(str(name)), code)
                names.setdefault(code.lower(), code)
    names.update(_ALIASES)
    return names


def country_code(text: str | None) -> str | None:
    """ "Việt Nam", "中国", "Kina", "P.R. China", "vn" → the ISO code; None if unknown."""
    if not text or not text.strip():
        return None
    return _country_names().get(_key(text))


def language_region(tag: str | None) -> str | None:
    """The country a language points to: "vi" → VN, "zh-Hant" → TW, "en-GB" → GB,
    "Vietnamese" → VN; "en" → None (spoken too widely to tell)."""
    if not tag or not tag.strip():
        return None
    named = _LANGUAGE_NAMES.get(_key(tag))
    if named:
        return _LANGUAGE_REGIONS[named]
    parts = [p for p in re.split(r"[-_\s]+", tag.strip()) if p]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            return part.upper()
        if part.lower() in _TRADITIONAL:
            return _TRADITIONAL[part.lower()]
    return _LANGUAGE_REGIONS.get(parts[0].lower()) if parts else None


def script_region(name: str | None) -> tuple[str, str] | None:
    """(country, what kind of name) a name's letters point to: Chinese characters → CN,
    Vietnamese letters → VN; None for names any Latin-script language may write."""
    if not name:
        return None
    if cjk_runs(name):
        return "CN", "Chinese name"
    if _VIETNAMESE.search(name):
        return "VN", "Vietnamese name"
    return None


#: how the preview names a country's numbers ("read as Vietnamese (+84)")
_ADJECTIVES = {
    "VN": "Vietnamese",
    "CN": "Chinese",
    "SE": "Swedish",
    "FI": "Finnish",
    "EE": "Estonian",
    "TW": "Taiwanese",
    "TH": "Thai",
    "LA": "Lao",
    "KH": "Cambodian",
    "SG": "Singaporean",
    "DE": "German",
    "GB": "British",
    "US": "US",
}


@cache
def country_name(code: str | None) -> str:
    """ "Vietnam" for "VN"; the code itself when unknown; "" for None."""
    if not code:
        return ""
    from babel import Locale

    return str(Locale("en").territories.get(code.upper(), code))


def country_adjective(code: str) -> str:
    """ "Vietnamese" for VN; "of Laos"-style phrases are the caller's for other codes."""
    return _ADJECTIVES.get(code.upper(), "")
