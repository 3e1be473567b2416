"""Contacts as vCard 3.0 or 4.0 (written with vobject): standard properties for other
address books, plus ``X-SMARTGROWTH-*`` ones so that export → import keeps every field.

A card is made from plain ``CardData`` (wire values, the organization's name, pictures);
which contacts, and their pictures, is ``services/contacts_export.py``'s business."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vobject
from vobject.vcard import Address, Name

from smartgrowth_desktop.core.atomic import atomic_file
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.phones import written_text
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.text import cjk_runs
from smartgrowth_desktop.exchange.vcard_lines_out import Card, UnsafeParameter, escape

VERSIONS = ("3.0", "4.0")
_ADDRESS_PARTS = ("po_box", "extended", "street", "city", "region", "postal_code", "country")
Progress = Callable[[int, int], None]
#: the contact fields ``card_text`` writes in its own way (names, reach, tags)
_WRITTEN_HERE = frozenset(
    {"family_name", "given_name", "organization_id", "phones", "emails"}
    | {"wechat", "zalo", "linkedin", "tags"}
)
#: the others with a vCard property (``core/schema.py``): a text as it is, a list item
#: by item (TITLE, NOTE, LANG, X-SMARTGROWTH-…)
_PLAIN = tuple(
    (f.name, f.vcard.lower())
    for f in KINDS["contact"].fields
    if f.vcard and f.name not in _WRITTEN_HERE
)


@dataclass
class CardData:
    """One contact with what its card shows besides its own fields."""

    values: dict[str, Any]
    organization: str | None = None
    images: list[tuple[str, str, bytes]] = field(default_factory=list)  # role, type, data


def _add(card: Any, name: str, content: Any, /, **params: str | list[str]) -> Any:
    line = card.add(name)
    line.value = content
    for key, param in params.items():
        if not param:
            continue
        line.params[key.upper().replace("_", "-")] = param if isinstance(param, list) else [param]
    return line


def _types(extra: dict[str, Any], key: str, value: str) -> list[str]:
    text = (extra.get(key) or {}).get(value)
    return [t for t in str(text).split(",") if t] if text else []


def _full_name(v: dict[str, Any]) -> str:
    family, given = v.get("family_name") or "", v.get("given_name") or ""
    latin = f"{family} {given}" if v.get("name_order") == "family_first" else f"{given} {family}"
    return str(v.get("native_name") or latin.strip() or v.get("romanized_name") or "")


def card_text(data: CardData, version: str = "3.0") -> str:
    """One contact as a vCard (CRLF line ends, folded as vobject folds): the same text as
    ``vobject_card_text``, some fifty times faster."""
    try:
        return _direct_card_text(data, version == "4.0")
    except UnsafeParameter:  # vobject's own error for a quote in a parameter
        return vobject_card_text(data, version)


def _direct_card_text(data: CardData, four: bool) -> str:
    v = data.values
    extra: dict[str, Any] = v.get("extra") or {}
    card = Card()
    card.add("version", "4.0" if four else "3.0")
    card.add("uid", escape(f"urn:uuid:{v['id']}"))
    family, given = escape(v.get("family_name") or ""), escape(v.get("given_name") or "")
    card.add("n", f"{family};{given};;;")
    card.add("fn", escape(_full_name(v)))
    native = v.get("native_name")
    if native and cjk_runs(str(native)):
        for part, key in (("last", "family_name"), ("first", "given_name")):
            if v.get(key):
                card.add(f"x-phonetic-{part}-name", escape(v[key]))
    if data.organization:
        card.add("org", escape(data.organization))
    for phone in v.get("phones") or []:
        kinds = _types(extra, "phone_types", phone) or ["voice"]
        written = written_text(phone)
        if written is not None:
            params = [("TYPE", kinds), ("X-SMARTGROWTH-AS-WRITTEN", ["1"])]
            if four:
                params.append(("VALUE", ["text"]))
            card.add("tel", escape(written), params)
        elif four:
            card.add("tel", f"tel:{phone}", [("TYPE", kinds), ("VALUE", ["uri"])])
        else:
            card.add("tel", escape(phone), [("TYPE", kinds)])
    for email in v.get("emails") or []:
        kinds = _types(extra, "email_types", email)
        kinds = kinds if four else ["internet", *kinds]
        card.add("email", escape(email), [("TYPE", kinds)] if kinds else [])
    for address in extra.get("addresses") or []:
        if isinstance(address, dict):
            parts = ";".join(escape(str(address.get(k) or "")) for k in _ADDRESS_PARTS)
            kind = address.get("type")
            card.add("adr", parts, [("TYPE", str(kind).split(","))] if kind else [])
    for service, key in (("WeChat", "wechat"), ("Zalo", "zalo")):
        if v.get(key):
            card.add("impp", escape(f"{key}:{v[key]}"), [("X-SERVICE-TYPE", [service])])
            card.add(f"x-{key}", escape(v[key]))
    if v.get("linkedin"):
        card.add("x-socialprofile", escape(v["linkedin"]), [("TYPE", ["linkedin"])])
    if v.get("tags"):
        card.add("categories", ",".join(escape(tag) for tag in v["tags"]))
    for key, name in _PLAIN:
        value = v.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            card.add(name, escape(str(item)))
    for role, media_type, image in data.images:
        encoded = base64.b64encode(image).decode("ascii")
        name = "photo" if role == "photo" else "x-smartgrowth-business-card"
        if four:
            card.add(name, f"data:{media_type};base64,{encoded}", folded=name != "photo")
        else:
            subtype = media_type.split("/")[-1].upper()
            params = [("ENCODING", ["b"]), ("TYPE", [subtype])]
            card.add(name, encoded, params, folded=name != "photo")
    if v.get("updated_at"):
        card.add("rev", escape(str(v["updated_at"]).replace("+00:00", "Z")))
    return card.text()


def vobject_card_text(data: CardData, version: str = "3.0") -> str:
    """One contact as a vCard built and serialized by vobject (the reference of
    ``card_text``, and its way for what it does not write itself)."""
    v, four = data.values, version == "4.0"
    extra: dict[str, Any] = v.get("extra") or {}
    card = vobject.vCard()
    _add(card, "version", version)
    _add(card, "uid", f"urn:uuid:{v['id']}")
    _add(card, "n", Name(family=v.get("family_name") or "", given=v.get("given_name") or ""))
    _add(card, "fn", _full_name(v))
    native = v.get("native_name")
    if native and cjk_runs(str(native)):
        for part, key in (("last", "family_name"), ("first", "given_name")):
            if v.get(key):
                _add(card, f"x-phonetic-{part}-name", v[key])
    if data.organization:
        _add(card, "org", [data.organization])
    for phone in v.get("phones") or []:
        kinds = _types(extra, "phone_types", phone) or ["voice"]
        written = written_text(phone)
        if written is not None:  # as written: text for every app, marked for ours
            marks: dict[str, str | list[str]] = {"x_smartgrowth_as_written": "1"}
            _add(card, "tel", written, type=kinds, value="text" if four else "", **marks)
        elif four:  # a URI: its ";ext=" is not escaped
            _add(card, "tel", f"tel:{phone}", value="uri", type=kinds).encoded = True
        else:
            _add(card, "tel", phone, type=kinds)
    for email in v.get("emails") or []:
        kinds = _types(extra, "email_types", email)
        _add(card, "email", email, type=kinds if four else ["internet", *kinds])
    for address in extra.get("addresses") or []:
        if isinstance(address, dict):
            parts = {k: str(address.get(k) or "") for k in _ADDRESS_PARTS}
            line = _add(card, "adr", Address(
                box=parts["po_box"], extended=parts["extended"], street=parts["street"],
                city=parts["city"], region=parts["region"], code=parts["postal_code"],
                country=parts["country"],
            ))  # fmt: skip
            if address.get("type"):
                line.params["TYPE"] = str(address["type"]).split(",")
    for service, key in (("WeChat", "wechat"), ("Zalo", "zalo")):
        if v.get(key):
            _add(card, "impp", f"{key}:{v[key]}", x_service_type=service)
            _add(card, f"x-{key}", v[key])
    if v.get("linkedin"):
        _add(card, "x-socialprofile", v["linkedin"], type="linkedin")
    if v.get("tags"):
        _add(card, "categories", list(v["tags"]))
    for key, name in _PLAIN:
        value = v.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            _add(card, name, str(item))
    for role, media_type, image in data.images:
        _image(card, role, media_type, image, four)
    if v.get("updated_at"):
        _add(card, "rev", str(v["updated_at"]).replace("+00:00", "Z"))
    text: str = card.serialize()
    return text


def _image(card: Any, role: str, media_type: str, data: bytes, four: bool) -> None:
    name = "photo" if role == "photo" else "x-smartgrowth-business-card"
    encoded = base64.b64encode(data).decode("ascii")
    if four:
        line = _add(card, name, f"data:{media_type};base64,{encoded}")
        line.encoded = True  # a URI: no text escaping of its comma
    else:
        subtype = media_type.split("/")[-1].upper()
        line = _add(card, name, encoded, encoding="b", type=subtype)
        line.encoded = True


def write_vcards(
    cards: Iterable[CardData], path: Path, version: str = "3.0", progress: Progress | None = None
) -> int:
    """Write the cards to ``path`` atomically (UTF-8, CRLF); returns how many."""
    if version not in VERSIONS:
        raise ValidationError("version", f"vCard version must be one of {', '.join(VERSIONS)}")
    items = list(cards)
    try:
        with atomic_file(path, "w", encoding="utf-8", newline="") as handle:
            for done, data in enumerate(items, start=1):
                handle.write(card_text(data, version))
                if progress is not None:
                    progress(done, len(items))
    except OSError as error:
        raise ValidationError(str(path), f"cannot write: {error.strerror}") from error
    return len(items)
