"""Tesseract on a straightened card, with the languages chosen from the scripts found.

The whole card is read once with the Vietnamese model (it reads English and the other
Latin-script languages too, and keeps Vietnamese diacritics). When several lines are
beyond it (low confidence, or the junk characters it makes of Han) the card is read
again with the Chinese model, which reads its Latin lines well too. A card from Sweden,
Finland or Estonia (its phone prefixes, its domains) has its name, title and
organization lines cut out, stacked into one small picture and read again in its own
language (Å, Ö, Õ, Ü), when that language's data is installed (it is optional).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image

from smartgrowth_desktop.capture import tesseract
from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.core.text import cjk_runs

LATIN_LANG, HAN_LANG = "vie", "chi_sim"
LOW_CONFIDENCE = 60.0
#: the marks Vietnamese and the Nordic languages put on Latin letters
_LATIN_MARKS = frozenset("\u0300\u0301\u0302\u0303\u0306\u0308\u0309\u030a\u031b\u0323")
NAME_SCALES = (1.0, 0.7, 1.4)  # the name line is read again at these sizes until it fits
UNSURE_NAME = 50.0  # the confidence given to a name that does not read as the pinyin
UNSURE = 40.0  # a line with a word this unsure is read again in English
ENGLISH_MARGIN = 10.0  # and takes that reading when it is this much surer
SPECK = 45.0  # a line of a stack read with less confidence is a neighbour's speck
HAN_LINES = 2  # this many lines the Latin model cannot read: a Chinese card
MIN_NATIVE_MEAN = 50.0  # a second reading less sure than this is not taken
#: Latin-script languages whose letters the Vietnamese model confuses (Å, Ö, Õ, Ü):
#: their lines are read again when the card is from there and the data is installed
NATIVE_LANGS = {"SE": "swe", "FI": "fin", "EE": "est"}
_JUNK = re.compile(r"[#®‡€¡\\\[\]{}⁄¤§©«»~^`<>=&*$%]")
_USEFUL = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff\u3400-\u9fff]")
_PAD, _GAP = 8, 24


@dataclass
class OcrLine:
    """One line read from the card: its text, its lowest word confidence (0–100), box."""

    text: str
    confidence: float
    box: tuple[int, int, int, int] = (0, 0, 0, 0)  # left, top, right, bottom
    language: str = LATIN_LANG
    mean_confidence: float = -1.0
    odd_words: int = 0  # words the Latin model made of something it cannot read


@dataclass
class OcrText:
    """Every line read, top to bottom, and the Tesseract languages used."""

    lines: list[OcrLine] = field(default_factory=list)
    languages: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _data(image: Image.Image, lang: str) -> dict[str, list[object]]:
    import pytesseract

    exe, _ = tesseract.find_tesseract()
    pytesseract.pytesseract.tesseract_cmd = str(exe)
    try:
        data: dict[str, list[object]] = pytesseract.image_to_data(
            image,
            lang=lang,
            config=tesseract.config("--psm 6"),
            output_type=pytesseract.Output.DICT,
        )
    except pytesseract.TesseractError as error:
        raise tesseract.OcrMissing(f"Tesseract could not read the photo: {error}") from None
    return data


def _lines(data: dict[str, list[object]], language: str) -> list[OcrLine]:
    """Words grouped into lines, in reading order."""
    grouped: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if str(word).strip():
            key = (
                int(str(data["block_num"][i])),
                int(str(data["par_num"][i])),
                int(str(data["line_num"][i])),
            )
            grouped.setdefault(key, []).append(i)
    lines = []
    for indexes in grouped.values():
        words = [str(data["text"][i]).strip() for i in indexes]
        text = " ".join(words)
        if not _USEFUL.search(text):
            continue  # a card edge read as "|"
        left = min(int(str(data["left"][i])) for i in indexes)
        top = min(int(str(data["top"][i])) for i in indexes)
        right = max(int(str(data["left"][i])) + int(str(data["width"][i])) for i in indexes)
        bottom = max(int(str(data["top"][i])) + int(str(data["height"][i])) for i in indexes)
        confidences = [float(str(data["conf"][i])) for i in indexes]
        box = (left, top, right, bottom)
        mean = sum(confidences) / len(confidences)
        odd = sum(_odd(str(data["text"][i]), float(str(data["conf"][i]))) for i in indexes)
        lines.append(OcrLine(text, min(confidences), box, language, mean, odd))
    return sorted(lines, key=lambda line: (line.box[1], line.box[0]))


def _odd(word: str, confidence: float) -> bool:
    """A word no Latin-script language writes, read unsure: Han seen by the Latin model."""
    if confidence >= LOW_CONFIDENCE or not _USEFUL.search(word):
        return False
    if _JUNK.search(word):
        return True
    for char in word:
        if char.isascii() or char in "đĐ":
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if not (base.isascii() and base.isalpha() and all(m in _LATIN_MARKS for m in marks)):
            return True
    return False


def looks_unread(line: OcrLine) -> bool:
    """A line the Latin model probably could not read (Han, most of the time)."""
    return line.odd_words > 0


def _stack(page: Image.Image, lines: list[OcrLine]) -> tuple[Image.Image, list[int]]:
    """The lines cut out of ``page`` one under another; the top of each in the stack."""
    crops = []
    for line in lines:
        left, top, right, bottom = line.box
        box = (max(0, left - _PAD), max(0, top - _PAD), min(page.width, right + _PAD),
               min(page.height, bottom + _PAD))  # fmt: skip
        crops.append(page.crop(box))
    width = max(c.width for c in crops) + 2 * _GAP
    height = sum(c.height + _GAP for c in crops) + _GAP
    stack = Image.new("L", (width, height), 255)
    tops, y = [], _GAP
    for crop in crops:
        stack.paste(crop, (_GAP, y))
        tops.append(y)
        y += crop.height + _GAP
    return stack, tops


def _overlapping(line: OcrLine, others: list[OcrLine]) -> OcrLine | None:
    """The line of ``others`` whose box holds the vertical middle of ``line``."""
    middle = (line.box[1] + line.box[3]) / 2
    for other in others:
        if other.box[1] <= middle <= other.box[3]:
            return other
    return None


def _read_chinese(page: Image.Image, latin: list[OcrLine]) -> list[OcrLine]:
    """The card read with the Chinese model (it reads the Latin lines well too); a line
    without Han keeps the Latin model's reading when that one was surer."""
    lines = _lines(_data(page, HAN_LANG), HAN_LANG)
    for line in lines:
        if cjk_runs(line.text):
            continue
        other = _overlapping(line, latin)
        if other is not None and other.mean_confidence > line.mean_confidence:
            line.text, line.confidence, line.language = other.text, other.confidence, other.language
            line.mean_confidence = other.mean_confidence
    return lines


def _pinyin_lines(lines: list[OcrLine]) -> list[str]:
    """Lines that may be a name in pinyin ("Zhou Xiuxia"), folded, without spaces."""
    found = []
    for line in lines:
        words = line.text.split()
        if 2 <= len(words) <= 3 and all(w.isascii() and w.isalpha() for w in words):
            found.append("".join(words).lower())
    return found


def _name_fits(text: str, pinyin: list[str]) -> bool:
    """True when the Han name in ``text`` reads as one of the card's pinyin lines."""
    from smartgrowth_desktop.core.text import romanize_name

    romanized = romanize_name("".join(cjk_runs(text))) or ""
    return romanized.replace(" ", "").lower() in pinyin


def _fix_han_name(page: Image.Image, lines: list[OcrLine]) -> None:
    """Read the name line (the tallest short one) again on its own: printed large and
    spaced out, it is the line a whole-card reading gets wrong most. The new reading is
    taken when it is Han and agrees with the card's pinyin (or there is none)."""
    short = [line for line in lines if len(line.text.replace(" ", "")) <= 8]
    if not short:
        return
    line = max(short, key=lambda one: one.box[3] - one.box[1])
    pinyin = _pinyin_lines(lines)
    if cjk_runs(line.text) and (not pinyin or _name_fits(line.text, pinyin)):
        return
    had_han = bool(cjk_runs(line.text))
    stack, _ = _stack(page, [line])
    fallback = None
    for scale in NAME_SCALES:
        size = (max(1, int(stack.width * scale)), max(1, int(stack.height * scale)))
        found = _lines(_data(stack.resize(size), HAN_LANG), HAN_LANG)
        text = "".join(cjk_runs(" ".join(f.text for f in found)))
        if len(text) < 2:
            continue
        mean = sum(f.mean_confidence for f in found) / len(found)
        if not pinyin or _name_fits(text, pinyin):
            line.text, line.mean_confidence = text, mean
            line.confidence = min(f.confidence for f in found)
            return
        fallback = fallback or (text, mean)
    if fallback is not None and not had_han:  # better than nothing
        line.text, line.mean_confidence = fallback
    line.confidence = min(line.confidence, UNSURE_NAME)  # unsure: not as the pinyin says


def _plain(line: OcrLine) -> bool:
    """A line with no number, address or label: a name, a title, an organization."""
    text = line.text
    return "@" not in text and "www" not in text.lower() and sum(c.isdigit() for c in text) < 3


def _parts(found: list[OcrLine], top: int, bottom: int) -> list[OcrLine]:
    """The lines read between ``top`` and ``bottom`` of a stack, without the specks of the
    neighbouring lines a crop may hold (read as junk, with little confidence)."""
    parts = [f for f in found if top - _PAD <= (f.box[1] + f.box[3]) / 2 <= bottom]
    sure = [p for p in parts if p.mean_confidence >= SPECK]
    return sure or parts


def _reread(
    page: Image.Image, lines: list[OcrLine], lang: str, better: Callable[[OcrLine, float], bool]
) -> None:
    """Read ``lines`` again with ``lang`` (cut out, stacked: one Tesseract run); a line
    takes its new reading when ``better(line, new mean confidence)``."""
    if not lines:
        return
    stack, tops = _stack(page, lines)
    found = _lines(_data(stack, lang), lang)
    for line, top in zip(lines, tops, strict=True):
        bottom = top + line.box[3] - line.box[1] + 2 * _PAD
        parts = _parts(found, top, bottom)
        if not parts:
            continue
        mean = sum(p.mean_confidence for p in parts) / len(parts)
        if better(line, mean):
            line.text = " ".join(p.text for p in parts)
            line.confidence = min(p.confidence for p in parts)
            line.mean_confidence = mean
            line.language = lang


def _native_better(_line: OcrLine, mean: float) -> bool:
    return mean >= MIN_NATIVE_MEAN


def _english_better(line: OcrLine, mean: float) -> bool:
    return mean >= line.mean_confidence + ENGLISH_MARGIN


def recognize(page: Image.Image, cancel: threading.Event | None = None) -> OcrText:
    """Read the prepared card ``page``: Latin first, then Chinese or the card's own
    language where needed."""
    from smartgrowth_desktop.capture.countries import card_hints

    tesseract.check_languages()
    lines = _lines(_data(page, LATIN_LANG), LATIN_LANG)
    if cancel is not None and cancel.is_set():
        raise Cancelled("reading the card photo was cancelled")
    if sum(looks_unread(line) for line in lines) >= HAN_LINES:
        lines = _read_chinese(page, lines)
        _fix_han_name(page, lines)
        return OcrText(lines, ("vie", "chi_sim", "eng"))
    country, _ = card_hints([line.text for line in lines])
    lang = NATIVE_LANGS.get(country or "")
    used = ["vie"]
    if lang and lang in tesseract.installed_languages():
        _reread(page, [line for line in lines if _plain(line)], lang, _native_better)
        used.append(lang)
    unsure = [line for line in lines if line.confidence < UNSURE and line.language == LATIN_LANG]
    if unsure:
        _reread(page, unsure, "eng", _english_better)
        used.append("eng")
    return OcrText(lines, tuple(used))
