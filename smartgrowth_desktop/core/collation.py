"""Sort keys from a collation: names in the order their readers expect.

The Unicode Collation Algorithm (``pyuca``, pure Python, its default table) with the
tailorings of the languages the programme meets: Swedish and Finnish put å, ä, ö after
z ("Åberg" after "Zorn"; æ with ä, ø with ö, ü with y), Estonian puts š, z, ž after s
and õ, ä, ö, ü after w, Vietnamese puts ă, â after a, đ after d, ê after e, ô, ơ after
o, ư after u and orders the tones level, grave, hook, tilde, acute, dot below. Han
characters sort by their pinyin in every collation (李 with "Li", 张 with "Zhang").

A key is a ``str`` whose code-point order (and so SQLite's BINARY order of its UTF-8) is
the collation's order, so a list can keep it in an indexed column and keyset-page over it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from smartgrowth_desktop.core import labels
from smartgrowth_desktop.core.text import cjk_runs

#: The collations a profile can choose (Settings), by code, with their names (in
#: ``labels``, which the CLI's parser reads before anything heavy is loaded).
COLLATIONS = labels.COLLATIONS
DEFAULT_COLLATION = "root"
# Keys are stored: a change here that gives a text another key needs a migration that
# makes them again (as 0005_collation_keys does, with sort_keys.recompute_name_keys).

_RING, _DIAERESIS, _TILDE, _CARON = "\u030a", "\u0308", "\u0303", "\u030c"
_BREVE, _CIRCUMFLEX, _HORN, _STROKE = "\u0306", "\u0302", "\u031b", "đ"
_NORDIC = (("z", (("a", _RING), ("a", _DIAERESIS), ("o", _DIAERESIS))),)
#: code -> (anchor letter, the letters placed after it in order, each base + marks)
TAILORINGS: dict[str, tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = {
    "root": (),
    "sv": _NORDIC,
    "fi": _NORDIC,
    "et": (
        ("s", (("s", _CARON), ("z", ""), ("z", _CARON))),
        ("w", (("o", _TILDE), ("a", _DIAERESIS), ("o", _DIAERESIS), ("u", _DIAERESIS))),
    ),
    "vi": (
        ("a", (("a", _BREVE), ("a", _CIRCUMFLEX))),
        ("d", ((_STROKE, ""),)),
        ("e", (("e", _CIRCUMFLEX),)),
        ("o", (("o", _CIRCUMFLEX), ("o", _HORN))),
        ("u", (("u", _HORN),)),
    ),
}
_OTHER = "\u0335"  # a mark of no language: a letter sorted as another, just after it
_NORDIC_AS = {"æ": "a\u0308" + _OTHER, "ø": "o\u0308" + _OTHER, "u\u0308": "y\u0308"}
#: code -> letters sorted as others (Swedish and Finnish: Æ as Ä, Ø as Ö, Ü as Y)
SORTED_AS: dict[str, dict[str, str]] = {
    "sv": {**_NORDIC_AS, **{k.upper(): v.upper() for k, v in _NORDIC_AS.items()}},
    "fi": {**_NORDIC_AS, **{k.upper(): v.upper() for k, v in _NORDIC_AS.items()}},
}
#: Vietnamese tone marks in dictionary order (after the level tone).
_VI_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

_SCALE = 8  # room between two root primaries for up to seven tailored letters
_FAKE = 0x10000  # tailored primaries stand here until mapped (above every root weight)
_PRIVATE = 0xF0000  # plane-15 private use: tailored letters while a key is computed


def collation_name(code: str | None) -> str:
    """A valid collation code: ``code`` if known, else the default."""
    return code if code in COLLATIONS else DEFAULT_COLLATION


class _Table:
    """The root table with each collation's tailored letters as private characters."""

    def __init__(self) -> None:
        import pyuca

        self.root = pyuca.Collator()
        self.letters: dict[str, dict[tuple[str, str], str]] = {}  # code -> (base, mark) -> char
        self.primaries: dict[int, int] = {}  # fake primary -> scaled tailored primary
        fake = _FAKE
        private = _PRIVATE
        for code, tailoring in TAILORINGS.items():
            letters: dict[tuple[str, str], str] = {}
            for anchor, placed in tailoring:
                anchor_primary = self.root.sort_key(anchor)[0]
                for rank, (base, mark) in enumerate(placed, start=1):
                    self.primaries[fake] = anchor_primary * _SCALE + rank
                    for case, tertiary in ((str.lower, 2), (str.upper, 8)):
                        char = chr(private)
                        self.root.table.add([private], [[fake, 0x20, tertiary]])
                        letters[(case(base), mark)] = char
                        private += 1
                    fake += 1
            self.letters[code] = letters
        self.tones: dict[str, str] = {}
        for rank, tone in enumerate(_VI_TONES, start=1):
            char = chr(private)
            self.root.table.add([private], [[0, -rank, 2]])  # marked: see key()
            self.tones[tone] = char
            private += 1

    def levels(self, code: str, word: str) -> tuple[tuple[int, ...], ...]:
        """The weights of ``word`` (NFD) at each of the three levels under ``code``."""
        elements = self.root.collation_elements(self._tailor(code, _pinyin(word)))
        levels: list[list[int]] = [[], [], []]
        for element in elements:
            primary, secondary, tertiary = [*element, 0, 0, 0][:3]
            if primary:
                levels[0].append(self.primaries.get(primary, primary * _SCALE))
            if secondary:
                # a tone ranks just above the unmarked letter (0x20), below other marks
                tone = secondary < 0
                levels[1].append(0x20 * _SCALE - secondary if tone else secondary * _SCALE)
            if tertiary:
                levels[2].append(tertiary)
        return tuple(tuple(level) for level in levels)

    def _tailor(self, code: str, text: str) -> str:
        """Tailored letters (base and marks) as their private characters."""
        letters = self.letters.get(code) or {}
        if not letters and code != "vi":
            return text
        for letter, sorted_as in SORTED_AS.get(code, {}).items():
            text = text.replace(letter, sorted_as)
        out: list[str] = []
        for cluster in _clusters(text):
            base, marks = cluster[0], cluster[1:]
            if code == "vi":
                tones = "".join(self.tones.get(m, "") for m in marks)
                marks = "".join(m for m in marks if m not in self.tones)
            else:
                tones = ""
            replaced = letters.get((base, marks[:1])) if marks else None
            if replaced is not None:
                out.append(replaced + marks[1:] + tones)
            elif (base, "") in letters:
                out.append(letters[(base, "")] + marks + tones)
            else:
                out.append(base + marks + tones)
        return "".join(out)


def _clusters(text: str) -> list[str]:
    """``text`` (NFD) cut into a base character and the combining marks after it."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _pinyin(text: str) -> str:
    """Han characters read as their tone-less pinyin (张晓燕 → "zhangxiaoyan")."""
    if not cjk_runs(text):
        return text
    from smartgrowth_desktop.core.text import pinyin_syllables

    out: list[str] = []
    for char in text:
        syllables = pinyin_syllables(char) if cjk_runs(char) else ()
        out.append(syllables[0] if syllables else char)
    return "".join(out)


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table()


@lru_cache(maxsize=65536)
def _word_levels(code: str, word: str) -> tuple[str, str, str]:
    """One word's weights at each level, as characters (cached: names repeat, and a bulk
    import keys every row)."""
    first, second, third = _table().levels(code, word)
    return _chars(first), _chars(second), _chars(third)


def _chars(weights: tuple[int, ...]) -> str:
    """Weights as characters, code-point order kept, surrogates skipped."""
    points = (w + 0x100 for w in weights)
    return "".join(chr(p + 0x800 if p >= 0xD800 else p) for p in points)


_SPACES = re.compile(r"(\s+)")


def sort_key(text: Any, collation: str = DEFAULT_COLLATION) -> str | None:
    """``text`` as it sorts under ``collation``: a string compared code point by code
    point (None for empty text). Weights of three levels: letters, marks, case."""
    if not isinstance(text, str) or not text.strip():
        return None
    return _text_key(collation_name(collation), text)


@lru_cache(maxsize=65536)
def _text_key(code: str, text: str) -> str:
    """The key of a whole text (cached: a bulk import keys names that repeat)."""
    words = _SPACES.split(unicodedata.normalize("NFD", text.strip()))
    if len(words) == 1:
        return "\x01".join(_word_levels(code, words[0]))
    keyed = [_word_levels(code, " " if word.isspace() else word) for word in words]
    return "\x01".join("".join(level) for level in zip(*keyed, strict=True))
