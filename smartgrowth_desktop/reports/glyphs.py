"""Characters no shipped font can draw: shown as a visible stand-in, and told to the user.

reportlab draws a character missing from every font as nothing at all, so an Arabic
title or an emoji would print blank and nobody would know. ``drawable`` (used by every
text run, see ``text.runs``) puts ``STAND_IN`` in its place, and ``check_pack`` walks
what a pack prints and warns once per field: "the title of meeting 'X' holds characters
no shipped font can draw: …".
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from smartgrowth_desktop.reports.fonts import coverage
from smartgrowth_desktop.reports.model import CardLine, PackImage, PackOptions

STAND_IN = "\ufffd"  # the replacement character: the Latin font draws it (a "?" in a diamond)
SHOWN = 5  # characters named in one warning
#: format characters that change how others look (joiners, variation selectors, tags):
#: left out when no font has them, never shown as a stand-in
_INVISIBLE = ("Cf",)
_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x180B, 0x180F), (0x034F, 0x034F))
#: what each record is called in a warning, and the field that names it
_KINDS = {
    "PackMission": ("mission", "name"),
    "PackMeeting": ("meeting", "title"),
    "PackContact": ("contact", "name"),
    "PackOrganization": ("organization", "name"),
    "PackMarket": ("market", "name"),
    "PackLead": ("lead", "title"),
    "PackFollowUp": ("follow-up", "text"),
    "EarlierNote": ("earlier note", "title"),
}
_SKIPPED = {"id", "time_zone", "stage", "kind", "country", "currency", "home_tz", "page_size"}


def _drawn(char: str, latin: frozenset[int], cjk: frozenset[int]) -> bool:
    code = ord(char)
    return code in latin or code in cjk or unicodedata.category(char) == "Cc"


def _invisible(char: str) -> bool:
    code = ord(char)
    if unicodedata.category(char) in _INVISIBLE:
        return True
    return any(low <= code <= high for low, high in _SELECTORS)


def missing(text: str) -> list[str]:
    """The characters of ``text`` no shipped font draws (invisible ones left out), in order."""
    if text.isascii():
        return []
    fonts = coverage()
    found = {c for c in set(text) if not _drawn(c, fonts.latin, fonts.cjk)}
    return sorted((c for c in found if not _invisible(c)), key=text.index)


def drawable(text: str) -> str:
    """``text`` with each character no font draws as ``STAND_IN`` (invisible ones dropped)."""
    if text.isascii():
        return text
    fonts = coverage()
    absent = [c for c in set(text) if not _drawn(c, fonts.latin, fonts.cjk)]
    if not absent:
        return text
    return text.translate({ord(c): "" if _invisible(c) else STAND_IN for c in absent})


def describe(chars: list[str]) -> str:
    """``'م' (U+0645 ARABIC LETTER MEEM), …`` for the first few, and how many more."""
    named = [
        f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in chars[:SHOWN]
    ]
    more = len(chars) - SHOWN
    return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def check_pack(root: Any, options: PackOptions, warn: Callable[[str], None]) -> None:
    """Warn about every printed field of ``root`` (a mission or a meeting) holding
    characters no shipped font can draw."""
    for where, text in _printed(root):
        check_text(where, text, warn)
    check_text("the author's name", options.author or "", warn)
    check_text("the confidentiality notice", options.confidentiality, warn)


def check_text(where: str, text: str, warn: Callable[[str], None]) -> None:
    """Warn when ``text`` (``where`` says whose) holds characters no shipped font draws."""
    chars = missing(text)
    if chars:
        warn(
            f"{where} holds characters no shipped font can draw: {describe(chars)}; "
            f"they print as {STAND_IN}"
        )


def _printed(record: Any) -> Iterator[tuple[str, str]]:
    """``(where, text)`` of every text field of ``record`` and the records inside it."""
    kind, naming = _KINDS.get(type(record).__name__, ("record", "name"))
    label = str(getattr(record, naming, "") or "").strip()
    owner = f"{kind} '{label[:60]}'" if label else f"a {kind}"
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if field.name in _SKIPPED or isinstance(value, PackImage):
            continue
        where = f"the {field.name.replace('_', ' ')} of {owner}"
        if isinstance(value, str):
            yield where, value
        elif dataclasses.is_dataclass(value):
            yield from _printed(value)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, str):
                    yield where, item
                elif isinstance(item, CardLine):  # a contact's field, as on its card
                    name = item.field.removesuffix("_id").replace("_", " ")
                    yield from ((f"the {name} of {owner}", line) for line in item.texts)
                elif dataclasses.is_dataclass(item):
                    yield from _printed(item)
