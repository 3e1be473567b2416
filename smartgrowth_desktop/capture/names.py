"""The person's name among a card's unlabelled lines, split into its parts.

A Chinese name is a short run of Han characters (its pinyin from ``core/text.py``'s
romanization); a Vietnamese name starts with a listed family name and gets its
diacritics from ``vietnamese_names.py``; another name is two to four capitalized words.
When several lines could be the name, the tallest wins (names are printed largest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smartgrowth_desktop.capture import vietnamese_names as vn
from smartgrowth_desktop.capture.proposal import CardProposal, ProposedField
from smartgrowth_desktop.core.names import split_han_name
from smartgrowth_desktop.core.text import cjk_runs, fold, romanize_name

SURE = 75.0
_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")


@dataclass
class NameLine:
    """An unlabelled line that may be the name: its text, height and confidence."""

    text: str
    height: int
    confidence: float
    source: str


def _han_name(line: NameLine) -> str | None:
    runs = cjk_runs(line.text)
    name = "".join(runs)
    if len(runs) == 1 and 2 <= len(name) <= 4 and len(name) >= len(line.text.replace(" ", "")) - 1:
        return name
    return None


def _words(line: NameLine) -> list[str] | None:
    words = [w for w in line.text.replace(",", " ").split() if any(c.isalpha() for c in w)]
    if 2 <= len(words) <= 5 and all(_WORD.match(w) for w in words):
        return words
    return None


def _vietnamese(words: list[str]) -> bool:
    listed = sum(vn.is_name_syllable(w) for w in words[1:])
    return vn.is_family_name(words[0]) and listed * 2 >= len(words) - 1 and len(words) <= 5


def _latin(words: list[str]) -> bool:
    return len(words) <= 4 and all(w[0].isupper() for w in words)


def _set_chinese(name: str, line: NameLine, proposal: CardProposal) -> None:
    unsure = line.confidence < SURE
    proposal.native_name = ProposedField(name, line.source, unsure)
    romanized = romanize_name(name) or ""
    family, given = split_han_name(name)
    proposal.romanized_name = ProposedField(romanized, line.source, unsure)
    parts = romanized.split(" ", 1)
    if family and given and len(parts) == 2:
        proposal.family_name = ProposedField(parts[0], line.source, unsure)
        proposal.given_name = ProposedField(parts[1], line.source, unsure)


def _set_vietnamese(words: list[str], line: NameLine, proposal: CardProposal) -> None:
    family, sure = vn.restore(words[0], family=True)
    rest = [vn.restore(w) for w in words[1:]]
    unsure = line.confidence < SURE
    given = " ".join(w for w, _ in rest)
    proposal.family_name = ProposedField(family, line.source, unsure or not sure)
    proposal.given_name = ProposedField(given, line.source, unsure or not all(s for _, s in rest))
    whole = f"{family} {given}"
    proposal.native_name = ProposedField(
        whole, line.source, unsure or not sure or not all(s for _, s in rest)
    )
    proposal.romanized_name = ProposedField(
        " ".join(w.capitalize() for w in fold(whole).split()), line.source, False
    )


def _set_latin(words: list[str], line: NameLine, proposal: CardProposal) -> None:
    unsure = line.confidence < SURE
    if all(w.isupper() for w in words):
        words = [w.capitalize() for w in words]
    proposal.given_name = ProposedField(" ".join(words[:-1]), line.source, unsure)
    proposal.family_name = ProposedField(words[-1], line.source, unsure)


def pick_name(lines: list[NameLine], proposal: CardProposal) -> None:
    """Fill the name fields from the likeliest of ``lines``."""
    by_height = sorted(lines, key=lambda line: -line.height)
    for line in by_height:
        name = _han_name(line)
        if name is not None:
            _set_chinese(name, line, proposal)
            return
    for line in by_height:
        words = _words(line)
        if words and _vietnamese(words):
            _set_vietnamese(words, line, proposal)
            return
    for line in by_height:
        words = _words(line)
        if words and _latin(words):
            _set_latin(words, line, proposal)
            return
