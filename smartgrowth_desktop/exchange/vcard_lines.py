"""A vCard file as cards of properties: decoding, splitting into cards, vobject's line parser.

vobject reads the logical lines (unfolding, quoted-printable soft breaks) and their
names, parameters and values; this module finds the text encoding of the file, cuts it
into ``BEGIN:VCARD … END:VCARD`` blocks (so one broken card does not sink the others)
and decodes each value (QUOTED-PRINTABLE, CHARSET, base64) without vobject's property
behaviours, which drop the comma of a ``data:`` URI.
"""

from __future__ import annotations

import binascii
import codecs
import io
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from vobject.base import ParseError, getLogicalLines, parseLine
from vobject.icalendar import stringToTextValues
from vobject.vcard import splitFields

from smartgrowth_desktop.core.bounded_io import size_text
from smartgrowth_desktop.core.errors import ValidationError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_CARD_CHARS = 16 * 1024 * 1024
MAX_CARDS = 50_000
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Property:
    """One content line of a card: upper-case name, parameters, raw value, line number."""

    name: str
    params: dict[str, list[str]]
    value: str
    line: int
    group: str | None = None
    legacy_bytes: bool = False  # the file was not UTF-8: the value holds raw bytes as latin-1

    @property
    def types(self) -> list[str]:
        """TYPE values, lower case (``TYPE=work,voice`` and 2.1's bare ``WORK`` alike)."""
        found = [t for v in self.params.get("TYPE", []) for t in v.split(",")]
        found += self.params.get("", [])
        return [t.strip().strip('"').lower() for t in found if t.strip()]

    def param(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[0] if values else None

    def raw_bytes(self) -> bytes:
        """The value's bytes after QUOTED-PRINTABLE (if any) is undone."""
        encoding = (self.param("ENCODING") or "").upper()
        if encoding == "QUOTED-PRINTABLE" or "QUOTED-PRINTABLE" in self.params.get("", []):
            data = self.value.encode("latin-1", errors="replace")
            return quopri.decodestring(data.replace(b"\n", b"\r\n"))
        if self.legacy_bytes:
            return self.value.encode("latin-1", errors="replace")
        return self.value.encode("utf-8", errors="surrogatepass")

    def text(self) -> str:
        """The value as text: charset applied, still with vCard escapes."""
        if not self.legacy_bytes and not _is_qp(self):
            return self.value
        charset = self.param("CHARSET") or ("cp1252" if self.legacy_bytes else "utf-8")
        try:
            codecs.lookup(charset)
        except (LookupError, ValueError):
            charset = "utf-8"
        data = self.raw_bytes()
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")

    def plain(self) -> str:
        """A single text value, unescaped (``\\n``, ``\\,``, ``\\;``)."""
        text = self.text().replace("\\:", ":")  # Google escapes the colon of a URL
        return ",".join(stringToTextValues(text, listSeparator=None))

    def parts(self) -> list[str]:
        """A structured value (N, ADR, ORG) split on unescaped semicolons, unescaped."""
        parts = splitFields(self.text())  # a part holding commas comes back as a list
        return [(",".join(p) if isinstance(p, list) else p).strip() for p in parts]

    def items(self) -> list[str]:
        """A list value (CATEGORIES, LANG) split on unescaped commas."""
        return [v.strip() for v in stringToTextValues(self.text()) if v.strip()]

    def base64_data(self) -> bytes:
        """The bytes of a base64 value; raises ``ValueError`` when it is not base64."""
        compact = re.sub(r"\s+", "", self.value)
        try:
            return binascii.a2b_base64(compact.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError) as error:
            raise ValueError("not valid base64") from error


def _is_qp(prop: Property) -> bool:
    return (prop.param("ENCODING") or "").upper() == "QUOTED-PRINTABLE" or (
        "QUOTED-PRINTABLE" in [p.upper() for p in prop.params.get("", [])]
    )


@dataclass
class RawCard:
    """The lines of one ``BEGIN:VCARD … END:VCARD`` block and where it starts."""

    line: int
    text: str
    closed: bool
    properties: list[Property] = field(default_factory=list)
    error: str | None = None


def decode_file(data: bytes, name: str) -> tuple[str, bool]:
    """The text of a vCard file and whether it held legacy 8-bit bytes (not UTF-8)."""
    if len(data) > MAX_FILE_BYTES:
        limit = size_text(MAX_FILE_BYTES)
        raise ValidationError(name, f"the file is larger than the {limit} a vCard file may have")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), False
            except UnicodeDecodeError as error:
                line = data[: error.start].count(b"\n") + 1
                raise ValidationError(f"{name} line {line}", f"not {encoding} text") from None
    if data[:200].count(b"\x00") > 20:  # UTF-16 without a byte-order mark
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "BEGIN" in text.upper():
                return text, False
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("latin-1"), True


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, one at a time (never all of them in a list at once)."""
    start = 0
    for match in _LINE_BREAK.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    yield text[start:]


def split_cards(text: str, name: str) -> list[RawCard]:
    """Cut ``text`` into cards; raises ``ValidationError`` naming the line if none is there."""
    return list(iter_cards(text, name))


def iter_cards(text: str, name: str) -> Iterator[RawCard]:
    """The cards of ``text`` one by one (each may be read and let go before the next)."""
    count = 0
    current: list[str] = []
    start = depth = 0
    first_stray: tuple[int, str] | None = None
    for number, line in enumerate(_lines(text), start=1):
        word = line.strip().upper().replace(" ", "")
        if depth == 0:
            if word == "BEGIN:VCARD":
                depth, start, current = 1, number, [line]
            elif word and first_stray is None:
                first_stray = (number, line)
            continue
        current.append(line)
        if word == "BEGIN:VCARD":
            depth += 1
        elif word == "END:VCARD":
            depth -= 1
            if depth == 0:
                count += 1
                if count > MAX_CARDS:
                    raise ValidationError(name, f"more than {MAX_CARDS} cards in one file")
                yield RawCard(start, "\r\n".join(current) + "\r\n", True)
                current = []
    if depth:
        count += 1
        yield RawCard(start, "\r\n".join(current) + "\r\n", False)
    if not count:
        where, shown = first_stray or (1, "")
        shown = shown[:60] + ("…" if len(shown) > 60 else "")
        raise ValidationError(
            f"{name} line {where}", f"not a vCard file (expected BEGIN:VCARD, found {shown!r})"
        )


def read_properties(card: RawCard, legacy: bool) -> None:
    """Parse the card's lines with vobject into ``card.properties`` (or set ``card.error``)."""
    if not card.closed:
        card.error = f"line {card.line}: the card is not closed (END:VCARD missing)"
        return
    if len(card.text) > MAX_CARD_CHARS:
        card.error = f"line {card.line}: the card is larger than 16 MB"
        return
    try:
        for line, number in getLogicalLines(io.StringIO(card.text), allowQP=True):
            where = card.line + max(int(number or 1), 1) - 1
            if not line.strip():
                continue
            name, params, value, group = parseLine(line, where)
            card.properties.append(_property(name, params, value, where, group, legacy))
    except ParseError as error:
        number = getattr(error, "lineNumber", None) or card.line
        card.error = f"line {number}: this line is not a vCard property"
    except (ValueError, IndexError, TypeError, UnicodeError, RecursionError) as error:
        card.error = f"line {card.line}: cannot read this card ({type(error).__name__})"
    if card.error is None:
        card.properties = card.properties[1:-1]  # BEGIN and END


def _property(
    name: str, params: list[list[str]], value: str, line: int, group: str | None, legacy: bool
) -> Property:
    by_name: dict[str, list[str]] = {}
    for param in params:
        if len(param) == 1:  # vCard 2.1: ``TEL;CELL;PREF`` (or ``PHOTO;BASE64``)
            word = param[0].upper()
            if word in ("BASE64", "B"):
                by_name.setdefault("ENCODING", []).append("B")
            elif word == "QUOTED-PRINTABLE":
                by_name.setdefault("ENCODING", []).append(word)
            else:
                by_name.setdefault("", []).append(param[0])
        else:
            by_name.setdefault(param[0].upper(), []).extend(param[1:])
    return Property(name.upper(), by_name, value, line, group, legacy)
