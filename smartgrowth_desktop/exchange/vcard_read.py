"""vCard 2.1, 3.0 and 4.0 cards as contact values (no database: see services/contact_import).

How properties map to contact fields is documented in ``docs/exchange.md``. Cards that
cannot be read are kept with the reason (and its line) so the user sees what was left.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from smartgrowth_desktop.core.bounded_io import TooLarge, read_at_most, size_text
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.fieldtypes import Collection
from smartgrowth_desktop.core.image_header import image_size, too_many_pixels
from smartgrowth_desktop.core.phones import AS_WRITTEN
from smartgrowth_desktop.core.schema import KINDS, OWN_VCARD
from smartgrowth_desktop.core.text import cjk_runs, romanize_name
from smartgrowth_desktop.exchange.vcard_lines import (
    MAX_FILE_BYTES,
    Property,
    RawCard,
    decode_file,
    iter_cards,
    read_properties,
)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
X = OWN_VCARD
#: on a TEL we wrote: the number is kept as written (its country unknown), read it so
AS_WRITTEN_PARAM = X + "AS-WRITTEN"
#: Vietnamese letters that no other Latin-script language in the programme uses
_VIETNAMESE = re.compile("[ăâđêôơưĩũĂÂĐÊÔƠƯĨŨ\u1ea0-\u1ef9]")
_IGNORED = {
    "VERSION",
    "PRODID",
    "REV",
    "KIND",
    "X-ABUID",
    "X-ABLABEL",
    "CLIENTPIDMAP",
    "SOURCE",
}


class CardError(ValueError):
    """A card that cannot become a contact (the message names its line)."""


@dataclass
class CardImage:
    """A picture carried inside a card: a photo or a business-card scan."""

    data: bytes
    media_type: str
    role: str  # "photo" or "business_card"


@dataclass
class CardRead:
    """One card of a file, read into contact values, or rejected with ``error``."""

    file: str
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    organization: str | None = None
    organization_native: str | None = None
    images: list[CardImage] = field(default_factory=list)
    uid: uuid.UUID | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file} line {self.line}"

    @property
    def label(self) -> str:
        """A name to show for the card (even a rejected one)."""
        v = self.values
        latin = " ".join(str(v[k]) for k in ("given_name", "family_name") if v.get(k))
        if v.get("name_order") == "family_first":
            latin = " ".join(str(v[k]) for k in ("family_name", "given_name") if v.get(k))
        native = str(v.get("native_name") or "")
        if native and latin and native != latin:
            return f"{native} ({latin})"
        return native or latin or "(no name)"


def read_vcard_file(path: Path) -> list[CardRead]:
    """Every card of the file at ``path``; ``ValidationError`` if it is no vCard file.

    The bytes are let go once decoded, and each card's text once read: a large file is
    held about twice (its text, and what its cards became), not five times.
    """
    try:
        data = read_at_most(path, MAX_FILE_BYTES)
    except TooLarge as error:
        raise ValidationError(
            str(path), f"the file is too large to import: {error} for a vCard file"
        ) from None
    except OSError as error:
        raise ValidationError(str(path), f"cannot read: {error.strerror}") from error
    text, legacy = decode_file(data, path.name)
    del data
    return _cards(iter_cards(text, path.name), legacy, path.name)


def read_vcards(data: bytes, name: str) -> list[CardRead]:
    """Every card of a vCard file's bytes (``name`` is used in messages)."""
    text, legacy = decode_file(data, name)
    return _cards(iter_cards(text, name), legacy, name)


def _cards(raws: Iterator[RawCard], legacy: bool, name: str) -> list[CardRead]:
    results: list[CardRead] = []
    for raw in raws:
        card = CardRead(name, raw.line)
        read_properties(raw, legacy)
        if raw.error:
            card.error = raw.error
        else:
            try:
                _fill(card, raw.properties)
            except CardError as error:
                card.error = str(error)
            except (ValueError, TypeError, AttributeError, IndexError, UnicodeError) as error:
                card.error = f"line {raw.line}: cannot read this card ({type(error).__name__})"
        raw.text, raw.properties = "", []  # read: its text need not stay
        results.append(card)
    return results


# -- properties to values ---------------------------------------------------------------


def _fill(card: CardRead, props: list[Property]) -> None:
    by_name: dict[str, list[Property]] = {}
    for prop in props:
        by_name.setdefault(prop.name, []).append(prop)
    values = card.values
    _names(card, by_name)
    for name, handler in _HANDLERS.items():
        for prop in by_name.get(name, []):
            handler(card, prop)
    _labelled_messengers(card, props, by_name)
    _plain_fields(card, by_name)
    ignored = sorted(
        n
        for n in by_name
        if n not in _HANDLERS
        and n not in _IGNORED
        and n not in _NAME_PROPS
        and n not in _PLAIN
        and not n.startswith(X)
    )
    if ignored:
        shown = (n if len(n) <= 40 else n[:40] + "…" for n in ignored[:12])
        card.warnings.append(f"not kept: {', '.join(shown)}")
    if not (values.get("family_name") or values.get("given_name") or values.get("native_name")):
        raise CardError(f"line {card.line}: the card has no name (N or FN)")


def _plain_fields(card: CardRead, by_name: dict[str, list[Property]]) -> None:
    """The fields whose vCard property (``core/schema.py``) needs no handler: a text (the
    first such property; ours exact, over what the names implied), a list (every item)."""
    for prop_name, spec in _PLAIN.items():
        found = by_name.get(prop_name)
        if not found:
            continue
        if isinstance(spec.type, Collection):
            card.values.setdefault(spec.name, []).extend(i for p in found for i in p.items())
        else:
            card.values[spec.name] = found[0].plain() or None


def _labelled_messengers(
    card: CardRead, props: list[Property], by_name: dict[str, list[Property]]
) -> None:
    """Apple's custom labels: ``item1.TEL:+84…`` with ``item1.X-ABLabel:Zalo``."""
    labels = {p.group: p.plain().strip().lower() for p in by_name.get("X-ABLABEL", []) if p.group}
    for prop in props:
        label = labels.get(prop.group) if prop.group else None
        if label in ("zalo", "wechat", "weixin") and prop.name in ("TEL", "URL", "IMPP"):
            handle = prop.plain().removeprefix("tel:").strip()
            card.values.setdefault("wechat" if label != "zalo" else "zalo", handle)


_NAME_PROPS = {"N", "FN", "X-PHONETIC-FIRST-NAME", "X-PHONETIC-LAST-NAME", "X-PHONETIC-MIDDLE-NAME"}


def _first(by_name: dict[str, list[Property]], name: str) -> Property | None:
    found = by_name.get(name)
    return found[0] if found else None


def _names(card: CardRead, by_name: dict[str, list[Property]]) -> None:
    """N, FN, phonetic names and SORT-AS to family/given/native/romanized and name order."""
    n, fn_prop = _first(by_name, "N"), _first(by_name, "FN")
    parts = (n.parts() if n else []) + ["", "", ""]
    family, given, middle = parts[0], parts[1], parts[2]
    full = fn_prop.plain() if fn_prop else ""
    phonetic = [
        p.plain() if (p := _first(by_name, f"X-PHONETIC-{part}-NAME")) else ""
        for part in ("LAST", "FIRST")
    ]
    sort_as = (n.param("SORT-AS") or "") if n else ""
    if not any(phonetic) and sort_as:
        phonetic = ([*sort_as.split(","), ""])[:2]
    values = card.values
    in_n = f"{family}{given}{middle}"
    if cjk_runs(in_n) or (not in_n and cjk_runs(full)):
        native = f"{family}{middle}{given}" if in_n else full.replace(" ", "")
        latin_family = phonetic[0] or (romanize_name(family) or "" if family else "")
        latin_given = phonetic[1] or _pinyin_word(given + middle)
        if not in_n:
            latin = [*(romanize_name(native) or "").split(" ", 1), ""]
            latin_family, latin_given = latin_family or latin[0], latin_given or latin[1]
        values.update(family_name=latin_family or None, given_name=latin_given or None)
        values.update(native_name=native, name_order="family_first")
        if any(phonetic):
            values["romanized_name"] = " ".join(p for p in phonetic if p)
        return
    if not in_n and full:  # only FN: "Given Family" (or a Vietnamese full name)
        words = full.split()
        if _VIETNAMESE.search(full):
            family, given = words[0], " ".join(words[1:])
        else:
            family, given = words[-1], " ".join(words[:-1])
    vietnamese = bool(_VIETNAMESE.search(f"{family}{given}{middle}{full}"))
    if middle:
        given = f"{middle} {given}".strip() if vietnamese else f"{given} {middle}".strip()
    values.update(family_name=family or None, given_name=given or None)
    family_first = vietnamese or bool(family and full and full.startswith(family) and given)
    values["name_order"] = "family_first" if family_first else "given_first"
    if cjk_runs(full):
        values["native_name"] = full.replace(" ", "")
    elif vietnamese:
        values["native_name"] = f"{family} {given}".strip()
    if any(phonetic):
        values["romanized_name"] = " ".join(p for p in phonetic if p)


def _pinyin_word(text: str) -> str:
    spoken = romanize_name(text) if text else None
    return (spoken or "").replace(" ", "").capitalize()


def _org(card: CardRead, prop: Property) -> None:
    parts = [p for p in prop.parts() if p]
    if parts and card.organization is None:
        card.organization = parts[0]


def _email(card: CardRead, prop: Property) -> None:
    address = prop.plain().removeprefix("mailto:").strip()
    if address:
        card.values.setdefault("emails", []).append(address)
        _remember_type(card, "email_types", address, prop)


def _tel(card: CardRead, prop: Property) -> None:
    """The text of a TEL as it is (read later, in ``services/contact_import``); ours
    marked as written, or a text that starts like that mark, stays as written."""
    number = prop.plain().removeprefix("tel:").strip()
    if number:
        if prop.param(AS_WRITTEN_PARAM) is not None or number.startswith(AS_WRITTEN):
            number = AS_WRITTEN + number
        card.values.setdefault("phones", []).append(number)
        _remember_type(card, "phone_types", number, prop)


def _remember_type(card: CardRead, key: str, value: str, prop: Property) -> None:
    kinds = [t for t in prop.types if t not in ("internet", "pref", "voice", "x400")]
    if kinds:
        card.values.setdefault("_types", {}).setdefault(key, {})[value] = ",".join(kinds)


def _address_code(card: CardRead, prop: Property) -> None:
    """Apple's ``X-ABADR:vn``: the country of an address, as a code."""
    code = prop.plain().strip()
    if len(code) == 2 and code.isalpha():
        card.values.setdefault("_address_codes", []).append(code.upper())


def _adr(card: CardRead, prop: Property) -> None:
    names = ("po_box", "extended", "street", "city", "region", "postal_code", "country")
    parts = [*prop.parts(), *[""] * 7][:7]
    address = {k: v for k, v in zip(names, parts, strict=True) if v}
    if address:
        kinds = [t for t in prop.types if t != "pref"]
        if kinds:
            address["type"] = ",".join(kinds)
        card.values.setdefault("_addresses", []).append(address)


def _impp(card: CardRead, prop: Property) -> None:
    value = prop.plain().strip()
    scheme, _, handle = value.partition(":")
    service = (prop.param("X-SERVICE-TYPE") or scheme).lower()
    handle = handle if _ else value
    if service in ("wechat", "weixin"):
        card.values.setdefault("wechat", handle)
    elif service == "zalo":
        card.values.setdefault("zalo", handle)
    else:
        card.warnings.append(f"line {prop.line}: messenger {(service or value)[:40]!r} not kept")


def _wechat(card: CardRead, prop: Property) -> None:
    card.values.setdefault("wechat", prop.plain() or None)


def _zalo(card: CardRead, prop: Property) -> None:
    card.values.setdefault("zalo", prop.plain() or None)


def _social(card: CardRead, prop: Property) -> None:
    """Apple's and vCard 4's social profiles: ``X-SOCIALPROFILE;type=wechat;x-user=li:
    x-apple:li`` to WeChat (Zalo likewise); LinkedIn and other web addresses as URL."""
    service = prop.param("X-SERVICE-TYPE") or prop.param("SERVICE-TYPE") or ""
    kinds = [service.lower()] if service else prop.types
    target = next((_MESSENGERS[k] for k in kinds if k in _MESSENGERS), None)
    value = prop.plain().strip()
    user = (prop.param("X-USER") or "").strip()
    if value.lower().startswith("x-apple:"):
        value = unquote(value[len("x-apple:") :]).strip()
        if "linkedin" in kinds and not target:
            value = f"https://www.linkedin.com/in/{user or value}"
    if target is None:
        _web(card, value, kinds, prop.line)
        return
    if not user and "://" in value:
        user = value.rstrip("/").rsplit("/", 1)[-1]
    handle = user or value
    if handle:
        card.values.setdefault(target, handle)


_MESSENGERS = {"wechat": "wechat", "weixin": "wechat", "微信": "wechat", "zalo": "zalo"}


def _url(card: CardRead, prop: Property) -> None:
    _web(card, prop.plain().strip(), prop.types, prop.line)


def _web(card: CardRead, url: str, kinds: list[str], line: int) -> None:
    if "linkedin." in url.lower() or "linkedin" in kinds:
        card.values.setdefault("linkedin", url)
    elif url:
        card.warnings.append(f"line {line}: web address {url[:60]} not kept")


def _note(card: CardRead, prop: Property) -> None:
    text = prop.plain()
    old = card.values.get("notes")
    card.values["notes"] = f"{old}\n\n{text}" if old else text


def _categories(card: CardRead, prop: Property) -> None:
    tags = card.values.setdefault("tags", [])
    tags.extend(t for t in prop.items() if t.lower() not in ("mycontacts", "starred"))


def _uid(card: CardRead, prop: Property) -> None:
    text = prop.plain().strip().removeprefix("urn:uuid:")
    try:
        card.uid = uuid.UUID(text)
    except ValueError:
        return


def _photo(card: CardRead, prop: Property) -> None:
    role = "business_card" if prop.name == X + "BUSINESS-CARD" else "photo"
    image = _image(card, prop, role)
    if image is not None:
        card.images.append(image)


def _image(card: CardRead, prop: Property, role: str) -> CardImage | None:
    value = prop.value.strip()
    encoding = (prop.param("ENCODING") or "").upper()
    kinds = [t for t in prop.types if t not in ("pref",)]
    media = f"image/{kinds[0].lower()}" if kinds and "/" not in kinds[0] else "image/jpeg"
    if (prop.param("MEDIATYPE") or "").startswith("image/"):
        media = str(prop.param("MEDIATYPE"))
    if value.lower().startswith("data:"):
        header, _, value = value.partition(",")
        media = header[5:].split(";")[0] or media
        if ";base64" not in header.lower():
            card.warnings.append(f"line {prop.line}: photo is not base64, not kept")
            return None
    elif encoding not in ("B", "BASE64"):
        card.warnings.append(f"line {prop.line}: photo link {value[:60]!r} not downloaded")
        return None
    if len(value) * 3 // 4 > MAX_PHOTO_BYTES:
        limit = size_text(MAX_PHOTO_BYTES)
        card.warnings.append(f"line {prop.line}: photo larger than {limit}, not kept")
        return None
    lined = Property(prop.name, {}, value, prop.line)
    try:
        data = lined.base64_data()
    except ValueError:
        card.warnings.append(f"line {prop.line}: photo is not valid base64, not kept")
        return None
    if not data:
        return None
    size = image_size(data)
    why = too_many_pixels(size) if size is not None else None
    if why is not None:  # refused before anything decodes it (it would take GBs to draw)
        card.warnings.append(f"line {prop.line}: photo of {why}, not kept")
        return None
    return CardImage(data, media.lower()[:100], role)


_HANDLERS = {
    "ORG": _org,
    "EMAIL": _email,
    "TEL": _tel,
    "ADR": _adr,
    "IMPP": _impp,
    "X-WECHAT": _wechat,
    "X-WEIXIN": _wechat,
    "X-ZALO": _zalo,
    "URL": _url,
    "X-SOCIALPROFILE": _social,
    "SOCIALPROFILE": _social,
    "X-ABADR": _address_code,
    "NOTE": _note,
    "CATEGORIES": _categories,
    "UID": _uid,
    "PHOTO": _photo,
    X + "BUSINESS-CARD": _photo,
}
#: the contact fields read from their property as it is (TITLE, LANG, X-SMARTGROWTH-…)
_PLAIN = {
    f.vcard: f
    for f in KINDS["contact"].fields
    if f.vcard and f.vcard not in _HANDLERS and f.vcard not in _NAME_PROPS
}
