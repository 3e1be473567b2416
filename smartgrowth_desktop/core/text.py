"""Text folding for search and sorting: case, diacritics, đ, CJK and pinyin."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_EXTRA_PAIRS = (("đ", "d"), ("Đ", "d"), ("ß", "ss"), ("æ", "ae"), ("ø", "o"), ("ł", "l"))


def is_cjk(char: str) -> bool:
    """True for Han ideographs (and the CJK blocks a Chinese name can use)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2FA1F
        or 0xF900 <= code <= 0xFAFF
    )


def fold(text: str) -> str:
    """Lower-case, strip diacritics (Vietnamese included), fold đ to d; keep CJK as is."""
    if text.isascii():
        return text.lower()
    for char, folded in _EXTRA_PAIRS:  # a few replace() calls beat one translate() by far
        if char in text:
            text = text.replace(char, folded)
    text = unicodedata.normalize("NFKD", text)
    text = _COMBINING.sub("", text)
    return unicodedata.normalize("NFC", text).casefold()


_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")


def cjk_runs(text: str) -> list[str]:
    """The runs of consecutive Han characters in ``text``."""
    return _CJK_RUN.findall(text)


@lru_cache(maxsize=4096)
def pinyin_syllables(text: str) -> tuple[str, ...]:
    """Tone-less pinyin syllables of the Han characters in ``text`` (others dropped)."""
    from pypinyin import Style, lazy_pinyin

    result: list[str] = []
    for run in cjk_runs(text):
        result.extend(s for s in lazy_pinyin(run, style=Style.NORMAL) if s.isascii())
    return tuple(result)


def romanize_name(native: str) -> str | None:
    """Pinyin for a Chinese name, family name first: 李伟 → "Li Wei"; None if not Chinese."""
    from pypinyin import Style, lazy_pinyin

    runs = cjk_runs(native)
    if not runs:
        return None
    name = "".join(runs)
    syllables = lazy_pinyin(name, style=Style.NORMAL)
    if len(syllables) <= 1:
        return syllables[0].capitalize() if syllables else None
    # Common two-character family names (欧阳, 司马...) are rare; take the first character
    # as the family name, the rest as the given name written as one word.
    return f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]


def index_form(text: str, with_pinyin: bool = False) -> str:
    """The text as the search index stores it.

    Latin text is folded (so ``nguyen`` finds "Nguyễn" and ``d`` finds "Đ"). Each run of
    Han characters becomes its overlapping bigrams (so a two-character query finds a
    substring of unspaced Chinese) followed by its single characters. Names can add
    their pinyin, both as syllables and joined (``li wei`` and ``liwei`` find 李伟).
    """
    folded = fold(text)
    if folded.isascii():
        return folded
    runs = cjk_runs(folded)
    if not runs:
        return folded
    latin = _CJK_RUN.sub(" ", folded)
    parts = [latin]
    for run in runs:
        parts.append(" ".join(_bigrams(run)))
    parts.append(" ".join(" ".join(run) for run in runs if len(run) > 1))
    if with_pinyin:
        for run in runs:
            syllables = pinyin_syllables(run)
            if syllables:
                parts.append(" ".join(syllables) + " " + "".join(syllables))
    return " ".join(p for p in parts if p)


_TERM_SPLIT = re.compile(r"[\s\"'()*:^+\-,.;!?/\\{}\[\]<>=|&%$#@~`]+")


def query_terms(query: str) -> list[str]:
    """FTS5 terms for a user's query: each prefix-matched, CJK runs as bigram phrases."""
    terms: list[str] = []
    for word in _TERM_SPLIT.split(fold(query)):
        if not word:
            continue
        pieces = _CJK_RUN.split(word)
        for piece in pieces:
            if piece:
                terms.append(f'"{piece}"*')
        for run in cjk_runs(word):
            if len(run) == 1:
                terms.append(f'"{run}"*')
            else:
                terms.append('"' + " ".join(_bigrams(run)) + '"')
    return terms
