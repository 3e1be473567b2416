"""The fields of a card from its OCR lines: e-mails, web sites, phones with their kinds,
WeChat and Zalo ids, the address, then the name, title and organization in each language.

Labelled lines are taken first (``labels.py``); what is left is sorted into name, title
and organization by the words in it and its script; the name is the tallest such line.
Every field keeps the line it came from, and is marked uncertain when OCR was unsure of
that line or a correction was guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from smartgrowth_desktop.capture import labels
from smartgrowth_desktop.capture import vietnamese_names as vn
from smartgrowth_desktop.capture.countries import card_hints
from smartgrowth_desktop.capture.names import NameLine, pick_name
from smartgrowth_desktop.capture.ocr import OcrLine
from smartgrowth_desktop.capture.proposal import CardProposal, ProposedField, ProposedPhone
from smartgrowth_desktop.core.names import looks_vietnamese
from smartgrowth_desktop.core.phones import INTERNATIONAL, READ, Hint, read_phone
from smartgrowth_desktop.core.text import cjk_runs

SURE = 75.0  # a line read with less confidence makes its fields uncertain
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_SPACE = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")
_HAN_PUNCT_SPACE = re.compile(rf"(?<=[{_HAN}])\s+(?=[:：;\d])|(?<=[:：;\d])\s+(?=[{_HAN}])")
_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
_DOTLESS = re.compile(r"([a-z0-9][a-z0-9._%+-]*)@([a-z0-9-]+(?:\.[a-z0-9-]+)*)")
#: top-level domains a card's address may end with, for one whose last dot OCR lost
_TLDS = ("com", "net", "org", "cn", "vn", "se", "fi", "ee", "uk", "eu", "de", "gov", "edu")
_WEB = re.compile(r"(?:https?://)?(?:w{2,}\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?")
_ASCII_FIXES = str.maketrans({"€": "e", "“": "", "”": "", "'": "", "’": "", "‘": "",
                              "，": ",", "。": ".", "＠": "@", "—": "-", "–": "-",
                              "|": "l"})  # fmt: skip
_NUMBER = re.compile(r"[+＋(]?\d[\d\s().\-/]{5,}\d")
_DIGITLIKE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_AT = re.compile(r"[@＠®©]")  # an at sign, or what OCR makes of one
_ID = re.compile(r"[A-Za-z0-9_.\-+]+")


@dataclass
class Line:
    """One OCR line being sorted: its text cleaned, and what it was read as."""

    text: str
    confidence: float
    height: int
    source: str
    used: bool = False

    @property
    def sure(self) -> bool:
        return self.confidence >= SURE


@dataclass
class _Found:
    lines: list[Line] = field(default_factory=list)
    numbers: list[tuple[str, str, Line]] = field(default_factory=list)  # text, kind, line


def clean(text: str) -> str:
    """NFC, the spaces OCR puts between Han characters gone, runs of spaces made one."""
    text = unicodedata.normalize("NFC", text)
    text = _HAN_SPACE.sub("", text)
    text = _HAN_PUNCT_SPACE.sub("", text)
    return " ".join(text.split()).lstrip(" '\"|_-.,;:“”").rstrip(" '\"|_-")


def ascii_form(text: str) -> str:
    """Text as an address would be written: no diacritics, OCR's look-alikes fixed."""
    at = "" if "@" in text else "@"  # ® and © are @ misread, or a speck beside it
    text = text.replace("®", at).replace("©", at)
    text = re.sub(r"\|(?=[lI])", "", text)  # a speck before an l; otherwise | is an l
    text = unicodedata.normalize("NFKD", text.translate(_ASCII_FIXES).replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def emails_in(text: str) -> list[str]:
    """The e-mail addresses in a line (spaces around ``@`` and dots closed up)."""
    flat = re.sub(r"\s*@\s*", "@", ascii_form(text))
    flat = re.sub(r"(?<=[a-z0-9])\s*\.\s*(?=[a-z0-9])", ".", flat)
    flat = labels.EMAIL_LABEL.sub("", flat)
    found = [m.strip(".-") for m in _EMAIL.findall(flat)]
    if not found:  # the dot before the top-level domain lost: gzsmartcn
        for local, domain in _DOTLESS.findall(flat):
            tld = next((t for t in _TLDS if domain.endswith(t) and len(domain) > len(t) + 1), None)
            if tld is not None:
                found.append(f"{local}@{domain[: -len(tld)]}.{tld}")
    return found


def websites_in(text: str) -> list[str]:
    """The web addresses in a line (``WwWww.`` read as ``www.``)."""
    flat = labels.WEB_LABEL.sub("", ascii_form(text))
    flat = re.sub(r"\bw{2,}w*\.", "www.", flat.replace(" .", ".").replace(". ", "."))
    return [_dotted(m) for m in _WEB.findall(flat) if "@" not in m]


def _dotted(site: str) -> str:
    """``www.ljusagatorse`` (the last dot lost) as ``www.ljusagator.se``."""
    if not site.startswith("www.") or site.count(".") != 1:
        return site
    name = site[4:]
    tld = next((t for t in _TLDS if name.endswith(t) and len(name) > len(t) + 1), None)
    return site if tld is None else f"www.{name[: -len(tld)]}.{tld}"


def _label_kind(label: str) -> str:
    compact = label.replace(" ", "").strip(":：;.")
    for pattern, kind in labels.KIND_OF:
        if pattern.match(compact) or pattern.match(label.strip(":：;. ")):
            return kind
    return "phone"


def phone_texts(text: str) -> list[tuple[str, str]]:
    """(number text, kind) for each number in a line, the kind from the label before it."""
    found: list[tuple[str, str]] = []
    marks = list(labels.PHONE_LABEL.finditer(text))
    if not marks:
        return [(m.group().strip(), "") for m in _NUMBER.finditer(text.translate(_DIGITLIKE))]
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        segment = text[mark.end() : end]
        kind = _label_kind(mark.group(1))
        for part in re.split(r"\s[/,;]\s?|\s{2,}", segment):
            number = _NUMBER.search(part.translate(_DIGITLIKE))
            if number is not None:
                found.append((number.group().strip(), kind))
    return found


def _labelled(line: Line, pattern: re.Pattern[str]) -> str | None:
    match = pattern.match(line.text)
    return None if match is None else line.text[match.end() :].strip()


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _take_labelled(lines: list[Line], proposal: CardProposal, found: _Found) -> None:
    """E-mails, web sites, WeChat, Zalo, address and phones: lines that say what they are."""
    for line in lines:
        if _AT.search(line.text) or labels.EMAIL_LABEL.match(line.text):
            written = re.sub(r"\s", "", ascii_form(line.text))
            for email in emails_in(line.text):
                guessed = email not in written  # a look-alike or a lost dot put right
                proposal.emails.append(ProposedField(email, line.source, guessed or not line.sure))
                line.used = True
        wechat = _labelled(line, labels.WECHAT_LABEL)
        zalo = _labelled(line, labels.ZALO_LABEL)
        address = _labelled(line, labels.ADDRESS_LABEL)
        if wechat and not line.used:
            proposal.wechat = _handle(wechat, line)
            line.used = True
        elif zalo and not line.used:
            proposal.zalo = _handle(zalo, line)
            line.used = True
        elif address and not line.used:
            proposal.address = ProposedField(address, line.source, not line.sure)
            line.used = True
        if line.used:
            continue
        if (
            "www" in line.text.lower()
            or "http" in line.text.lower()
            or labels.WEB_LABEL.match(line.text)
        ):
            for site in websites_in(line.text):
                proposal.websites.append(ProposedField(site, line.source, not line.sure))
                line.used = True
        if line.used:
            continue
        numbers = phone_texts(line.text)
        if numbers and (labels.PHONE_LABEL.search(line.text) or _digits(line.text) >= 7):
            found.numbers.extend((text, kind, line) for text, kind in numbers)
            line.used = True


def _handle(text: str, line: Line) -> ProposedField:
    """A WeChat or Zalo id: one token; a space inside is most likely a lost underscore."""
    tokens = _ID.findall(ascii_form(text) if text.isascii() is False else text)
    if not tokens:
        return ProposedField(text, line.source, True)
    value = "_".join(tokens) if len(tokens) > 1 else tokens[0]
    return ProposedField(value, line.source, len(tokens) > 1 or not line.sure)


def _phones(found: _Found, hints: Sequence[Hint], proposal: CardProposal) -> None:
    import phonenumbers

    for text, kind, line in found.numbers:
        reading = read_phone(text, hints)
        if reading.wire is None:
            continue
        if not kind:
            kind = "phone"
            if reading.outcome in (INTERNATIONAL, READ):
                number = phonenumbers.parse(reading.wire.split(";")[0])
                if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
                    kind = "mobile"
        unsure = reading.outcome not in (INTERNATIONAL, READ) or not line.sure
        if all(p.value != reading.wire for p in proposal.phones):
            proposal.phones.append(ProposedPhone(reading.wire, text, unsure, kind))
        if reading.outcome not in (INTERNATIONAL, READ) and reading.reason:
            proposal.warnings.append(f"phone {text!r}: {reading.reason}")


def _zalo_number(proposal: CardProposal, hints: Sequence[Hint]) -> None:
    """A Zalo id that is a phone number is stored as that number, E.164."""
    zalo = proposal.zalo
    if zalo and _digits(zalo.value) >= 8:
        reading = read_phone(zalo.value, hints)
        if reading.wire and reading.outcome in (INTERNATIONAL, READ):
            zalo.value = reading.wire


def is_han(text: str) -> bool:
    return bool(cjk_runs(text))


def _split_scripts(text: str) -> tuple[str, str]:
    """A mixed line (处长 Division Director) as its Han part and its Latin part."""
    han = "".join(cjk_runs(text))
    latin = re.sub(rf"[{_HAN}]", " ", text)
    return han, " ".join(latin.split()).strip(" :：;,/|-")


def _is_org(text: str) -> bool:
    if is_han(text):
        return bool(labels.HAN_ORG_END.search(text))
    if labels.VI_ORG_START.match(text):
        return True
    org = labels.LATIN_ORG.search(text)
    if org is None:
        return False
    title = labels.LATIN_TITLE.search(text)
    return title is None or org.end() >= len(text.rstrip(" .")) - 1 or len(text.split()) > 4


def _is_title(text: str) -> bool:
    if is_han(text):
        return bool(labels.HAN_TITLE.search(text))
    return bool(labels.VI_TITLE.match(text) or labels.LATIN_TITLE.search(text))


_OU = re.compile(r"\bO[UÜŨÚÙỦỤ]\.?$")


def _suffix_fixed(text: str) -> str:
    """Estonian OÜ as OCR reads it (OU, OŨ) put right."""
    return _OU.sub("OÜ", text)


def _org_text(text: str) -> tuple[str, bool]:
    """An organization's name tidied; True when a correction was guessed."""
    guessed = False
    if sum(c.islower() for c in text) <= 2 and len(text) > 8:  # printed in capitals
        text = text.upper()
        if looks_vietnamese(text) or labels.VI_ORG_START.match(text):
            text, sure = vn.restore_capitals(text)
            guessed = not sure
    fixed = _suffix_fixed(text)
    return fixed, guessed or fixed != text


def _sort_rest(lines: list[Line], proposal: CardProposal) -> list[NameLine]:
    """Organizations and titles in each language; what is left may be the name."""
    names: list[NameLine] = []
    for line in lines:
        if line.used:
            continue
        han, latin = _split_scripts(line.text) if is_han(line.text) else ("", line.text)
        for part, native in ((han, True), (latin, looks_vietnamese(latin))):
            if not part:
                continue
            unsure = not line.sure
            fixed = _suffix_fixed(part)
            if _is_org(fixed):
                text, guessed = _org_text(fixed)
                slot = "native_organization" if native else "organization"
                if not getattr(proposal, slot):
                    guessed = guessed or fixed != part
                    setattr(proposal, slot, ProposedField(text, line.source, unsure or guessed))
            elif _is_title(part):
                slot = "native_title" if native else "title"
                if not getattr(proposal, slot):
                    setattr(proposal, slot, ProposedField(part, line.source, unsure))
            else:
                names.append(NameLine(part, line.height, line.confidence, line.source))
        line.used = True
    return names


def _only_native_org(proposal: CardProposal) -> None:
    """A card in one language has its organization as the name, not the native name."""
    native = proposal.native_organization
    if native and not proposal.organization and not is_han(native.value):
        proposal.organization = proposal.native_organization
        proposal.native_organization = ProposedField()
    if proposal.native_title and not proposal.title:
        proposal.title, proposal.native_title = proposal.native_title, ProposedField()


def parse_lines(
    ocr_lines: Sequence[OcrLine], hints: Sequence[Hint] = (), photo: str = ""
) -> CardProposal:
    """A proposal from OCR lines (``hints``: countries for national phone numbers)."""
    from pathlib import Path

    proposal = CardProposal(Path(photo))
    lines = [
        Line(clean(o.text), o.confidence, o.box[3] - o.box[1], o.text)
        for o in ocr_lines
        if clean(o.text)
    ]
    proposal.ocr_text = "\n".join(o.text for o in ocr_lines)
    proposal.country, own = card_hints([line.text for line in lines])
    all_hints = [*own, *hints]
    found = _Found()
    _take_labelled(lines, proposal, found)
    _phones(found, all_hints, proposal)
    _zalo_number(proposal, all_hints)
    candidates = _sort_rest(lines, proposal)
    pick_name(candidates, proposal)
    _only_native_org(proposal)
    return proposal


def parse_text(text: str, hints: Sequence[Hint] = ()) -> CardProposal:
    """A proposal from plain OCR text (every line equally tall and sure)."""
    ocr = [OcrLine(t, 100.0, (0, 0, 100, 30)) for t in text.splitlines()]
    return parse_lines(ocr, hints)
